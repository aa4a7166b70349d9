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

    /// <summary>
    /// The lift of this builtin's lanes in a trace of <paramref name="traceRows"/> rows: the largest power of two s such
    /// that a single lane of traceRows/s rows (at least <see cref="IBuiltinLane.MinimumRows"/> and
    /// <see cref="MinimumLiftedRows"/>) holds every used instance; 1 when none are used or one full-height lane does not
    /// hold them all. A lane of lift s is committed as its traceRows/s rows and repeats down the trace
    /// (docs/cairo-air.md, "Lifted lanes"); prover and verifier derive s from the public input alone.
    /// </summary>
    public int Lift(int traceRows)
    {
        if (Count == 0 || Lane.Capacity(traceRows) < Count) return 1;
        int lift = 1, floor = Math.Max(Lane.MinimumRows, MinimumLiftedRows);
        while (traceRows / (2 * lift) >= floor && Lane.Capacity(traceRows / (2 * lift)) >= Count) lift *= 2;
        return lift;
    }

    /// <summary>Rows of each of this builtin's lanes in a trace of <paramref name="traceRows"/> rows: traceRows / <see cref="Lift"/>.</summary>
    public int LaneRows(int traceRows) => traceRows / Lift(traceRows);

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
