using System.Text.Json.Nodes;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Tests.Interop;

public class JsTransportTests
{
    [Fact]
    public async Task CSharpDialsJs_HandshakeIdentifyAndPingBothWays()
    {
        await using var js = await JsPeer.StartAsync();
        await using var h = await TestHosts.StartAsync();
        var conn = await h.DialAsync(Multiaddr.Parse(js.Addr), TestHosts.Ct());
        Assert.Equal(js.PeerId, conn.RemotePeer.ToString());

        var id = await conn.Identified.Bounded();
        Assert.NotNull(id);
        Assert.Contains("/ipfs/ping/1.0.0", id!.Protocols);
        Assert.Contains(Multiaddr.Parse(js.Addr).WithoutPeerId(), id.ListenAddrs);

        var jsIdentify = await js.WaitEventAsync(e => (string?)e["event"] == "peer:identify" && (string?)e["peerId"] == h.Id.ToString(), TestHosts.Timeout);
        Assert.Contains(h.ListenAddresses[0].ToString(), jsIdentify["listenAddrs"]!.AsArray().Select(x => ((string)x!).Split("/p2p/")[0]));
        Assert.True((bool)jsIdentify["signedPeerRecord"]!);

        Assert.True(await h.PingAsync(conn.RemotePeer, TestHosts.Ct()) > TimeSpan.Zero);
        var r = await js.OkAsync(new JsonObject { ["cmd"] = "ping", ["peer"] = h.Id.ToString() });
        Assert.True((double)r["rttMs"]! >= 0);
    }

    [Fact]
    public async Task JsDialsCSharp_HandshakeIdentifyAndPingBothWays()
    {
        await using var h = await TestHosts.StartAsync();
        await using var js = await JsPeer.StartAsync();
        var r = await js.OkAsync(new JsonObject { ["cmd"] = "dial", ["addr"] = TestHosts.AddrOf(h).ToString() });
        Assert.Equal(h.Id.ToString(), (string?)r["peerId"]);
        Assert.Equal("/noise", (string?)r["encryption"]);
        Assert.Equal("/yamux/1.0.0", (string?)r["multiplexer"]);

        await js.WaitEventAsync(e => (string?)e["event"] == "peer:identify" && (string?)e["peerId"] == h.Id.ToString(), TestHosts.Timeout);
        var p = await js.OkAsync(new JsonObject { ["cmd"] = "ping", ["peer"] = TestHosts.AddrOf(h).ToString() });
        Assert.True((double)p["rttMs"]! >= 0);

        var jsId = Zetina.P2P.Crypto.PeerId.Parse(js.PeerId);
        var conn = h.TryGetConnection(jsId);
        Assert.NotNull(conn);
        Assert.False(conn!.IsOutbound);
        var id = await conn.Identified.Bounded();
        Assert.NotNull(id);
        Assert.True(await h.PingAsync(jsId, TestHosts.Ct()) > TimeSpan.Zero);
    }
}
