using Zetina.P2P.Gossipsub;
using Zetina.P2P.Host;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Tests.Protocols;

public class P2PNodeTests
{
    private static Task<P2PNode> StartAsync() => P2PNode.StartAsync(new P2PNodeOptions
    {
        Host = new HostOptions { ListenAddresses = [Multiaddr.Parse("/ip4/127.0.0.1/tcp/0")] },
        Gossipsub = new GossipsubOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100) },
    });

    [Fact]
    public async Task Node_PublishSubscribePutGet_AcrossTwoNodesConcurrently()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var connected = new TaskCompletionSource<Zetina.P2P.Crypto.PeerId>();
        b.PeerConnected += (p, _) => connected.TrySetResult(p);
        var got = new TaskCompletionSource<GossipMessage>();
        b.MessageReceived += m => got.TrySetResult(m);
        b.Subscribe("jobs", m => m.Data.Length <= 4 ? ValidationResult.Accept : ValidationResult.Reject);
        await a.DialAsync(b.ListenAddresses[0], TestHosts.Ct());
        Assert.Equal(a.Id, await connected.Task.Bounded());

        var sent = await a.PublishAsync("jobs", new byte[] { 1, 2 }, waitForPeer: true, TestHosts.Ct()).Bounded();
        Assert.Equal([b.Id], sent);
        Assert.Equal([1, 2], (await got.Task.Bounded()).Data);

        // Many tasks at once: puts from both sides, then gets of every key from the other side.
        var puts = new List<Task>();
        for (int i = 0; i < 16; i++)
        {
            var node = i % 2 == 0 ? a : b;
            byte[] key = System.Text.Encoding.UTF8.GetBytes($"/v/k{i}");
            puts.Add(node.PutAsync(key, [(byte)i], TestHosts.Ct()));
        }
        await Task.WhenAll(puts).Bounded();
        for (int i = 0; i < 16; i++)
        {
            var other = i % 2 == 0 ? b : a;
            Assert.Equal([(byte)i], (await other.GetAsync(System.Text.Encoding.UTF8.GetBytes($"/v/k{i}"), 1, TestHosts.Ct()))!);
        }
    }

    [Fact]
    public async Task Publish_Cancelled_ThrowsOperationCanceled()
    {
        await using var a = await StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a.PublishAsync("nobody", new byte[] { 1 }, waitForPeer: true, cts.Token));
    }
}
