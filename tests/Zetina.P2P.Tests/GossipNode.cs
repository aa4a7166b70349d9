using System.Collections.Concurrent;
using Zetina.P2P.Gossipsub;
using Zetina.P2P.Host;

namespace Zetina.P2P.Tests;

/// <summary>A test host with a gossipsub router (100 ms heartbeat) that records delivered messages.</summary>
internal sealed class GossipNode : IAsyncDisposable
{
    public Libp2pHost Host { get; }
    public GossipsubRouter Router { get; }
    public ConcurrentQueue<GossipMessage> Received { get; } = new();

    private GossipNode(Libp2pHost h, GossipsubRouter r)
    {
        Host = h;
        Router = r;
        r.MessageReceived += Received.Enqueue;
    }

    public static async Task<GossipNode> StartAsync(GossipsubOptions? o = null, Zetina.P2P.Crypto.PrivateKey? identity = null)
    {
        var h = await TestHosts.StartAsync(options: identity is null ? null : new HostOptions { Identity = identity });
        return new GossipNode(h, new GossipsubRouter(h, o ?? new GossipsubOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(100) }));
    }

    public async Task<GossipMessage> WaitMessageAsync(Func<GossipMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TestHosts.Timeout);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var m in Received) if (match(m)) return m;
            await Task.Delay(10);
        }
        throw new TimeoutException("expected gossip message not received");
    }

    public static async Task WaitUntilAsync(Func<bool> cond, string what)
    {
        var deadline = DateTime.UtcNow + TestHosts.Timeout;
        while (!cond())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("timed out waiting for " + what);
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Router.DisposeAsync();
        await Host.DisposeAsync();
    }
}
