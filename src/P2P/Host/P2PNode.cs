using Zetina.P2P.Crypto;
using Zetina.P2P.Gossipsub;
using Zetina.P2P.Kademlia;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Host;

/// <summary>
/// The API the Zetina node uses: one host with gossipsub and a Kademlia DHT. Every method is async where it touches
/// the network, takes a cancellation token, and is safe to call from many tasks.
/// </summary>
public sealed class P2PNode : IAsyncDisposable
{
    private P2PNode(Libp2pHost host, GossipsubRouter pubsub, KadDht dht)
    {
        Host = host;
        Pubsub = pubsub;
        Dht = dht;
        host.Connected += c => PeerConnected?.Invoke(c.RemotePeer, c.RemoteAddress);
        host.Disconnected += (c, reason) => PeerDisconnected?.Invoke(c.RemotePeer, reason);
        pubsub.MessageReceived += m => MessageReceived?.Invoke(m);
    }

    /// <summary>Creates the node and starts listening.</summary>
    public static async Task<P2PNode> StartAsync(P2PNodeOptions options, CancellationToken ct = default)
    {
        var host = new Libp2pHost(options.Host);
        var node = new P2PNode(host, new GossipsubRouter(host, options.Gossipsub), new KadDht(host, options.Kad));
        await host.StartAsync(ct).ConfigureAwait(false);
        return node;
    }

    /// <summary>The transport host.</summary>
    public Libp2pHost Host { get; }

    /// <summary>The gossipsub router.</summary>
    public GossipsubRouter Pubsub { get; }

    /// <summary>The DHT.</summary>
    public KadDht Dht { get; }

    /// <summary>Our peer id.</summary>
    public PeerId Id => Host.Id;

    /// <summary>Listen addresses with our <c>/p2p/</c> id appended.</summary>
    public IReadOnlyList<Multiaddr> ListenAddresses
    {
        get
        {
            var r = new List<Multiaddr>();
            foreach (var a in Host.ListenAddresses) r.Add(a.WithPeerId(Id));
            return r;
        }
    }

    /// <summary>Raised when a connection to a peer opens.</summary>
    public event Action<PeerId, Multiaddr>? PeerConnected;

    /// <summary>Raised when a connection closes, with the reason.</summary>
    public event Action<PeerId, string>? PeerDisconnected;

    /// <summary>Raised for each accepted message on a subscribed topic.</summary>
    public event Action<GossipMessage>? MessageReceived;

    /// <summary>Dials a peer and waits for its identify answer (so pubsub and the DHT know it).</summary>
    public async Task<Connection> DialAsync(Multiaddr addr, CancellationToken ct = default)
    {
        var c = await Host.DialAsync(addr, ct).ConfigureAwait(false);
        await c.Identified.WaitAsync(ct).ConfigureAwait(false);
        return c;
    }

    /// <summary>Joins <paramref name="topic"/>, with an optional validator that runs before delivery and forwarding.</summary>
    public void Subscribe(string topic, Func<GossipMessage, ValidationResult>? validator = null)
    {
        if (validator is not null) Pubsub.SetValidator(topic, validator);
        Pubsub.Subscribe(topic);
    }

    /// <summary>Leaves <paramref name="topic"/>.</summary>
    public void Unsubscribe(string topic) => Pubsub.Unsubscribe(topic);

    /// <summary>
    /// Publishes; when <paramref name="waitForPeer"/> is set, first waits until some connected peer is subscribed,
    /// and afterwards until the message has been written to every recipient's stream. Returns the recipients.
    /// </summary>
    public async Task<PeerId[]> PublishAsync(string topic, ReadOnlyMemory<byte> data, bool waitForPeer, CancellationToken ct = default)
    {
        if (waitForPeer)
            while (Pubsub.TopicPeers(topic).Length == 0) await Task.Delay(20, ct).ConfigureAwait(false);
        var sent = Pubsub.Publish(topic, data.Span);
        await Pubsub.FlushAsync(ct).ConfigureAwait(false);
        return sent;
    }

    /// <summary>Stores a record locally and at the closest peers; returns the peers that accepted it.</summary>
    public Task<List<PeerId>> PutAsync(byte[] key, byte[] value, CancellationToken ct = default) => Dht.PutValueAsync(key, value, ct);

    /// <summary>Fetches a record (local copy first); null when no peer has it.</summary>
    public async Task<byte[]?> GetAsync(byte[] key, int quorum = 1, CancellationToken ct = default) =>
        (await Dht.GetValueAsync(key, quorum, ct).ConfigureAwait(false))?.Value;

    /// <summary>One ping round trip.</summary>
    public Task<TimeSpan> PingAsync(PeerId peer, CancellationToken ct = default) => Host.PingAsync(peer, ct);

    /// <summary>Stops the router and closes every connection.</summary>
    public async Task StopAsync()
    {
        await Pubsub.DisposeAsync().ConfigureAwait(false);
        await Host.StopAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}
