using Zetina.P2P.Crypto;

namespace Zetina.P2P.Kademlia;

/// <summary>
/// In-memory record store with per-publisher quotas: each peer that stores records here (the local node included)
/// holds at most <see cref="RecordStoreLimits.MaxRecordsPerPeer"/> records and
/// <see cref="RecordStoreLimits.MaxBytesPerPeer"/> bytes, and the store at most
/// <see cref="RecordStoreLimits.MaxRecords"/> and <see cref="RecordStoreLimits.MaxTotalBytes"/> in all. Thread-safe.
/// </summary>
/// <remarks>
/// Eviction never crosses from a small publisher to a large one: a publisher over its quota loses its own oldest
/// records; when the store as a whole is full, the publisher holding the most (bytes or records, whichever ran out)
/// loses its oldest. So one peer's flood evicts only its own records until it is no longer the largest tenant,
/// and a peer that stays within a fair share keeps what it stored. A record's size is its key plus its value.
/// Storing a key again replaces the record and moves it to the new publisher.
/// </remarks>
public sealed class RecordStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, Entry> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<PeerId, Tenant> _tenants = new();
    private long _bytes;

    private sealed record Entry(KadRecord Record, Tenant Owner, LinkedListNode<string> Node, long Size);

    /// <summary>One publisher's records, oldest first.</summary>
    private sealed class Tenant(PeerId id)
    {
        public readonly PeerId Id = id;
        public readonly LinkedList<string> Order = new();
        public long Bytes;
    }

    /// <summary>Creates a store with <paramref name="limits"/>.</summary>
    public RecordStore(RecordStoreLimits limits)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxRecordsPerPeer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limits.MaxRecords);
        Limits = limits;
    }

    /// <summary>The limits in force.</summary>
    public RecordStoreLimits Limits { get; }

    /// <summary>Records held.</summary>
    public int Count
    {
        get { lock (_lock) return _records.Count; }
    }

    /// <summary>Key and value bytes held, all publishers together.</summary>
    public long Bytes
    {
        get { lock (_lock) return _bytes; }
    }

    /// <summary>Records held that <paramref name="publisher"/> stored.</summary>
    public int CountOf(PeerId publisher)
    {
        lock (_lock) return _tenants.TryGetValue(publisher, out var t) ? t.Order.Count : 0;
    }

    /// <summary>
    /// Stores (replacing) a record on behalf of <paramref name="publisher"/>, evicting as the remarks describe.
    /// False, and nothing changes, when the value exceeds <see cref="RecordStoreLimits.MaxRecordSize"/> or the record
    /// alone exceeds a publisher's byte quota.
    /// </summary>
    public bool Put(KadRecord r, PeerId publisher)
    {
        long size = (long)r.Key.Length + r.Value.Length;
        if (r.Value.Length > Limits.MaxRecordSize || size > Limits.MaxBytesPerPeer || size > Limits.MaxTotalBytes) return false;
        string k = Convert.ToHexString(r.Key);
        lock (_lock)
        {
            if (_records.TryGetValue(k, out var old)) Remove(k, old);
            if (!_tenants.TryGetValue(publisher, out var tenant)) _tenants[publisher] = tenant = new Tenant(publisher);
            while (tenant.Order.Count >= Limits.MaxRecordsPerPeer || tenant.Bytes + size > Limits.MaxBytesPerPeer)
                EvictOldest(tenant);
            while (_records.Count >= Limits.MaxRecords) EvictOldest(Largest(byBytes: false));
            while (_bytes + size > Limits.MaxTotalBytes) EvictOldest(Largest(byBytes: true));
            if (!_tenants.ContainsKey(publisher)) _tenants[publisher] = tenant; // evicted empty above; it holds this record now
            var node = tenant.Order.AddLast(k);
            _records[k] = new Entry(r, tenant, node, size);
            tenant.Bytes += size;
            _bytes += size;
        }
        return true;
    }

    /// <summary>The record under <paramref name="key"/>, or null.</summary>
    public KadRecord? Get(ReadOnlySpan<byte> key)
    {
        string k = Convert.ToHexString(key);
        lock (_lock) return _records.TryGetValue(k, out var e) ? e.Record : null;
    }

    private Tenant Largest(bool byBytes)
    {
        Tenant? best = null;
        foreach (var t in _tenants.Values)
        {
            if (t.Order.Count == 0) continue;
            if (best is null || (byBytes ? t.Bytes > best.Bytes : t.Order.Count > best.Order.Count)) best = t;
        }
        return best!;
    }

    private void EvictOldest(Tenant t)
    {
        string k = t.Order.First!.Value;
        Remove(k, _records[k]);
    }

    private void Remove(string k, Entry e)
    {
        _records.Remove(k);
        e.Owner.Order.Remove(e.Node);
        e.Owner.Bytes -= e.Size;
        _bytes -= e.Size;
        if (e.Owner.Order.Count == 0) _tenants.Remove(e.Owner.Id);
    }
}
