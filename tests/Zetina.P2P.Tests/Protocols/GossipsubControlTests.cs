using System.Collections.Concurrent;
using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;
using Zetina.P2P.Gossipsub;
using Zetina.P2P.Host;

namespace Zetina.P2P.Tests.Protocols;

/// <summary>Control-message behaviour of the router, driven by a raw peer that speaks gossipsub frames by hand.</summary>
public class GossipsubControlTests
{
    private sealed class RawPeer : IAsyncDisposable
    {
        public Libp2pHost Host = null!;
        public readonly ConcurrentQueue<Rpc> Received = new();
        public Zetina.P2P.Yamux.YamuxStream Out = null!;

        public static async Task<RawPeer> ConnectAsync(GossipNode target, string protocol = GossipsubProtocol.Id)
        {
            var p = new RawPeer();
            p.Host = await TestHosts.StartAsync();
            p.Host.SetHandler(protocol, async s =>
            {
                while (await LengthPrefixed.ReadAsync(s.Stream, 1 << 20, CancellationToken.None) is { } f) p.Received.Enqueue(Rpc.Decode(f));
            });
            await p.Host.DialAsync(TestHosts.AddrOf(target.Host), TestHosts.Ct());
            p.Out = await p.Host.NewStreamAsync(target.Host.Id, [protocol], TestHosts.Ct());
            return p;
        }

        public Task SendAsync(Rpc r) => LengthPrefixed.WriteAsync(Out, r.Encode(), TestHosts.Ct()).AsTask();

        public async Task<Rpc> WaitAsync(Func<Rpc, bool> match)
        {
            var deadline = DateTime.UtcNow + TestHosts.Timeout;
            while (DateTime.UtcNow < deadline)
            {
                foreach (var r in Received) if (match(r)) return r;
                await Task.Delay(10);
            }
            throw new TimeoutException("expected RPC not received");
        }

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();
    }

    private static PubsubMessage Signed(PrivateKey key, string topic, byte[] data, ulong seq)
    {
        var s = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(s, seq);
        var m = new PubsubMessage(PeerId.FromPublicKey(key.PublicKey).ToBytes(), data, s, topic, null, key.PublicKey.ToProtobuf());
        return m with { Signature = key.Sign([.. "libp2p-pubsub:"u8.ToArray(), .. m.EncodeForSigning()]) };
    }

    [Fact]
    public async Task IHave_UnseenId_AnsweredWithIWant_AndIWantServedFromCache()
    {
        await using var n = await GossipNode.StartAsync();
        n.Router.Subscribe("c");
        await using var raw = await RawPeer.ConnectAsync(n);
        var hello = new Rpc();
        hello.Subscriptions.Add((true, "c"));
        await raw.SendAsync(hello);
        byte[] unseen = [1, 2, 3, 4];
        var ihave = new Rpc();
        ihave.IHave.Add(("c", [unseen]));
        await raw.SendAsync(ihave);
        await raw.WaitAsync(r => r.IWant.Any(id => id.AsSpan().SequenceEqual(unseen)));

        n.Router.Publish("c", [9, 9]);
        var pub = await raw.WaitAsync(r => r.Publish.Count > 0);
        byte[] id = GossipsubRouter.MessageIdOf(pub.Publish[0])!;
        var iwant = new Rpc();
        iwant.IWant.Add(id);
        await raw.SendAsync(iwant);
        await GossipNode.WaitUntilAsync(() => raw.Received.Count(r => r.Publish.Count > 0) >= 2, "IWANT answer");
    }

    [Fact]
    public async Task Graft_UnsubscribedTopic_AnsweredWithPrune_AndGraftDuringBackoffPenalised()
    {
        await using var n = await GossipNode.StartAsync();
        n.Router.Subscribe("g");
        await using var raw = await RawPeer.ConnectAsync(n);
        var graft = new Rpc();
        graft.Graft.Add("other");
        await raw.SendAsync(graft);
        await raw.WaitAsync(r => r.Prune.Any(p => p.Topic == "other" && p.Backoff > 0));

        var prune = new Rpc();
        prune.Subscriptions.Add((true, "g"));
        prune.Prune.Add(("g", 60));
        await raw.SendAsync(prune);
        var g2 = new Rpc();
        g2.Graft.Add("g");
        await raw.SendAsync(g2);
        await raw.WaitAsync(r => r.Prune.Any(p => p.Topic == "g"));
        Assert.True(n.Router.Score(raw.Host.Id) < 0);
        Assert.DoesNotContain(raw.Host.Id, n.Router.MeshPeers("g"));
    }

    [Fact]
    public async Task Publish_BadSignatureOrShortSeqno_RejectedAndNotDelivered()
    {
        await using var n = await GossipNode.StartAsync();
        n.Router.Subscribe("s");
        var reasons = new ConcurrentQueue<GossipRejectReason>();
        n.Router.MessageRejected += (_, r) => reasons.Enqueue(r);
        await using var raw = await RawPeer.ConnectAsync(n);
        var author = PrivateKey.Generate();
        var good = Signed(author, "s", [1], 1);
        var tampered = good with { Data = [2] };
        var shortSeq = good with { Seqno = [1, 2, 3] };
        var wrongKey = Signed(author, "s", [3], 3) with { Key = PrivateKey.Generate().PublicKey.ToProtobuf() };
        var r = new Rpc();
        r.Publish.Add(tampered);
        r.Publish.Add(shortSeq);
        r.Publish.Add(wrongKey);
        r.Publish.Add(good);
        r.Publish.Add(good);
        await raw.SendAsync(r);
        var got = await n.WaitMessageAsync(m => m.Data[0] == 1);
        Assert.Equal(PeerId.FromPublicKey(author.PublicKey), got.From);
        await Task.Delay(200);
        Assert.Single(n.Received);
        Assert.Equal([GossipRejectReason.BadSignature, GossipRejectReason.BadSignature, GossipRejectReason.KeyMismatch], reasons.ToArray());
    }

    [Fact]
    public async Task Publish_NotSubscribedWithoutFlood_UsesFanoutOfTopicPeers()
    {
        await using var a = await GossipNode.StartAsync(new GossipsubOptions { FloodPublish = false, HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        await using var b = await GossipNode.StartAsync();
        b.Router.Subscribe("f");
        await a.Host.DialAsync(TestHosts.AddrOf(b.Host), TestHosts.Ct());
        await GossipNode.WaitUntilAsync(() => a.Router.TopicPeers("f").Length == 1, "subscription");
        Assert.Equal([b.Host.Id], a.Router.Publish("f", [5]));
        await b.WaitMessageAsync(m => m.Data[0] == 5);
        Assert.Empty(a.Received);
    }

    [Fact]
    public async Task Publish_OverMaxMessageSize_ThrowsLimit()
    {
        await using var a = await GossipNode.StartAsync(new GossipsubOptions { MaxMessageSize = 1000 });
        var e = Assert.Throws<P2PException>(() => a.Router.Publish("x", new byte[2000]));
        Assert.Equal(P2PErrorKind.Limit, e.Kind);
    }

    [Fact]
    public async Task LargeMessage_MeshPeerOnV12_GetsIDontWantBeforeTheForward()
    {
        await using var n = await GossipNode.StartAsync(new GossipsubOptions { IDontWantMinDataSize = 1000, HeartbeatInterval = TimeSpan.FromMilliseconds(100) });
        n.Router.Subscribe("big");
        await using var v12 = await RawPeer.ConnectAsync(n, GossipsubProtocol.IdV12);
        await using var src = await RawPeer.ConnectAsync(n);
        var join = new Rpc();
        join.Subscriptions.Add((true, "big"));
        join.Graft.Add("big");
        await v12.SendAsync(join);
        await src.SendAsync(join);
        await GossipNode.WaitUntilAsync(() => n.Router.MeshPeers("big").Length == 2, "both raw peers in the mesh");

        var m = Signed(PrivateKey.Generate(), "big", new byte[2000], 1);
        var r = new Rpc();
        r.Publish.Add(m);
        await src.SendAsync(r);
        byte[] id = GossipsubRouter.MessageIdOf(m)!;
        await v12.WaitAsync(x => x.Publish.Count > 0);
        var seen = v12.Received.ToList();
        int dontWantAt = seen.FindIndex(x => x.IDontWant.Any(d => d.AsSpan().SequenceEqual(id)));
        Assert.InRange(dontWantAt, 0, seen.FindIndex(x => x.Publish.Count > 0) - 1);
        Assert.DoesNotContain(src.Received, x => x.IDontWant.Count > 0);
    }
}
