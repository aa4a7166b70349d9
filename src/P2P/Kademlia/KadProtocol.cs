namespace Zetina.P2P.Kademlia;

/// <summary>Kademlia DHT wire constants (libp2p specs, kad-dht/README.md).</summary>
public static class KadProtocol
{
    /// <summary>The default protocol id.</summary>
    public const string Id = "/ipfs/kad/1.0.0";

    /// <summary>
    /// The protocol id for a prefix, go-libp2p's convention: a full id (containing "/kad") is used as is,
    /// a bare prefix such as <c>/zetina</c> becomes <c>/zetina/kad/1.0.0</c>.
    /// </summary>
    public static string IdFor(string prefixOrId) => prefixOrId.Contains("/kad", StringComparison.Ordinal) ? prefixOrId : prefixOrId.TrimEnd('/') + "/kad/1.0.0";

    /// <summary>Bucket size and the number of peers a value is stored at.</summary>
    public const int K = 20;

    /// <summary>Parallelism of iterative lookups.</summary>
    public const int Alpha = 3;
}
