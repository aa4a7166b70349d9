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

        var jsIdentify = await js.WaitEventAsync(e => (string?)e["event"] == "peer:identify" && (string?)e["peerId"] == h.Id.ToString(), TestHosts.Timeout);
        Assert.Contains(h.ListenAddresses[0].ToString(), jsIdentify["listenAddrs"]!.AsArray().Select(x => ((string)x!).Split("/p2p/")[0]));
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

public class JsSecp256k1Tests
{
    [Fact]
    public async Task Secp256k1OnBothSides_HandshakeIdentifyAndGossipSignaturesVerify()
    {
        await using var js = await JsPeer.StartAsync("--key-type", "secp256k1", "--topics", "k1", "--heartbeat-ms", "100");
        Assert.StartsWith("16Uiu2", js.PeerId);
        var key = Zetina.P2P.Crypto.PrivateKey.Generate(Zetina.P2P.Crypto.KeyType.Secp256k1);
        await using var n = await GossipNodeWithKey(key);
        n.Router.Subscribe("k1");
        var conn = await n.Host.DialAsync(Multiaddr.Parse(js.Addr), TestHosts.Ct());
        Assert.NotNull(await conn.Identified.Bounded());
        await js.WaitEventAsync(e => (string?)e["event"] == "peer:identify" && (string?)e["peerId"] == n.Host.Id.ToString(), TestHosts.Timeout);
        await GossipNode.WaitUntilAsync(() => n.Router.TopicPeers("k1").Length == 1, "js subscription");
        await js.WaitEventAsync(e => (string?)e["event"] == "subscription-change" && (string?)e["peerId"] == n.Host.Id.ToString(), TestHosts.Timeout);

        n.Router.Publish("k1", [0x42]);
        var ev = await js.WaitEventAsync(e => (string?)e["event"] == "message" && (string?)e["dataHex"] == "42", TestHosts.Timeout);
        Assert.Equal(n.Host.Id.ToString(), (string?)ev["from"]);
        await js.OkAsync(new JsonObject { ["cmd"] = "publish", ["topic"] = "k1", ["dataHex"] = "43" });
        var got = await n.WaitMessageAsync(m => m.Data[0] == 0x43);
        Assert.Equal(js.PeerId, got.From.ToString());
    }

    private static async Task<GossipNode> GossipNodeWithKey(Zetina.P2P.Crypto.PrivateKey key) =>
        await GossipNode.StartAsync(identity: key);
}
