using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air;

/// <summary>
/// The public values the constraints refer to, all derived from the public input: initial and final registers,
/// range-check bounds, the first memory address, and the public memory (for the memory product's end value).
/// </summary>
public sealed class CairoBoundary
{
    /// <summary>pc at step 0 (program segment's begin).</summary>
    public required Felt InitialPc { get; init; }
    /// <summary>ap = fp at step 0 (execution segment's begin).</summary>
    public required Felt InitialAp { get; init; }
    /// <summary>pc at the last step (program segment's stop pointer: the <c>__end__</c> loop).</summary>
    public required Felt FinalPc { get; init; }
    /// <summary>ap at the last step (execution segment's stop pointer).</summary>
    public required Felt FinalAp { get; init; }
    /// <summary>rc_min.</summary>
    public required Felt RcMin { get; init; }
    /// <summary>rc_max.</summary>
    public required Felt RcMax { get; init; }
    /// <summary>The value at address 1, the first cell of relocated memory (taken from the public memory).</summary>
    public required Felt FirstWord { get; init; }
    /// <summary>Public memory cells (address, value).</summary>
    public required PublicMemoryEntry[] PublicMemory { get; init; }
    /// <summary>First cell of the range_check builtin segment (meaningful when it is used).</summary>
    public Felt RangeCheckBegin { get; init; }
    /// <summary>Last used cell of the range_check builtin segment, stop_ptr − 1 (meaningful when it is used).</summary>
    public Felt RangeCheckLast { get; init; }
    /// <summary>Number of range_check builtin instances used (stop_ptr − begin_addr).</summary>
    public ulong RangeCheckUsed { get; init; }
    /// <summary>Each lane builtin's use, in <see cref="BuiltinLanes.All"/>'s order (a count of 0 when unused).</summary>
    internal BuiltinInstances[] Builtins { get; init; } = [];

    /// <summary>
    /// Derives the boundary from a public input. Throws <see cref="CairoTraceException"/> when "program" or
    /// "execution" is missing, a segment ends before it begins, a builtin this AIR does not prove is used
    /// (see <see cref="CairoLayout"/>), or a lane builtin's segment does not hold whole instances.
    /// </summary>
    public static CairoBoundary From(AirPublicInput input)
    {
        if (!input.TryGetSegment("program", out MemorySegment program) || !input.TryGetSegment("execution", out MemorySegment execution))
            throw new CairoTraceException("public input lacks the 'program' or 'execution' memory segment");
        foreach (MemorySegment seg in input.MemorySegments)
        {
            if (seg.StopPtr < seg.BeginAddr)
                throw new CairoTraceException($"segment '{seg.Name}' stops at {seg.StopPtr}, before its begin {seg.BeginAddr}");
            if (seg.Name is "program" or "execution" || seg.StopPtr == seg.BeginAddr) continue;
            bool supported = false;
            foreach (string b in CairoLayout.ProvableBuiltins) supported |= b == seg.Name;
            if (!supported)
                throw new CairoTraceException($"builtin '{seg.Name}' uses {seg.Used} cells; this AIR proves only the {string.Join(", ", CairoLayout.ProvableBuiltins)} builtins");
        }
        input.TryGetSegment("range_check", out MemorySegment rc);
        Felt? firstWord = null;
        foreach (PublicMemoryEntry e in input.PublicMemory)
        {
            if (e.Address == 0) throw new CairoTraceException("public memory holds address 0, which the AIR reserves for dummy accesses");
            if (e.Address == 1) firstWord = e.Value;
        }
        if (firstWord is null) throw new CairoTraceException("public memory lacks address 1 (the program's first word): not a proof-mode run");
        var builtins = new BuiltinInstances[BuiltinLanes.All.Count];
        for (int t = 0; t < builtins.Length; t++) builtins[t] = BuiltinInstances.From(BuiltinLanes.All[t], input);
        var pub = new PublicMemoryEntry[input.PublicMemory.Count];
        for (int i = 0; i < pub.Length; i++) pub[i] = input.PublicMemory[i];
        return new CairoBoundary
        {
            InitialPc = program.BeginAddr,
            InitialAp = execution.BeginAddr,
            FinalPc = program.StopPtr,
            FinalAp = execution.StopPtr,
            RcMin = (ulong)input.RcMin,
            RcMax = (ulong)input.RcMax,
            FirstWord = firstWord.Value,
            PublicMemory = pub,
            RangeCheckBegin = rc.BeginAddr,
            RangeCheckLast = rc.Used == 0 ? Felt.Zero : (Felt)(rc.StopPtr - 1),
            RangeCheckUsed = rc.Used,
            Builtins = builtins,
        };
    }

    /// <summary>The fewest trace rows that hold one instance of every builtin lane the run uses (8 when none).</summary>
    public int MinimumRows
    {
        get
        {
            int rows = 8;
            foreach (BuiltinInstances b in Builtins)
                if (b.Count > 0) rows = Math.Max(rows, b.Lane.MinimumRows);
            return rows;
        }
    }

    /// <summary>Number of range_check builtin instances as an int (callers check it fits the trace).</summary>
    public int RangeCheckInstances => (int)Math.Min(RangeCheckUsed, int.MaxValue);

    /// <summary>
    /// The lift of the range_check builtin's columns in a trace of <paramref name="rows"/> rows: the largest power of two s
    /// whose n/s rows (at least <see cref="Lanes.BuiltinInstances.MinimumLiftedRows"/>) hold every instance with a last row
    /// to spare, as a full-height column holds n − 1; 1 when the builtin is unused (docs/cairo-air.md, "Lifted lanes").
    /// </summary>
    public int RangeCheckLift(int rows)
    {
        if (RangeCheckUsed == 0 || RangeCheckUsed > (ulong)(rows - 1)) return 1;
        return rows / Lanes.BuiltinInstances.ShortestRows(rows, RangeCheckInstances, Lanes.BuiltinInstances.MinimumLiftedRows, m => m - 1);
    }

    /// <summary>
    /// The memory running product's value at the end of the trace (paper §9.7, public memory):
    /// z^|pub| / ∏_{(a,v) ∈ pub} (z − (a + α·v)). The prover places |pub| dummy accesses (0, 0) in the unsorted
    /// list, each contributing z, and the sorted list holds the public cells themselves in their place.
    /// </summary>
    public Felt MemoryProductEnd(in CairoChallenges ch)
    {
        Felt den = Felt.One;
        foreach (PublicMemoryEntry e in PublicMemory)
            den *= ch.MemoryZ - (Felt.FromUInt64(e.Address) + ch.MemoryAlpha * e.Value);
        return ch.MemoryZ.Pow((ulong)PublicMemory.Length) * den.Inverse();
    }
}
