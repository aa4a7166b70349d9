using Zetina.Cairo.Run;

namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// A run's use of one lane builtin: its segment's first cell and the number of instances used, spread over lanes
/// of <see cref="IBuiltinLane.Capacity"/> instances each (instance k in lane k / capacity).
/// </summary>
/// <param name="Lane">The builtin's lane.</param>
/// <param name="Begin">First cell of the builtin's segment.</param>
/// <param name="Count">Instances used: (stop_ptr − begin_addr) / cells per instance.</param>
internal sealed record BuiltinInstances(IBuiltinLane Lane, ulong Begin, int Count)
{
    /// <summary>
    /// The use a public input states (none when the segment is absent). Throws <see cref="CairoTraceException"/>
    /// when the segment does not hold a whole number of instances.
    /// </summary>
    public static BuiltinInstances From(IBuiltinLane lane, AirPublicInput input)
    {
        if (!input.TryGetSegment(lane.Builtin, out MemorySegment seg)) return new(lane, 0, 0);
        ulong cells = (ulong)lane.CellsPerInstance;
        if (seg.Used % cells != 0)
            throw new CairoTraceException($"builtin '{seg.Name}' uses {seg.Used} cells, not a whole number of {cells}-cell instances");
        if (seg.Used / cells > int.MaxValue) throw new CairoTraceException($"builtin '{seg.Name}' uses too many instances");
        return new(lane, seg.BeginAddr, (int)(seg.Used / cells));
    }

    /// <summary>The fewest rows a lifted lane has (a short table's trace domain: the STARK needs at least 8).</summary>
    public const int MinimumLiftedRows = 64;

    /// <summary>Index in the builtin's segment of this use's instance 0 (a lane's share of the segment: <see cref="Slice"/>).</summary>
    public int First { get; init; }

    /// <summary>Instances <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 of this use.</summary>
    public BuiltinInstances Slice(int first, int count) => new(Lane, Cell(first), count) { First = First + first };

    /// <summary>
    /// The rows of each of this builtin's lanes in a trace of <paramref name="traceRows"/> rows, instance k in the first
    /// lane with room (docs/cairo-air.md, "Lifted lanes"): full-height lanes while the instances fill one, then the
    /// shortest power-of-two lane (at least <see cref="IBuiltinLane.MinimumRows"/> and <see cref="MinimumLiftedRows"/>)
    /// that holds the rest. A lane of n/s rows is committed as those rows and repeats down the trace (its lift s). Prover
    /// and verifier derive the heights from the public input alone.
    /// </summary>
    /// <remarks>
    /// Splitting further (50 keccak instances in 2^17 rows as lanes of 2^16, 2^15 and 2^12 rows, 102,400 rows instead of
    /// 131,072) was measured slower: each lane brings its own mask entries, whose out-of-domain and DEEP terms cost more
    /// than the rows saved.
    /// </remarks>
    public int[] LaneHeights(int traceRows)
    {
        if (Count == 0) return [];
        int full = Lane.Capacity(traceRows);
        if (full == 0) throw new CairoTraceException($"the {Lane.Builtin} builtin needs more trace rows than {traceRows} (one instance per lane does not fit)");
        var heights = new List<int>();
        int remaining = Count;
        for (; remaining > full; remaining -= full) heights.Add(traceRows);
        heights.Add(ShortestRows(traceRows, remaining, Math.Max(Lane.MinimumRows, MinimumLiftedRows), Lane.Capacity));
        return [.. heights];
    }

    /// <summary>
    /// The fewest rows, a power of two from <paramref name="traceRows"/> down to <paramref name="floor"/>, whose
    /// <paramref name="capacity"/> holds <paramref name="count"/> instances (<paramref name="traceRows"/> when even
    /// those do not): the height of a lifted lane, or of the range_check builtin's lifted columns.
    /// </summary>
    public static int ShortestRows(int traceRows, int count, int floor, Func<int, int> capacity)
    {
        int m = traceRows;
        while (m / 2 >= floor && capacity(m / 2) >= count) m /= 2;
        return m;
    }

    /// <summary>Lane <paramref name="lane"/>'s share of the instances, for lanes of <paramref name="heights"/> rows (<see cref="LaneHeights"/>).</summary>
    public BuiltinInstances InLane(int lane, IReadOnlyList<int> heights)
    {
        int first = 0;
        for (int l = 0; l < lane; l++) first += Lane.Capacity(heights[l]);
        return Slice(first, Math.Clamp(Count - first, 0, Lane.Capacity(heights[lane])));
    }

    /// <summary>
    /// Lanes of <paramref name="rows"/> rows each that the instances need: ⌈instances / capacity⌉ (0 when unused). Throws
    /// <see cref="CairoTraceException"/> when one instance does not fit a lane.
    /// </summary>
    public int Lanes(int rows)
    {
        if (Count == 0) return 0;
        int capacity = Lane.Capacity(rows);
        if (capacity == 0) throw new CairoTraceException($"the {Lane.Builtin} builtin needs more trace rows than {rows} (one instance per lane does not fit)");
        return (Count + capacity - 1) / capacity;
    }

    /// <summary>Instances lane <paramref name="lane"/> holds when each lane has <paramref name="rows"/> rows.</summary>
    public int UsedInLane(int lane, int rows)
    {
        int capacity = Lane.Capacity(rows);
        return Math.Clamp(Count - lane * capacity, 0, capacity);
    }

    /// <summary>First cell of instance <paramref name="k"/>: begin + cells·k.</summary>
    public ulong Cell(int k) => Begin + (ulong)Lane.CellsPerInstance * (ulong)k;
}
