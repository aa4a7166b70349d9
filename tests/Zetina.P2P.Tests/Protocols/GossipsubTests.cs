using Zetina.P2P.Crypto;
using Zetina.P2P.Gossipsub;

namespace Zetina.P2P.Tests.Protocols;

public class GossipsubTests
{
    [Fact]
    public async Task Publish_ThreeCSharpNodesInALine_CrossesMiddleOnce()
    {
        await using var a = await GossipNode.StartAsync();
        await using var b = await GossipNode.StartAsync();
        await using var c = await GossipNode.StartAsync();
        foreach (var n in new[] { a, b, c }) n.Router.Subscribe("t");
        await a.Host.DialAsync(TestHosts.AddrOf(b.Host), TestHosts.Ct());
        await c.Host.DialAsync(TestHosts.AddrOf(b.Host), TestHosts.Ct());
        await GossipNode.WaitUntilAsync(() => b.Router.MeshPeers("t").Length == 2 && a.Router.MeshPeers("t").Length == 1 && c.Router.MeshPeers("t").Length == 1, "meshes");

        var sent = a.Router.Publish("t", "hello"u8.ToArray());
        Assert.Equal([b.Host.Id], sent);
        var got = await c.WaitMessageAsync(m => m.Data.AsSpan().SequenceEqual("hello"u8));
        Assert.Equal(a.Host.Id, got.From);
        Assert.Equal(b.Host.Id, got.ReceivedFrom);
        Assert.Equal(44, got.MessageId.Length);
        await Task.Delay(300);
        Assert.Single(c.Received);
        Assert.Single(b.Received);
        Assert.Empty(a.Received);
    }

    [Fact]
    public async Task Validator_Rejects_MessageDroppedAndSenderPenalised()
    {
        await using var a = await GossipNode.StartAsync();
        await using var b = await GossipNode.StartAsync();
        a.Router.Subscribe("t");
        b.Router.Subscribe("t");
        b.Router.SetValidator("t", m => m.Data.Length > 0 && m.Data[0] == 1 ? ValidationResult.Reject : ValidationResult.Accept);
        var rejected = new List<GossipRejectReason>();
        b.Router.MessageRejected += (_, r) => { lock (rejected) rejected.Add(r); };
        await a.Host.DialAsync(TestHosts.AddrOf(b.Host), TestHosts.Ct());
        await GossipNode.WaitUntilAsync(() => a.Router.TopicPeers("t").Length == 1, "subscription");
        a.Router.Publish("t", [1, 2]);
        a.Router.Publish("t", [2, 2]);
        await b.WaitMessageAsync(m => m.Data[0] == 2);
        Assert.DoesNotContain(b.Received, m => m.Data[0] == 1);
        lock (rejected) Assert.Equal([GossipRejectReason.ValidatorRejected], rejected);
    }

    [Fact]
    public void Rpc_SignedMessage_RoundTripsAndVerifies()
    {
        var key = PrivateKey.Generate();
        var from = PeerId.FromPublicKey(key.PublicKey).ToBytes();
        var m = new PubsubMessage(from, [1, 2, 3], [0, 0, 0, 0, 0, 0, 0, 7], "topic", null, key.PublicKey.ToProtobuf());
        byte[] sig = key.Sign([.. "libp2p-pubsub:"u8.ToArray(), .. m.EncodeForSigning()]);
        var rpc = new Rpc();
        rpc.Publish.Add(m with { Signature = sig });
        rpc.Subscriptions.Add((true, "topic"));
        rpc.Graft.Add("topic");
        rpc.Prune.Add(("topic", 60));
        rpc.IHave.Add(("topic", [[9, 9]]));
        rpc.IWant.Add([8]);
        var back = Rpc.Decode(rpc.Encode());
        Assert.Equal(sig, back.Publish[0].Signature);
        Assert.Equal(m.EncodeForSigning(), back.Publish[0].EncodeForSigning());
        Assert.Equal([.. key.PublicKey.ToProtobuf(), 0, 0, 0, 0, 0, 0, 0, 7], GossipsubRouter.MessageIdOf(back.Publish[0]));
        Assert.Equal(("topic", 60UL), back.Prune[0]);
        Assert.Equal("topic", back.Graft[0]);
        Assert.Equal([9, 9], back.IHave[0].Ids[0]);
    }
}
