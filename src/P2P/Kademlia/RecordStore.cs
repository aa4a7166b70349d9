namespace Zetina.P2P.Kademlia;

/// <summary>
/// In-memory record store with limits: records up to <c>maxRecordSize</c> bytes each and <c>maxTotalBytes</c> in all;
/// the oldest record is evicted to make room. Thread-safe.
/// </summary>
public sealed class RecordStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, KadRecord> _records = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();
    private long _bytes;

    /// <summary>Creates a store.</summary>
    public RecordStore(int maxRecordSize, long maxTotalBytes)
    {
        MaxRecordSize = maxRecordSize;
        MaxTotalBytes = maxTotalBytes;
    }

    /// <summary>Largest value accepted.</summary>
    public int MaxRecordSize { get; }

    /// <summary>Total value bytes kept.</summary>
    public long MaxTotalBytes { get; }

    /// <summary>Records held.</summary>
    public int Count
    {
        get { lock (_lock) return _records.Count; }
    }

    /// <summary>Stores (replacing) a record; false when its value exceeds <see cref="MaxRecordSize"/>.</summary>
    public bool Put(KadRecord r)
    {
        if (r.Value.Length > MaxRecordSize) return false;
        string k = Convert.ToHexString(r.Key);
        lock (_lock)
        {
            if (_records.Remove(k, out var old))
            {
                _bytes -= old.Value.Length;
                _order.Remove(k);
            }
            while (_bytes + r.Value.Length > MaxTotalBytes && _order.First is { } first)
            {
                _bytes -= _records[first.Value].Value.Length;
                _records.Remove(first.Value);
                _order.RemoveFirst();
            }
            _records[k] = r;
            _order.AddLast(k);
            _bytes += r.Value.Length;
        }
        return true;
    }

    /// <summary>The record under <paramref name="key"/>, or null.</summary>
    public KadRecord? Get(ReadOnlySpan<byte> key)
    {
        string k = Convert.ToHexString(key);
        lock (_lock) return _records.TryGetValue(k, out var r) ? r : null;
    }
}
