using Zetina.P2P.Host;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Tests;

/// <summary>Loopback hosts for tests; every await is bounded by <see cref="Timeout"/>.</summary>
internal static class TestHosts
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static async Task<Libp2pHost> StartAsync(Action<string>? log = null, HostOptions? options = null)
    {
        var o = options ?? new HostOptions();
        var h = new Libp2pHost(new HostOptions
        {
            Identity = o.Identity,
            ListenAddresses = [Multiaddr.Parse("/ip4/127.0.0.1/tcp/0")],
            Yamux = o.Yamux,
            MaxConnections = o.MaxConnections,
            MaxConnectionsPerPeer = o.MaxConnectionsPerPeer,
            HandshakeTimeout = o.HandshakeTimeout,
            Log = log ?? o.Log,
        });
        await h.StartAsync();
        return h;
    }

    public static Multiaddr AddrOf(Libp2pHost h) => h.ListenAddresses[0].WithPeerId(h.Id);

    public static CancellationToken Ct() => new CancellationTokenSource(Timeout).Token;

    public static async Task<T> Bounded<T>(this Task<T> t) => await t.WaitAsync(Timeout);

    public static async Task Bounded(this Task t) => await t.WaitAsync(Timeout);
}
