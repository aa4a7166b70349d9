using Zetina.P2P.Crypto;
using Zetina.P2P.Multiformats;
using Zetina.P2P.Yamux;

namespace Zetina.P2P.Host;

/// <summary>Configuration of a <see cref="Libp2pHost"/>.</summary>
public sealed class HostOptions
{
    /// <summary>The identity key (a fresh Ed25519 key when not set).</summary>
    public PrivateKey Identity { get; init; } = PrivateKey.Generate();

    /// <summary>TCP addresses to listen on (<c>/ip4/127.0.0.1/tcp/0</c> picks a free port).</summary>
    public IReadOnlyList<Multiaddr> ListenAddresses { get; init; } = [];

    /// <summary>The identify agentVersion.</summary>
    public string AgentVersion { get; init; } = "zetina/0.1.0";

    /// <summary>yamux windows and limits.</summary>
    public YamuxOptions Yamux { get; init; } = new();

    /// <summary>Connections open at once, all peers together; new ones beyond it are closed after the handshake.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>Connections open at once to one peer.</summary>
    public int MaxConnectionsPerPeer { get; init; } = 4;

    /// <summary>Time allowed for the security and muxer handshake of one connection.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed to negotiate a protocol on a new stream.</summary>
    public TimeSpan NegotiationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Receives one line per notable event (rejected peers, closed connections with their reason).</summary>
    public Action<string>? Log { get; init; }
}
