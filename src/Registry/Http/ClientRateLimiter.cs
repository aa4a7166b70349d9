using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Zetina.Registry.Http;

/// <summary>
/// A token bucket per client address for the registry's write requests: each client holds up to
/// <c>burst</c> tokens, refilled at <c>rate</c> per second; a write takes one, and a client with none is
/// refused with the time until its next token. IPv6 clients are keyed by their /64 prefix (one host
/// usually owns the whole /64, so a per-address bucket would be free to evade).
/// </summary>
/// <remarks>
/// At most <see cref="MaxTrackedClients"/> buckets are kept; when the table is full, buckets that have
/// refilled completely (clients idle long enough to be forgotten without loss) are dropped first, and if
/// none has, the table is cleared (every client starts again with a full bucket). Memory stays bounded
/// whatever the number of source addresses.
/// </remarks>
internal sealed class ClientRateLimiter(double ratePerSecond, int burst, TimeProvider clock)
{
    /// <summary>The most client buckets kept at once.</summary>
    public const int MaxTrackedClients = 100_000;

    private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new();

    private sealed class Bucket(double tokens, long ticks)
    {
        public double Tokens = tokens;
        public long Ticks = ticks;
    }

    /// <summary>Takes a token for <paramref name="client"/>; false with the wait until the next token when its bucket is empty.</summary>
    public bool TryTake(IPAddress? client, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        IPAddress key = KeyOf(client);
        long now = clock.GetUtcNow().UtcTicks;
        if (_buckets.Count >= MaxTrackedClients && !_buckets.ContainsKey(key)) Evict(now);
        Bucket b = _buckets.GetOrAdd(key, _ => new Bucket(burst, now));
        lock (b)
        {
            Refill(b, now);
            if (b.Tokens >= 1)
            {
                b.Tokens -= 1;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds((1 - b.Tokens) / ratePerSecond);
            return false;
        }
    }

    private void Refill(Bucket b, long now)
    {
        double elapsed = Math.Max(0, now - b.Ticks) / (double)TimeSpan.TicksPerSecond;
        b.Tokens = Math.Min(burst, b.Tokens + elapsed * ratePerSecond);
        b.Ticks = Math.Max(b.Ticks, now);
    }

    private void Evict(long now)
    {
        foreach (KeyValuePair<IPAddress, Bucket> kv in _buckets)
        {
            lock (kv.Value)
            {
                Refill(kv.Value, now);
                if (kv.Value.Tokens >= burst) _buckets.TryRemove(kv.Key, out _);
            }
        }
        if (_buckets.Count >= MaxTrackedClients) _buckets.Clear();
    }

    /// <summary>The bucket key: IPv4 (IPv4-mapped IPv6 unwrapped) as is; IPv6 by its /64 prefix; no address as one shared key.</summary>
    internal static IPAddress KeyOf(IPAddress? client)
    {
        if (client is null) return IPAddress.None;
        if (client.IsIPv4MappedToIPv6) return client.MapToIPv4();
        if (client.AddressFamily != AddressFamily.InterNetworkV6) return client;
        Span<byte> bytes = stackalloc byte[16];
        client.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
