namespace Zetina.P2P.Gossipsub;

/// <summary>Gossipsub wire ids (libp2p specs, pubsub/gossipsub). Outbound streams propose them in this order.</summary>
public static class GossipsubProtocol
{
    /// <summary>v1.2 (adds IDONTWANT; accepted, and IDONTWANT is honoured when received).</summary>
    public const string IdV12 = "/meshsub/1.2.0";

    /// <summary>v1.1: peer exchange, backoff, scoring, StrictSign.</summary>
    public const string Id = "/meshsub/1.1.0";

    /// <summary>v1.0.</summary>
    public const string IdV10 = "/meshsub/1.0.0";

    /// <summary>All ids in preference order.</summary>
    public static readonly string[] All = [IdV12, Id, IdV10];

    /// <summary>Prefix of the bytes a message author signs.</summary>
    public const string SignaturePrefix = "libp2p-pubsub:";
}
