using Zetina.Stark.Field;

namespace Zetina.Node.Executor;

/// <summary>
/// Headers the registry check refused, by header hash, for a while: a delegator re-announces every few seconds, and
/// without this each announcement of an unfunded job would cost two registry requests. Keyed by the header's hash, not
/// the job id, so a refused header never stands in the way of another header for the same body.
/// </summary>
/// <remarks>Bounded: at most <see cref="Capacity"/> entries; when full the oldest is forgotten.</remarks>
internal sealed class RefusedHeaders(TimeProvider clock, TimeSpan remember, int capacity = 4096)
{
    private readonly Dictionary<Felt, DateTimeOffset> _until = new();
    private readonly Queue<Felt> _order = new();
    private readonly Lock _lock = new();

    /// <summary>The most headers remembered.</summary>
    public int Capacity { get; } = capacity;

    /// <summary>True while <paramref name="headerHash"/> was refused less than the remembering time ago.</summary>
    public bool Contains(Felt headerHash)
    {
        lock (_lock)
            return _until.TryGetValue(headerHash, out DateTimeOffset until) && until > clock.GetUtcNow();
    }

    /// <summary>Remembers a refusal.</summary>
    public void Add(Felt headerHash)
    {
        lock (_lock)
        {
            if (!_until.ContainsKey(headerHash))
            {
                while (_order.Count >= Capacity) _until.Remove(_order.Dequeue());
                _order.Enqueue(headerHash);
            }
            _until[headerHash] = clock.GetUtcNow() + remember;
        }
    }
}
