using Zetina.P2P.Gossipsub;
using Zetina.P2P.Kademlia;

namespace Zetina.P2P.Host;

/// <summary>Everything a <see cref="P2PNode"/> needs: the host, gossipsub and Kademlia options.</summary>
public sealed class P2PNodeOptions
{
    /// <summary>Identity, listen addresses, limits.</summary>
    public HostOptions Host { get; init; } = new();

    /// <summary>Gossipsub parameters.</summary>
    public GossipsubOptions Gossipsub { get; init; } = new();

    /// <summary>Kademlia parameters.</summary>
    public KadOptions Kad { get; init; } = new();
}
