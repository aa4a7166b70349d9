using System.Security.Cryptography;
using Zetina.P2P.Crypto;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Kademlia;

/// <summary>
/// A k-bucket routing table over the XOR metric on SHA-256 of peer-id bytes (and of record keys).
/// Bucket i holds peers whose distance to us has i leading zero bits; each keeps at most K peers, least recently seen first.
/// Thread-safe.
/// </summary>
public sealed class RoutingTable
{
    private readonly byte[] _self;
    private readonly List<(PeerId Id, byte[] Hash, Multiaddr[] Addrs)>[] _buckets = new List<(PeerId, byte[], Multiaddr[])>[257];
    private readonly object _lock = new();

    /// <summary>Creates a table centred on <paramref name="self"/>.</summary>
    public RoutingTable(PeerId self)
    {
        _self = SHA256.HashData(self.Bytes);
        for (int i = 0; i < _buckets.Length; i++) _buckets[i] = new();
    }

    /// <summary>The XOR distance between two 32-byte hashes, big-endian.</summary>
    public static byte[] Distance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var d = new byte[32];
        for (int i = 0; i < 32; i++) d[i] = (byte)(a[i] ^ b[i]);
        return d;
    }

    private static int LeadingZeros(ReadOnlySpan<byte> d)
    {
        for (int i = 0; i < d.Length; i++)
            if (d[i] != 0) return i * 8 + System.Numerics.BitOperations.LeadingZeroCount((uint)d[i]) - 24;
        return 256;
    }

    /// <summary>Peers in the table.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                int n = 0;
                foreach (var b in _buckets) n += b.Count;
                return n;
            }
        }
    }

    /// <summary>Adds or refreshes a peer; when its bucket is full the newcomer is dropped (old peers are preferred).</summary>
    public void AddOrUpdate(PeerId id, IReadOnlyList<Multiaddr> addrs)
    {
        byte[] h = SHA256.HashData(id.Bytes);
        int i = LeadingZeros(Distance(h, _self));
        if (i == 256) return;
        lock (_lock)
        {
            var b = _buckets[i];
            for (int j = 0; j < b.Count; j++)
            {
                if (!b[j].Id.Equals(id)) continue;
                var e = b[j];
                b.RemoveAt(j);
                b.Add((id, h, addrs.Count > 0 ? [.. addrs] : e.Addrs));
                return;
            }
            if (b.Count < KadProtocol.K) b.Add((id, h, [.. addrs]));
        }
    }

    /// <summary>Removes a peer.</summary>
    public void Remove(PeerId id)
    {
        lock (_lock)
            foreach (var b in _buckets) b.RemoveAll(e => e.Id.Equals(id));
    }

    /// <summary>The <paramref name="count"/> peers closest to <paramref name="keyHash"/> (SHA-256 of the key), closest first.</summary>
    public List<(PeerId Id, Multiaddr[] Addrs)> Closest(ReadOnlySpan<byte> keyHash, int count)
    {
        var all = new List<(byte[] D, PeerId Id, Multiaddr[] Addrs)>();
        lock (_lock)
            foreach (var b in _buckets)
                foreach (var e in b) all.Add((Distance(e.Hash, keyHash), e.Id, e.Addrs));
        all.Sort((x, y) => x.D.AsSpan().SequenceCompareTo(y.D));
        var r = new List<(PeerId, Multiaddr[])>();
        for (int i = 0; i < all.Count && i < count; i++) r.Add((all[i].Id, all[i].Addrs));
        return r;
    }
}
