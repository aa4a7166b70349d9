using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using Zetina.P2P.Crypto;
using Zetina.P2P.Host;
using Zetina.P2P.Multistream;
using Zetina.P2P.Noise;
using Zetina.P2P.Yamux;

namespace Zetina.P2P.Tests.Transport;

public class RobustnessTests
{
    private sealed class Logs
    {
        public readonly ConcurrentQueue<string> Lines = new();
        public void Add(string l) => Lines.Enqueue(l);
        public async Task<string> WaitAsync(string fragment)
        {
            var deadline = DateTime.UtcNow + TestHosts.Timeout;
            while (DateTime.UtcNow < deadline)
            {
                foreach (var l in Lines) if (l.Contains(fragment, StringComparison.Ordinal)) return l;
                await Task.Delay(10);
            }
            throw new TimeoutException($"no log line containing '{fragment}'; got: {string.Join(" | ", Lines)}");
        }
    }

    private static async Task<Socket> ConnectRawAsync(Libp2pHost h)
    {
        var (host, port) = h.ListenAddresses[0].ToTcpTarget();
        var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(host, port);
        return s;
    }

    private static async Task<NoiseTransport> RawSecureAsync(Libp2pHost h, Socket s)
    {
        var ns = new NetworkStream(s, ownsSocket: true);
        await MultistreamSelect.SelectAsync(ns, [NoiseProtocol.Id], TestHosts.Ct());
        var r = await NoiseHandshake.RunAsync(ns, PrivateKey.Generate(), true, h.Id, [], TestHosts.Ct());
        await MultistreamSelect.SelectAsync(r.Transport, [YamuxProtocol.Id], TestHosts.Ct());
        return r.Transport;
    }

    private static async Task AssertStillServesAsync(Libp2pHost h)
    {
        await using var probe = await TestHosts.StartAsync();
        await probe.DialAsync(TestHosts.AddrOf(h), TestHosts.Ct());
        Assert.True(await probe.PingAsync(h.Id, TestHosts.Ct()) > TimeSpan.Zero);
    }

    [Fact]
    public async Task GarbageBytes_InsteadOfMultistream_RejectedAndHostStaysUp()
    {
        var logs = new Logs();
        await using var h = await TestHosts.StartAsync(logs.Add);
        using (var s = await ConnectRawAsync(h))
        {
            await s.SendAsync(RandomNumberGenerator.GetBytes(4096));
            var line = await logs.WaitAsync("rejected");
            Assert.Contains("multistream", line);
        }
        Assert.Equal(0, h.ConnectionCount);
        await AssertStillServesAsync(h);
    }

    [Fact]
    public async Task TruncatedNoiseMessage_RejectedWithReason()
    {
        var logs = new Logs();
        await using var h = await TestHosts.StartAsync(logs.Add);
        using (var s = await ConnectRawAsync(h))
        {
            var ns = new NetworkStream(s, ownsSocket: false);
            await MultistreamSelect.SelectAsync(ns, [NoiseProtocol.Id], TestHosts.Ct());
            var frame = new byte[12];
            BinaryPrimitives.WriteUInt16BigEndian(frame, 256);
            await s.SendAsync(frame);
            s.Shutdown(SocketShutdown.Send);
            var line = await logs.WaitAsync("noise handshake");
            Assert.Contains("10 of 256", line);
        }
        await AssertStillServesAsync(h);
    }

    [Fact]
    public async Task OversizedYamuxFrame_ClosesConnectionWithReason()
    {
        var logs = new Logs();
        await using var h = await TestHosts.StartAsync(logs.Add);
        var closed = new TaskCompletionSource<string>();
        h.Disconnected += (_, r) => closed.TrySetResult(r);
        var s = await ConnectRawAsync(h);
        await using var t = await RawSecureAsync(h, s);
        var hdr = new byte[12];
        hdr[1] = 0; // data
        BinaryPrimitives.WriteUInt16BigEndian(hdr.AsSpan(2), 1); // SYN
        BinaryPrimitives.WriteUInt32BigEndian(hdr.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(hdr.AsSpan(8), 100_000_000);
        await t.WriteAsync(hdr);
        string reason = await closed.Task.Bounded();
        Assert.Contains("exceeds", reason);
        await logs.WaitAsync("exceeds");
        Assert.Equal(0, h.ConnectionCount);
        await AssertStillServesAsync(h);
    }

    [Fact]
    public async Task TenThousandStreams_ExcessResetAndResourcesFreed()
    {
        await using var h = await TestHosts.StartAsync(options: new HostOptions
        {
            Yamux = new YamuxOptions { MaxInboundStreams = 256 },
        });
        await using var c = await TestHosts.StartAsync();
        var conn = await c.DialAsync(TestHosts.AddrOf(h), TestHosts.Ct());
        // The dial returns once the client's side is up; the server registers its side a moment later.
        await GossipNode.WaitUntilAsync(() => h.TryGetConnection(c.Id) is not null, "server to register the connection");
        var serverConn = h.TryGetConnection(c.Id)!;
        var streams = new List<YamuxStream>(10_000);
        for (int i = 0; i < 10_000; i++) streams.Add(await conn.Session.OpenStreamAsync(TestHosts.Ct()));
        Assert.True(serverConn.Session.StreamCount <= 256 + 2, $"server holds {serverConn.Session.StreamCount} streams");
        // The host still answers on the same connection once the flood is closed.
        foreach (var s in streams) s.Reset();
        await GossipNode.WaitUntilAsync(() => serverConn.Session.StreamCount <= 1, "server streams to drain");
        Assert.True(await c.PingAsync(h.Id, TestHosts.Ct()) > TimeSpan.Zero);
        Assert.False(serverConn.Session.IsClosed);
    }

    [Fact]
    public async Task PeerVanishesMidStream_ReaderFailsAndConnectionFreed()
    {
        var logs = new Logs();
        await using var h = await TestHosts.StartAsync(logs.Add);
        var handlerError = new TaskCompletionSource<Exception>();
        h.SetHandler("/sink/1", async s =>
        {
            var buf = new byte[65536];
            try
            {
                while (await s.Stream.ReadAsync(buf) > 0) { }
                handlerError.TrySetException(new InvalidOperationException("clean end of stream, expected an abort"));
            }
            catch (P2PException e)
            {
                handlerError.TrySetResult(e);
                throw;
            }
        });
        await using var c = await TestHosts.StartAsync();
        var conn = await c.DialAsync(TestHosts.AddrOf(h), TestHosts.Ct());
        var st = await c.NewStreamAsync(c.TryGetConnection(h.Id)!, ["/sink/1"], TestHosts.Ct());
        await st.WriteAsync(new byte[300_000]);
        conn.Session.Abort("test: vanish");
        var e = await handlerError.Task.Bounded();
        Assert.Equal(P2PErrorKind.Closed, ((P2PException)e).Kind);
        await GossipNode.WaitUntilAsync(() => h.ConnectionCount == 0, "server to drop the connection");
        await logs.WaitAsync("closed:");
        await AssertStillServesAsync(h);
    }

    [Fact]
    public async Task ConnectionLimitPerPeer_ExtraConnectionRefused()
    {
        await using var h = await TestHosts.StartAsync(options: new HostOptions { MaxConnectionsPerPeer = 1 });
        var key = PrivateKey.Generate();
        await using var c1 = await TestHosts.StartAsync(options: new HostOptions { Identity = key });
        await using var c2 = await TestHosts.StartAsync(options: new HostOptions { Identity = key });
        await c1.DialAsync(TestHosts.AddrOf(h), TestHosts.Ct());
        var conn2 = await c2.DialAsync(TestHosts.AddrOf(h), TestHosts.Ct());
        await conn2.Session.Completion.Bounded();
        Assert.Equal(1, h.ConnectionCount);
    }

    [Fact]
    public async Task TotalConnectionLimit_SecondPeerRefusedWithReason()
    {
        var logs = new Logs();
        await using var h = await TestHosts.StartAsync(logs.Add, new HostOptions { MaxConnections = 1 });
        await using var c1 = await TestHosts.StartAsync();
        await using var c2 = await TestHosts.StartAsync();
        await c1.DialAsync(TestHosts.AddrOf(h), TestHosts.Ct());
        await Assert.ThrowsAnyAsync<Exception>(() => c2.DialAsync(TestHosts.AddrOf(h), TestHosts.Ct()));
        await logs.WaitAsync("connection limit 1 reached");
        Assert.Equal(1, h.ConnectionCount);
        Assert.True(await c1.PingAsync(h.Id, TestHosts.Ct()) > TimeSpan.Zero);
    }
}
