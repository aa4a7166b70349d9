using Zetina.P2P.Encoding;
using Zetina.P2P.Gossipsub;
using Zetina.P2P.Host;

namespace Zetina.P2P.Tests.Security;

/// <summary>A gossipsub peer that subscribes to everything, or stops reading what we send it.</summary>
public class GossipsubPeerFloodTests
{
    /// <summary>An attacker host that accepts our meshsub stream and never reads it, and sends <paramref name="rpcs"/>.</summary>
    private static async Task<Libp2pHost> AttackAsync(GossipNode victim, TaskCompletionSource hold, params Rpc[] rpcs)
    {
        var attacker = await TestHosts.StartAsync();
        foreach (string id in GossipsubProtocol.All) attacker.SetHandler(id, _ => hold.Task);
        await attacker.DialAsync(TestHosts.AddrOf(victim.Host), TestHosts.Ct());
        var s = await attacker.NewStreamAsync(victim.Host.Id, [GossipsubProtocol.Id], TestHosts.Ct());
        foreach (var r in rpcs) await LengthPrefixed.WriteAsync(s, r.Encode(), TestHosts.Ct());
        return attacker;
    }

    [Fact]
    public async Task Gossipsub_PeerSubscribesToThousandTopics_KeptUpToMaxTopicsPerPeer()
    {
        await using var victim = await GossipNode.StartAsync();
        var hold = new TaskCompletionSource();
        var rpc = new Rpc();
        for (int i = 0; i < 1000; i++) rpc.Subscriptions.Add((true, "t" + i));
        rpc.Subscriptions.Add((true, new string('x', victim.Router.Options.MaxTopicLength + 1)));
        await using var attacker = await AttackAsync(victim, hold, rpc);
        int max = victim.Router.Options.MaxTopicsPerPeer;
        await GossipNode.WaitUntilAsync(() => victim.Router.TopicPeers("t" + (max - 1)).Contains(attacker.Id), "attacker's subscriptions applied");
        Assert.Empty(victim.Router.TopicPeers("t" + max));
        Assert.Empty(victim.Router.TopicPeers("t999"));
        Assert.Empty(victim.Router.TopicPeers(new string('x', victim.Router.Options.MaxTopicLength + 1)));
        hold.SetResult();
    }

    [Fact]
    public async Task Gossipsub_PeerStopsReading_QueueCappedAndLaterMessagesDroppedForIt()
    {
        var o = new GossipsubOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100), MaxQueuedBytesPerPeer = 256 * 1024 };
        await using var victim = await GossipNode.StartAsync(o);
        var hold = new TaskCompletionSource();
        var sub = new Rpc();
        sub.Subscriptions.Add((true, "t"));
        await using var attacker = await AttackAsync(victim, hold, sub);
        await GossipNode.WaitUntilAsync(() => victim.Router.TopicPeers("t").Contains(attacker.Id), "attacker subscribed");

        // 400 × 16 KiB = 6.4 MB: more than the stream window, the batch and the queue cap together.
        int dropped = 0;
        for (int i = 0; i < 400; i++)
        {
            if (!victim.Router.Publish("t", new byte[16 * 1024]).Contains(attacker.Id)) dropped++;
            if (i % 50 == 49) await Task.Delay(20); // let the writer fill the window
        }
        Assert.True(dropped > 0, "every message was queued for a peer that reads nothing");

        // The victim still talks to an honest peer.
        await using var honest = await GossipNode.StartAsync();
        honest.Router.Subscribe("t");
        await honest.Host.DialAsync(TestHosts.AddrOf(victim.Host), TestHosts.Ct());
        await GossipNode.WaitUntilAsync(() => victim.Router.TopicPeers("t").Contains(honest.Host.Id), "honest peer subscribed");
        victim.Router.Publish("t", [1, 2, 3]);
        await honest.WaitMessageAsync(m => m.Data.AsSpan().SequenceEqual(new byte[] { 1, 2, 3 }));
        hold.SetResult();
    }
}
