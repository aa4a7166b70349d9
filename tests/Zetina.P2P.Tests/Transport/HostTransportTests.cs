using System.Security.Cryptography;
using Zetina.P2P.Crypto;
using Zetina.P2P.Host;

namespace Zetina.P2P.Tests.Transport;

public class HostTransportTests
{
    [Fact]
    public async Task Dial_TwoCSharpHosts_AuthenticateIdentifyAndPing()
    {
        await using var a = await TestHosts.StartAsync();
        await using var b = await TestHosts.StartAsync();
        var conn = await a.DialAsync(TestHosts.AddrOf(b), TestHosts.Ct());
        Assert.Equal(b.Id, conn.RemotePeer);
        var id = await conn.Identified.Bounded();
        Assert.NotNull(id);
        Assert.Contains("/ipfs/ping/1.0.0", id!.Protocols);
        Assert.Contains(b.ListenAddresses[0], id.ListenAddrs);
        var rtt = await a.PingAsync(b.Id, TestHosts.Ct());
        Assert.True(rtt > TimeSpan.Zero);
        Assert.True(await conn.Session.PingAsync(TestHosts.Ct()) > TimeSpan.Zero);
    }

    [Fact]
    public async Task Dial_WrongExpectedPeer_FailsHandshake()
    {
        await using var a = await TestHosts.StartAsync();
        await using var b = await TestHosts.StartAsync();
        var wrong = b.ListenAddresses[0].WithPeerId(PeerId.FromPublicKey(PrivateKey.Generate().PublicKey));
        var e = await Assert.ThrowsAsync<P2PException>(() => a.DialAsync(wrong, TestHosts.Ct()));
        Assert.Equal(P2PErrorKind.Handshake, e.Kind);
        Assert.Contains("expected peer", e.Message);
    }

    [Fact]
    public async Task Stream_EightMegabytes_ArriveIntactBothWays()
    {
        await using var a = await TestHosts.StartAsync();
        await using var b = await TestHosts.StartAsync();
        b.SetHandler("/echo/1", async s =>
        {
            var buf = new byte[100_000];
            int n;
            while ((n = await s.Stream.ReadAsync(buf)) > 0) await s.Stream.WriteAsync(buf.AsMemory(0, n));
        });
        await a.DialAsync(TestHosts.AddrOf(b), TestHosts.Ct());
        var s = await a.NewStreamAsync(b.Id, ["/nope/1", "/echo/1"], TestHosts.Ct());
        Assert.Equal("/echo/1", s.Protocol);
        byte[] data = RandomNumberGenerator.GetBytes(8 << 20);
        var writer = Task.Run(async () =>
        {
            await s.WriteAsync(data);
            await s.CloseWriteAsync();
        });
        var got = new MemoryStream();
        await s.CopyToAsync(got).Bounded();
        await writer.Bounded();
        Assert.Equal(data.Length, got.Length);
        Assert.True(data.AsSpan().SequenceEqual(got.ToArray()));
    }

    [Fact]
    public async Task NewStream_UnsupportedProtocol_ThrowsNegotiation()
    {
        await using var a = await TestHosts.StartAsync();
        await using var b = await TestHosts.StartAsync();
        await a.DialAsync(TestHosts.AddrOf(b), TestHosts.Ct());
        var e = await Assert.ThrowsAsync<P2PException>(() => a.NewStreamAsync(b.Id, ["/x/1", "/y/1"], TestHosts.Ct()));
        Assert.Equal(P2PErrorKind.Negotiation, e.Kind);
    }
}

public class IdentifyPushTests
{
    [Fact]
    public async Task PushIdentify_NewProtocol_RemoteSeesUpdatedList()
    {
        await using var a = await TestHosts.StartAsync();
        await using var b = await TestHosts.StartAsync();
        var conn = await a.DialAsync(TestHosts.AddrOf(b), TestHosts.Ct());
        await conn.Identified.Bounded();
        await GossipNode.WaitUntilAsync(() => b.TryGetConnection(a.Id) is not null, "b to register the connection");
        var atB = b.TryGetConnection(a.Id)!;
        await atB.Identified.Bounded();
        Assert.DoesNotContain("/new/1.0.0", atB.Identify!.Protocols);
        a.SetHandler("/new/1.0.0", _ => Task.CompletedTask);
        Assert.Equal(1, await a.PushIdentifyAsync(TestHosts.Ct()));
        await GossipNode.WaitUntilAsync(() => atB.Supports("/new/1.0.0"), "pushed protocol list");
    }
}
