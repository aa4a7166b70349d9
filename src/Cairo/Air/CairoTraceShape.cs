using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Air.Opcodes;

namespace Zetina.Cairo.Air;

/// <summary>
/// The variable part of the trace layout: rows, whether the range_check builtin has columns, the number of
/// extra memory slots (k) and extra range-check slots (r) per row, the lanes of each builtin in
/// <see cref="BuiltinLanes.All"/>, the QM31 operations' lanes (<see cref="Qm31Operations"/>) and the Blake2s operations'
/// lanes (<see cref="Blake2sOperations"/>): one count per entry of
/// <see cref="LaneBuiltins"/>, which the statement and the proof document state by name. Column indices of the tail (see <see cref="CairoColumns"/>) derive from it.
/// </summary>
/// <param name="LogRows">log2 of the number of rows (= n_steps).</param>
/// <param name="RangeCheckBuiltin">True when the run uses the range_check builtin: adds its columns (active, addr, value, part_0..7).</param>
/// <param name="ExtraMemorySlots">k ≥ 1: free memory slots per row (public-memory dummies, holes, fillers).</param>
/// <param name="ExtraRangeCheckSlots">r ≥ 1: free range-check slots per row (holes of [rc_min, rc_max], fillers).</param>
public sealed record CairoTraceShape(int LogRows, bool RangeCheckBuiltin, int ExtraMemorySlots, int ExtraRangeCheckSlots)
{
    // Never written after construction, so `with` copies may share them.
    private readonly int[] _lanes = new int[LaneBuiltins.Count];
    private int[][] _lifts = new int[BuiltinLanes.All.Count][];
    private int _rangeCheckLift = 1;

    /// <summary>
    /// The same shape with the lanes' lifts (per entry of <see cref="BuiltinLanes.All"/>, one per lane: n over the lane's
    /// rows, <see cref="BuiltinInstances.LaneHeights"/>) and the range_check builtin's (<see cref="CairoBoundary.RangeCheckLift"/>):
    /// a lifted lane holds n/s rows, and its memory and range-check slots leave the trace-long permutations for short
    /// running products of their own (docs/cairo-air.md, "Lifted lanes"). The lifts derive from the public input; they
    /// are not stated, and shapes that differ only in them are equal.
    /// </summary>
    public CairoTraceShape WithLifts(IReadOnlyList<int[]> laneLifts, int rangeCheckLift)
    {
        if (laneLifts.Count != BuiltinLanes.All.Count) throw new ArgumentException($"{laneLifts.Count} lift lists for the {BuiltinLanes.All.Count} lane builtins", nameof(laneLifts));
        var copy = this with { };
        copy._lifts = [.. laneLifts.Select(l => (int[])l.Clone())];
        copy._rangeCheckLift = rangeCheckLift;
        return copy;
    }

    /// <summary>The lift of the range_check builtin's columns (<see cref="CairoBoundary.RangeCheckLift"/>; 1 unless <see cref="WithLifts"/> said otherwise).</summary>
    internal int RangeCheckLift => _rangeCheckLift;

    /// <summary>Whether the range_check builtin has columns and they are lifted (its cell and parts in short products).</summary>
    internal bool IsRangeCheckLifted => RangeCheckBuiltin && _rangeCheckLift > 1;

    /// <summary>The lift of lane <paramref name="l"/> of builtin <paramref name="t"/> (its index in <see cref="BuiltinLanes.All"/>): 1 unless <see cref="WithLifts"/> said otherwise.</summary>
    internal int LaneLift(int t, int l) => _lifts[t] is { } lifts && l < lifts.Length ? lifts[l] : 1;

    /// <summary>The lane index of builtin <paramref name="t"/>'s <paramref name="i"/>-th full-height lane.</summary>
    private int FullHeightLane(int t, int i)
    {
        for (int l = 0; l < LaneCount(t); l++)
            if (LaneLift(t, l) == 1 && i-- == 0) return l;
        throw new ArgumentOutOfRangeException(nameof(i));
    }

    /// <summary>Full-height lanes of builtin <paramref name="t"/>: those whose slots are in the trace-long permutations.</summary>
    private int FullHeightLanes(int t)
    {
        int count = 0;
        for (int l = 0; l < LaneCount(t); l++) if (LaneLift(t, l) == 1) count++;
        return count;
    }


    /// <summary>
    /// A shape with <paramref name="lanes"/>[t] lanes of entry t of <see cref="LaneBuiltins"/>. Throws
    /// <see cref="ArgumentException"/> when the list's length differs from it or a count is negative.
    /// </summary>
    public CairoTraceShape(int logRows, bool rangeCheckBuiltin, int extraMemorySlots, int extraRangeCheckSlots, IReadOnlyList<int> lanes)
        : this(logRows, rangeCheckBuiltin, extraMemorySlots, extraRangeCheckSlots)
    {
        if (lanes.Count != _lanes.Length)
            throw new ArgumentException($"{lanes.Count} lane counts for the {_lanes.Length} components proved in lanes", nameof(lanes));
        for (int t = 0; t < _lanes.Length; t++)
            _lanes[t] = lanes[t] >= 0 ? lanes[t] : throw new ArgumentOutOfRangeException(nameof(lanes), $"{LaneBuiltin(t)} lane count {lanes[t]} is negative");
    }

    /// <summary>
    /// What is proved in lanes, in the statement's order: the builtins of <see cref="BuiltinLanes.All"/>, then the QM31
    /// operations (<see cref="Qm31Operations.Name"/>), then the Blake2s operations (<see cref="Blake2sOperations.Name"/>).
    /// </summary>
    public static IReadOnlyList<string> LaneBuiltins { get; } = [.. BuiltinLanes.All.Select(l => l.Builtin), Qm31Operations.Name, Blake2sOperations.Name];

    /// <summary>
    /// The lane builtins this shape states, in the table's order: those a statement names even without lanes
    /// (<see cref="IBuiltinLane.StatedWhenUnused"/>) and every other with lanes. The statement's felts and the proof
    /// document's <c>lanes</c> object list these, so adding a table row changes no proof that leaves it unused.
    /// </summary>
    public IReadOnlyList<string> StatedLaneBuiltins()
    {
        var names = new List<string>(_lanes.Length);
        for (int t = 0; t < _lanes.Length; t++)
            if ((t < BuiltinLanes.All.Count && BuiltinLanes.All[t].StatedWhenUnused) || _lanes[t] > 0) names.Add(LaneBuiltin(t));
        return names;
    }

    private static string LaneBuiltin(int t) => LaneBuiltins[t];

    private static int LaneIndex(string builtin)
    {
        for (int t = 0; t < LaneBuiltins.Count; t++) if (LaneBuiltin(t) == builtin) return t;
        return -1;
    }

    /// <summary>Lanes of the named builtin or component (0 for one without a lane).</summary>
    public int LaneCount(string builtin) => LaneIndex(builtin) is int t and >= 0 ? _lanes[t] : 0;

    /// <summary>
    /// The same shape with <paramref name="count"/> lanes of <paramref name="builtin"/>. Throws
    /// <see cref="ArgumentException"/> for a builtin without a lane.
    /// </summary>
    public CairoTraceShape WithLanes(string builtin, int count)
    {
        var lanes = (int[])_lanes.Clone();
        int t = LaneIndex(builtin);
        if (t < 0) throw new ArgumentException($"'{builtin}' is not proved in lanes", nameof(builtin));
        lanes[t] = count;
        return new CairoTraceShape(LogRows, RangeCheckBuiltin, ExtraMemorySlots, ExtraRangeCheckSlots, lanes);
    }

    /// <summary>Equal shapes: the same rows, range_check columns, extra slots and lane counts.</summary>
    public bool Equals(CairoTraceShape? other) =>
        other is not null && LogRows == other.LogRows && RangeCheckBuiltin == other.RangeCheckBuiltin
        && ExtraMemorySlots == other.ExtraMemorySlots && ExtraRangeCheckSlots == other.ExtraRangeCheckSlots
        && _lanes.AsSpan().SequenceEqual(other._lanes);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(LogRows); h.Add(RangeCheckBuiltin); h.Add(ExtraMemorySlots); h.Add(ExtraRangeCheckSlots);
        foreach (int c in _lanes) h.Add(c);
        return h.ToHashCode();
    }

    /// <summary>16-bit parts per range_check builtin instance (values below 2^128).</summary>
    public const int RangeCheckParts = 8;

    /// <summary>Rows of the trace.</summary>
    public int Rows => 1 << LogRows;

    private int BuiltinMemorySlots
    {
        get
        {
            int slots = RangeCheckBuiltin && !IsRangeCheckLifted ? 1 : 0;
            for (int t = 0; t < BuiltinLanes.All.Count; t++) slots += FullHeightLanes(t) * BuiltinLanes.All[t].MemorySlots;
            return slots + Blake2sLanes * Blake2sLane.MemorySlots;
        }
    }

    private int BuiltinRangeCheckSlots
    {
        get
        {
            int slots = RangeCheckBuiltin && !IsRangeCheckLifted ? RangeCheckParts : 0;
            for (int t = 0; t < BuiltinLanes.All.Count; t++) slots += FullHeightLanes(t) * BuiltinLanes.All[t].RangeCheckSlots;
            return slots;
        }
    }

    /// <summary>Memory accesses per row of the trace-long permutation: k extra slots, 4 CPU accesses, the builtins' cells (but a lifted lane's).</summary>
    public int MemorySlots => 4 + BuiltinMemorySlots + ExtraMemorySlots;

    /// <summary>Range-checked values per row of the trace-long permutation: r extra slots, 3 offsets, the builtins' parts (but a lifted lane's).</summary>
    public int RangeCheckSlots => 3 + BuiltinRangeCheckSlots + ExtraRangeCheckSlots;

    /// <summary>Column: 1 on the rows holding a range_check builtin instance (a prefix of the rows).</summary>
    public int RcBuiltinActive => CairoColumns.CpuWidth;

    /// <summary>Column: address of the instance's cell.</summary>
    public int RcBuiltinAddress => CairoColumns.CpuWidth + 1;

    /// <summary>Column: value of the instance's cell.</summary>
    public int RcBuiltinValue => CairoColumns.CpuWidth + 2;

    /// <summary>Column of the instance's 16-bit part i (value = Σ part_i·2^(16 i)).</summary>
    public int RcBuiltinPart(int i) => CairoColumns.CpuWidth + 3 + i;

    private int RangeCheckWidth => RangeCheckBuiltin ? 3 + RangeCheckParts : 0;

    /// <summary>Lanes of builtin <paramref name="t"/> (its index in <see cref="BuiltinLanes.All"/>).</summary>
    internal int LaneCount(int t) => _lanes[t];

    /// <summary>
    /// First column of lane <paramref name="lane"/> of builtin <paramref name="t"/> (offsets in its
    /// <see cref="IBuiltinLane"/>): the builtins' lanes follow the range_check columns in <see cref="BuiltinLanes.All"/>'s order.
    /// </summary>
    internal int LaneBase(int t, int lane)
    {
        int c = CairoColumns.CpuWidth + RangeCheckWidth;
        for (int u = 0; u < t; u++) c += LaneCount(u) * BuiltinLanes.All[u].Width;
        return c + lane * BuiltinLanes.All[t].Width;
    }

    private int BuiltinWidth => LaneBase(BuiltinLanes.All.Count - 1, LaneCount(BuiltinLanes.All.Count - 1)) - CairoColumns.CpuWidth;

    /// <summary>Lanes of the QM31 operations (0: no QM31 columns, the run executes no QM31 instruction).</summary>
    public int Qm31Lanes => _lanes[^2];

    /// <summary>Lanes of the Blake2s operations (0: no Blake2s columns, the run executes no Blake2s instruction).</summary>
    public int Blake2sLanes => _lanes[^1];

    /// <summary>First column of the QM31 operations' columns (<see cref="Qm31Operations"/>), after the builtin lanes.</summary>
    internal int Qm31Column => CairoColumns.CpuWidth + BuiltinWidth;

    /// <summary>Address column of extra memory slot j (its value is the next column).</summary>
    public int ExtraMemoryAddress(int j) => Blake2sColumn + Blake2sOperations.Width(Blake2sLanes) + 2 * j;

    /// <summary>First column of the Blake2s operations' columns (<see cref="Blake2sOperations"/>), after the QM31 columns.</summary>
    internal int Blake2sColumn => Qm31Column + Qm31Operations.Width(Qm31Lanes);

    /// <summary>Address column of sorted memory slot j (its value is the next column).</summary>
    public int SortedMemoryAddress(int j) => ExtraMemoryAddress(ExtraMemorySlots) + 2 * j;

    /// <summary>Column of extra range-check slot j.</summary>
    public int ExtraRangeCheck(int j) => SortedMemoryAddress(MemorySlots) + j;

    /// <summary>Column of sorted range-check slot j.</summary>
    public int SortedRangeCheck(int j) => ExtraRangeCheck(ExtraRangeCheckSlots) + j;

    /// <summary>Main-trace width.</summary>
    public int MainWidth => SortedRangeCheck(RangeCheckSlots);

    /// <summary>Interaction column of memory running product after slot j.</summary>
    public int MemoryProduct(int j) => j;

    /// <summary>Interaction column of range-check running product after slot j.</summary>
    public int RangeCheckProduct(int j) => MemorySlots + j;

    /// <summary>Interaction column of the QM31 lookup's A (its B_l follow), after the range-check products.</summary>
    public int Qm31Lookup => MemorySlots + RangeCheckSlots;

    /// <summary>Interaction-trace width.</summary>
    public int InteractionWidth => ShortProductsColumn + ShortSlotCount(memory: true) + ShortSlotCount(memory: false);

    /// <summary>First interaction column of the lifted lanes' short running products, after the Blake2s lookup's.</summary>
    private int ShortProductsColumn => Blake2sLookup + (Blake2sLanes > 0 ? 1 + Blake2sLanes : 0);

    /// <summary>
    /// The lifted lanes' memory slots, each with its own short running product (<see cref="ShortMemoryProduct"/>), in
    /// table order.
    /// </summary>
    internal IReadOnlyList<ShortSlot> ShortMemorySlots => ShortSlots(memory: true);

    /// <summary>The lifted lanes' range-check slots, each with its own short running product, in table order.</summary>
    internal IReadOnlyList<ShortSlot> ShortRangeCheckSlots => ShortSlots(memory: false);

    private int ShortSlotCount(bool memory)
    {
        int count = IsRangeCheckLifted ? (memory ? 1 : RangeCheckParts) : 0;
        for (int t = 0; t < BuiltinLanes.All.Count; t++)
            count += (LaneCount(t) - FullHeightLanes(t)) * (memory ? BuiltinLanes.All[t].MemorySlots : BuiltinLanes.All[t].RangeCheckSlots);
        return count;
    }

    private List<ShortSlot> ShortSlots(bool memory)
    {
        var slots = new List<ShortSlot>();
        if (IsRangeCheckLifted)
        {
            if (memory) slots.Add(new ShortSlot(ShortSlot.RangeCheckBuiltin, 0, RcBuiltinAddress, _rangeCheckLift));
            else for (int p = 0; p < RangeCheckParts; p++) slots.Add(new ShortSlot(ShortSlot.RangeCheckBuiltin, 0, RcBuiltinPart(p), _rangeCheckLift));
        }
        for (int t = 0; t < BuiltinLanes.All.Count; t++)
        {
            IBuiltinLane lane = BuiltinLanes.All[t];
            for (int l = 0; l < LaneCount(t); l++)
            {
                if (LaneLift(t, l) == 1) continue;
                for (int j = 0; j < (memory ? lane.MemorySlots : lane.RangeCheckSlots); j++)
                    slots.Add(new ShortSlot(t, l, LaneBase(t, l) + (memory ? lane.MemoryAddress(j) : lane.RangeCheckColumn(j)), LaneLift(t, l)));
            }
        }
        return slots;
    }

    /// <summary>Interaction column of short memory slot i's running product (<see cref="ShortMemorySlots"/>).</summary>
    internal int ShortMemoryProduct(int i) => ShortProductsColumn + i;

    /// <summary>Interaction column of short range-check slot i's running product (<see cref="ShortRangeCheckSlots"/>).</summary>
    internal int ShortRangeCheckProduct(int i) => ShortProductsColumn + ShortSlotCount(memory: true) + i;

    /// <summary>Interaction column of the Blake2s lookup's A (its B_l follow), after the QM31 lookup's.</summary>
    public int Blake2sLookup => Qm31Lookup + (Qm31Lanes > 0 ? 1 + Qm31Lanes : 0);

    /// <summary>
    /// The unsorted (address, value) columns of memory slot j, in row order: the k extra slots, the four CPU
    /// accesses (pc, inst), (dst_addr, dst), (op0_addr, op0), (op1_addr, op1), then the range_check builtin cell,
    /// then each full-height builtin lane's memory slots (lane by lane, in <see cref="BuiltinLanes.All"/>'s order), then the
    /// Blake2s lanes' two slots each. A lifted lane's slots are not here (<see cref="ShortMemorySlots"/>).
    /// </summary>
    /// <remarks>
    /// Extra slot 0 comes first so that row 0's first slot can hold a known pair, (1, word at 1), which lets the
    /// running product start from a plain boundary assertion, and so that on the last row only that slot is
    /// inside the permutation (the last step is not constrained; see <see cref="CairoAir"/>).
    /// </remarks>
    public (int Address, int Value) UnsortedMemory(int j)
    {
        if (j < ExtraMemorySlots) return (ExtraMemoryAddress(j), ExtraMemoryAddress(j) + 1);
        j -= ExtraMemorySlots;
        switch (j)
        {
            case 0: return (CairoColumns.Pc, CairoColumns.Inst);
            case 1: return (CairoColumns.DstAddr, CairoColumns.Dst);
            case 2: return (CairoColumns.Op0Addr, CairoColumns.Op0);
            case 3: return (CairoColumns.Op1Addr, CairoColumns.Op1);
        }
        j -= 4;
        if (RangeCheckBuiltin && !IsRangeCheckLifted)
        {
            if (j == 0) return (RcBuiltinAddress, RcBuiltinValue);
            j--;
        }
        for (int t = 0; t < BuiltinLanes.All.Count; t++)
        {
            IBuiltinLane lane = BuiltinLanes.All[t];
            int slots = FullHeightLanes(t) * lane.MemorySlots;
            if (j >= slots) { j -= slots; continue; }
            int c = LaneBase(t, FullHeightLane(t, j / lane.MemorySlots)) + lane.MemoryAddress(j % lane.MemorySlots);
            return (c, c + 1);
        }
        if (j < Blake2sLanes * Blake2sLane.MemorySlots)
        {
            int c = Blake2sColumn + Blake2sOperations.LaneOffset(j / Blake2sLane.MemorySlots) + Blake2sLane.MemoryAddress(j % Blake2sLane.MemorySlots);
            return (c, c + 1);
        }
        throw new ArgumentOutOfRangeException(nameof(j));
    }

    /// <summary>
    /// The unsorted range-check column of slot j: the r extra slots, the three biased offsets, the range_check
    /// builtin's parts, then each full-height builtin lane's range-check slots (lane by lane, in <see cref="BuiltinLanes.All"/>'s
    /// order). A lifted lane's slots are not here (<see cref="ShortRangeCheckSlots"/>).
    /// </summary>
    public int UnsortedRangeCheck(int j)
    {
        if (j < ExtraRangeCheckSlots) return ExtraRangeCheck(j);
        j -= ExtraRangeCheckSlots;
        if (j < 3) return CairoColumns.OffDst + j;
        j -= 3;
        if (RangeCheckBuiltin && !IsRangeCheckLifted)
        {
            if (j < RangeCheckParts) return RcBuiltinPart(j);
            j -= RangeCheckParts;
        }
        for (int t = 0; t < BuiltinLanes.All.Count; t++)
        {
            IBuiltinLane lane = BuiltinLanes.All[t];
            int slots = FullHeightLanes(t) * lane.RangeCheckSlots;
            if (j >= slots) { j -= slots; continue; }
            return LaneBase(t, FullHeightLane(t, j / lane.RangeCheckSlots)) + lane.RangeCheckColumn(j % lane.RangeCheckSlots);
        }
        throw new ArgumentOutOfRangeException(nameof(j));
    }
}

/// <summary>
/// A lifted lane's memory or range-check slot: builtin <paramref name="Builtin"/>'s lane <paramref name="Lane"/> (or the
/// lifted range_check builtin's, <see cref="RangeCheckBuiltin"/>), its
/// address (memory: the value is the next column) or value (range check) column <paramref name="Column"/>, of lift
/// <paramref name="Lift"/>. Its entries on the lane's rows 0 … n/s − 2 enter the permutation through a short running
/// product of their own.
/// </summary>
internal sealed record ShortSlot(int Builtin, int Lane, int Column, int Lift)
{
    /// <summary>The <see cref="Builtin"/> of the range_check builtin's slots (it is not a lane: its columns sit beside the CPU's).</summary>
    public const int RangeCheckBuiltin = -1;

    /// <summary>The builtin's name, as constraint names use it.</summary>
    public string Name => Builtin == RangeCheckBuiltin ? "range_check" : $"{BuiltinLanes.All[Builtin].Builtin}[{Lane}]";
}
