namespace Zetina.P2P.Kademlia;

/// <summary>Kademlia DHT configuration.</summary>
public sealed class KadOptions
{
    /// <summary>The protocol id or a bare prefix (see <see cref="KadProtocol.IdFor"/>).</summary>
    public string Protocol { get; init; } = KadProtocol.Id;

    /// <summary>Server mode answers requests and advertises the protocol; client mode only asks.</summary>
    public bool ServerMode { get; init; } = true;

    /// <summary>Largest record value stored or accepted (job bodies are several MB).</summary>
    public int MaxRecordSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>Total bytes of record values kept.</summary>
    public long MaxStoreBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Time allowed for one request/response exchange.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Record validation hook: (key, value) → accept. Runs on every PUT_VALUE received and every record a GET_VALUE returns.
    /// Null accepts everything.
    /// </summary>
    public Func<byte[], byte[], bool>? Validator { get; init; }
}
