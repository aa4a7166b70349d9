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

    /// <summary>Key and value bytes kept, all publishers together.</summary>
    public long MaxStoreBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Records kept, all publishers together (bounds the per-record overhead that byte counts miss).</summary>
    public int MaxStoreRecords { get; init; } = 16 * 1024;

    /// <summary>
    /// Key and value bytes one publishing peer may have here: a quarter of the store, so no single peer fills it
    /// and a full store still holds at least four publishers' records.
    /// </summary>
    public long MaxStoreBytesPerPeer { get; init; } = 64L * 1024 * 1024;

    /// <summary>Records one publishing peer may have here (a sixteenth of <see cref="MaxStoreRecords"/>).</summary>
    public int MaxStoreRecordsPerPeer { get; init; } = 1024;

    /// <summary>
    /// Requests one peer may have in progress here at once, over all its connections; further streams are reset.
    /// A lookup asks each peer once (alpha = 3 peers at a time), so 16 covers a peer running 16 lookups or puts in
    /// parallel; js-libp2p allows 32 kad streams per connection. Each costs at most a request's bytes as they arrive.
    /// </summary>
    public int MaxInboundStreamsPerPeer { get; init; } = 16;

    /// <summary>Time allowed for one request/response exchange.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Record validation hook: (key, value) → accept. Runs on every PUT_VALUE received and every record a GET_VALUE returns.
    /// Null accepts everything.
    /// </summary>
    public Func<byte[], byte[], bool>? Validator { get; init; }
}
