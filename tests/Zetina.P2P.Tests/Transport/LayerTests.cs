using System.Buffers.Binary;
using System.Threading.Channels;
using Zetina.P2P.Crypto;
using Zetina.P2P.Multistream;
using Zetina.P2P.Noise;
using Zetina.P2P.Yamux;

namespace Zetina.P2P.Tests.Transport;

public class MultistreamTests
{
    [Fact]
    public async Task Select_FirstRefused_SecondAcceptedAfterNa()
    {
        var (a, b) = await SocketPair.CreateAsync();
        await using (a)
        await using (b)
        {
            var listener = MultistreamSelect.HandleAsync(b, ["/two/1"], TestHosts.Ct());
            Assert.Equal("/two/1", await MultistreamSelect.SelectAsync(a, ["/one/1", "/two/1"], TestHosts.Ct()).Bounded());
            Assert.Equal("/two/1", await listener.Bounded());
        }
    }

    [Fact]
    public async Task Handle_Ls_ListsSupportedProtocols()
    {
        var (a, b) = await SocketPair.CreateAsync();
        await using (a)
        await using (b)
        {
            var listener = MultistreamSelect.HandleAsync(b, ["/x/1", "/y/1"], TestHosts.Ct());
            // header + ls in one write, as a dialer would.
            byte[] hello = [19, .. "/multistream/1.0.0\n"u8.ToArray(), 3, .. "ls\n"u8.ToArray()];
            await a.WriteAsync(hello);
            Assert.Equal(MultistreamSelect.Id, await MultistreamSelect.ReadLineAsync(a, TestHosts.Ct()));
            ulong outer = await Zetina.P2P.Encoding.Varint.ReadAsync(a, TestHosts.Ct());
            var body = new byte[outer];
            await MultistreamSelect.ReadExactAsync(a, body, TestHosts.Ct());
            string text = System.Text.Encoding.UTF8.GetString(body);
            Assert.Contains("/x/1\n", text);
            Assert.Contains("/y/1\n", text);
            a.Close();
            await Assert.ThrowsAsync<P2PException>(() => listener);
        }
    }

    [Fact]
    public async Task ReadLine_OverlongLine_RejectedAsNegotiationError()
    {
        var (a, b) = await SocketPair.CreateAsync();
        await using (a)
        await using (b)
        {
            await a.WriteAsync(Zetina.P2P.Encoding.Varint.Encode(5000));
            var e = await Assert.ThrowsAsync<P2PException>(() => MultistreamSelect.ReadLineAsync(b, TestHosts.Ct()).AsTask());
            Assert.Equal(P2PErrorKind.Negotiation, e.Kind);
            Assert.Contains("5000", e.Message);
        }
    }
}

public class NoiseTests
{
    private static async Task<(NoiseResult I, NoiseResult R, PrivateKey KI, PrivateKey KR)> HandshakeAsync(KeyType type)
    {
        var (a, b) = await SocketPair.CreateAsync();
        var ki = PrivateKey.Generate(type);
        var kr = PrivateKey.Generate(type);
        var resp = NoiseHandshake.RunAsync(b, kr, false, null, [], TestHosts.Ct());
        var init = await NoiseHandshake.RunAsync(a, ki, true, PeerId.FromPublicKey(kr.PublicKey), ["/yamux/1.0.0"], TestHosts.Ct()).Bounded();
        return (init, await resp.Bounded(), ki, kr);
    }

    [Theory]
    [InlineData(KeyType.Ed25519)]
    [InlineData(KeyType.Secp256k1)]
    public async Task Handshake_BothRoles_AuthenticateAndCarryData(KeyType type)
    {
        var (i, r, ki, kr) = await HandshakeAsync(type);
        await using (i.Transport)
        await using (r.Transport)
        {
            Assert.Equal(PeerId.FromPublicKey(kr.PublicKey), i.RemotePeer);
            Assert.Equal(PeerId.FromPublicKey(ki.PublicKey), r.RemotePeer);
            Assert.Equal(["/yamux/1.0.0"], r.RemoteStreamMuxers);
            var big = new byte[200_000];
            Random.Shared.NextBytes(big);
            var write = i.Transport.WriteAsync(big).AsTask();
            var got = new byte[big.Length];
            await MultistreamSelect.ReadExactAsync(r.Transport, got, TestHosts.Ct());
            await write.Bounded();
            Assert.Equal(big, got);
        }
    }

    [Fact]
    public async Task Transport_TamperedCiphertext_RejectedAsDecryptionError()
    {
        var (a, b) = await SocketPair.CreateAsync();
        var kr = PrivateKey.Generate();
        var resp = NoiseHandshake.RunAsync(b, kr, false, null, [], TestHosts.Ct());
        // The initiator side runs over a stream we can tamper with after the handshake.
        var init = await NoiseHandshake.RunAsync(a, PrivateKey.Generate(), true, null, [], TestHosts.Ct()).Bounded();
        var r = await resp.Bounded();
        await using (init.Transport)
        await using (r.Transport)
        {
            var frame = new byte[2 + 5 + 16];
            BinaryPrimitives.WriteUInt16BigEndian(frame, 21);
            frame[5] = 0xff;
            await a.WriteAsync(frame);
            var e = await Assert.ThrowsAsync<P2PException>(() => r.Transport.ReadAsync(new byte[100]).AsTask());
            Assert.Equal(P2PErrorKind.Decryption, e.Kind);
        }
    }
}

public class YamuxTests
{
    private static async Task<(YamuxSession Client, YamuxSession Server, Channel<YamuxStream> Accepted)> PairAsync(YamuxOptions? o = null)
    {
        var (a, b) = await SocketPair.CreateAsync();
        var accepted = Channel.CreateUnbounded<YamuxStream>();
        var c = new YamuxSession(a, true, o ?? new YamuxOptions(), _ => Task.CompletedTask);
        var s = new YamuxSession(b, false, o ?? new YamuxOptions(), st => accepted.Writer.WriteAsync(st).AsTask());
        c.Start();
        s.Start();
        return (c, s, accepted);
    }

    [Fact]
    public async Task HalfClose_ClientFin_ServerReadsToEndThenReplies()
    {
        var (c, s, acc) = await PairAsync();
        await using (c)
        await using (s)
        {
            var cs = await c.OpenStreamAsync(TestHosts.Ct());
            Assert.Equal(1u, cs.Id);
            await cs.WriteAsync(new byte[] { 1, 2, 3 });
            await cs.CloseWriteAsync();
            var ss = await acc.Reader.ReadAsync(TestHosts.Ct());
            var ms = new MemoryStream();
            await ss.CopyToAsync(ms).Bounded();
            Assert.Equal([1, 2, 3], ms.ToArray());
            await ss.WriteAsync(new byte[] { 4 });
            await ss.CloseWriteAsync();
            var back = new MemoryStream();
            await cs.CopyToAsync(back).Bounded();
            Assert.Equal([4], back.ToArray());
            await GossipNode.WaitUntilAsync(() => c.StreamCount == 0 && s.StreamCount == 0, "both sides to forget the stream");
        }
    }

    [Fact]
    public async Task Reset_ByClient_ServerReadFailsWithClosed()
    {
        var (c, s, acc) = await PairAsync();
        await using (c)
        await using (s)
        {
            var cs = await c.OpenStreamAsync(TestHosts.Ct());
            await cs.WriteAsync(new byte[] { 1 });
            var ss = await acc.Reader.ReadAsync(TestHosts.Ct());
            Assert.Equal(1, await ss.ReadAsync(new byte[10]));
            cs.Reset();
            var e = await Assert.ThrowsAsync<P2PException>(() => ss.ReadAsync(new byte[10]).AsTask().WaitAsync(TestHosts.Timeout));
            Assert.Contains("reset by the remote", e.Message);
        }
    }

    [Fact]
    public async Task Ping_RoundTrip_Completes()
    {
        var (c, s, _) = await PairAsync();
        await using (c)
        await using (s)
            Assert.True(await c.PingAsync(TestHosts.Ct()) > TimeSpan.Zero);
    }

    [Fact]
    public async Task GoAway_FromClient_ServerClosesWithReason()
    {
        var (c, s, _) = await PairAsync();
        await using (s)
        {
            await c.CloseAsync();
            await s.Completion.Bounded();
            Assert.Contains("go-away", s.CloseReason);
        }
    }

    [Fact]
    public async Task Window_SmallReceiveWindow_LargeTransferFlowsThroughUpdates()
    {
        var (c, s, acc) = await PairAsync(new YamuxOptions { ReceiveWindow = 256 * 1024 });
        await using (c)
        await using (s)
        {
            var cs = await c.OpenStreamAsync(TestHosts.Ct());
            var data = new byte[3_000_000];
            Random.Shared.NextBytes(data);
            var writer = Task.Run(async () => { await cs.WriteAsync(data); await cs.CloseWriteAsync(); });
            var ss = await acc.Reader.ReadAsync(TestHosts.Ct());
            var ms = new MemoryStream();
            await ss.CopyToAsync(ms).Bounded();
            await writer.Bounded();
            Assert.Equal(data, ms.ToArray());
        }
    }

    [Fact]
    public async Task WindowOverrun_RawPeer_SessionClosedAsProtocolError()
    {
        var (a, b) = await SocketPair.CreateAsync();
        await using var s = new YamuxSession(b, false, new YamuxOptions { ReceiveWindow = 256 * 1024 }, _ => Task.CompletedTask);
        s.Start();
        var hdr = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(hdr.AsSpan(2), 1); // SYN on a data frame
        BinaryPrimitives.WriteUInt32BigEndian(hdr.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(hdr.AsSpan(8), 300 * 1024);
        await a.WriteAsync(hdr);
        await a.WriteAsync(new byte[300 * 1024]);
        await s.Completion.Bounded();
        Assert.Contains("beyond its receive window", s.CloseReason);
        // Among the frames the session sent (its initial ping, the SYN's ACK) is GoAway(protocol error = 1).
        var frame = new byte[12];
        uint? goAway = null;
        for (int i = 0; i < 5 && goAway is null; i++)
        {
            await MultistreamSelect.ReadExactAsync(a, frame, TestHosts.Ct());
            if (frame[1] == 3) goAway = BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(8));
        }
        Assert.Equal(1u, goAway);
        await a.DisposeAsync();
    }
}
