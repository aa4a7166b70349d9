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
    /// <summary>First cell of the pedersen segment.</summary>
    public ulong PedersenBegin { get; init; }
    /// <summary>Pedersen instances used ((stop_ptr − begin_addr) / 3).</summary>
    public int PedersenInstances { get; init; }
    /// <summary>First cell of the poseidon segment.</summary>
    public ulong PoseidonBegin { get; init; }
    /// <summary>Poseidon instances used ((stop_ptr − begin_addr) / 6).</summary>
    public int PoseidonInstances { get; init; }
    /// <summary>First cell of the bitwise segment.</summary>
    public ulong BitwiseBegin { get; init; }
    /// <summary>Bitwise instances used ((stop_ptr − begin_addr) / 5).</summary>
    public int BitwiseInstances { get; init; }
    /// <summary>First cell of the ecdsa segment.</summary>
    public ulong EcdsaBegin { get; init; }
    /// <summary>Ecdsa instances used ((stop_ptr − begin_addr) / 2).</summary>
    public int EcdsaInstances { get; init; }

    /// <summary>
    /// Derives the boundary from a public input. Throws <see cref="CairoTraceException"/> when "program" or
    /// "execution" is missing, a segment ends before it begins, a builtin this AIR does not prove is used
    /// (see <see cref="CairoLayout"/>), or a pedersen/poseidon/bitwise/ecdsa segment does not hold whole instances.
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
        input.TryGetSegment("pedersen", out MemorySegment ped);
        input.TryGetSegment("poseidon", out MemorySegment pos);
        input.TryGetSegment("bitwise", out MemorySegment bw);
        input.TryGetSegment("ecdsa", out MemorySegment ec);
        int Instances(MemorySegment seg, int cells)
        {
            if (seg.Used % (ulong)cells != 0)
                throw new CairoTraceException($"builtin '{seg.Name}' uses {seg.Used} cells, not a whole number of {cells}-cell instances");
            if (seg.Used / (ulong)cells > int.MaxValue) throw new CairoTraceException($"builtin '{seg.Name}' uses too many instances");
            return (int)(seg.Used / (ulong)cells);
        }
        Felt? firstWord = null;
        foreach (PublicMemoryEntry e in input.PublicMemory)
        {
            if (e.Address == 0) throw new CairoTraceException("public memory holds address 0, which the AIR reserves for dummy accesses");
            if (e.Address == 1) firstWord = e.Value;
        }
        if (firstWord is null) throw new CairoTraceException("public memory lacks address 1 (the program's first word): not a proof-mode run");
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
            PedersenBegin = ped.BeginAddr,
            PedersenInstances = Instances(ped, Lanes.PedersenLane.CellsPerInstance),
            PoseidonBegin = pos.BeginAddr,
            PoseidonInstances = Instances(pos, Lanes.PoseidonLane.CellsPerInstance),
            BitwiseBegin = bw.BeginAddr,
            BitwiseInstances = Instances(bw, Lanes.BitwiseLane.CellsPerInstance),
            EcdsaBegin = ec.BeginAddr,
            EcdsaInstances = Instances(ec, Lanes.EcdsaLane.CellsPerInstance),
        };
    }

    /// <summary>Pedersen lanes a trace of <paramref name="rows"/> rows needs: ⌈instances / (rows / 512)⌉ (0 when unused).</summary>
    public int PedersenLanes(int rows) => LanesFor(PedersenInstances, Lanes.PedersenLane.Capacity(rows), "pedersen", rows);

    /// <summary>Poseidon lanes a trace of <paramref name="rows"/> rows needs: ⌈instances / (rows / 128)⌉ (0 when unused).</summary>
    public int PoseidonLanes(int rows) => LanesFor(PoseidonInstances, Lanes.PoseidonLane.Capacity(rows), "poseidon", rows);

    /// <summary>The fewest trace rows that hold one instance of every builtin lane the run uses (8 when none).</summary>
    public int MinimumRows => Math.Max(8, Math.Max(PedersenInstances > 0 ? Lanes.PedersenLane.InstanceRows : 0,
        Math.Max(PoseidonInstances > 0 ? Lanes.PoseidonLane.InstanceRows : 0, Math.Max(BitwiseInstances > 0 ? Lanes.BitwiseLane.InstanceRows : 0,
            EcdsaInstances > 0 ? 2 * Lanes.EcdsaLane.InstanceRows : 0))));

    /// <summary>Ecdsa lanes a trace of <paramref name="rows"/> rows needs: ⌈instances / (rows / 256 − 1)⌉ (0 when unused).</summary>
    public int EcdsaLanes(int rows) => LanesFor(EcdsaInstances, Lanes.EcdsaLane.Capacity(rows), "ecdsa", rows);

    /// <summary>Bitwise lanes a trace of <paramref name="rows"/> rows needs: ⌈instances / (rows / 256)⌉ (0 when unused).</summary>
    public int BitwiseLanes(int rows) => LanesFor(BitwiseInstances, Lanes.BitwiseLane.Capacity(rows), "bitwise", rows);

    private static int LanesFor(int instances, int capacity, string name, int rows)
    {
        if (instances == 0) return 0;
        if (capacity == 0) throw new CairoTraceException($"the {name} builtin needs more trace rows than {rows} (one instance per lane does not fit)");
        return (instances + capacity - 1) / capacity;
    }

    /// <summary>Number of range_check builtin instances as an int (callers check it fits the trace).</summary>
    public int RangeCheckInstances => (int)Math.Min(RangeCheckUsed, int.MaxValue);

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
