using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Air.Opcodes;
using Zetina.Stark.Air;
using Zetina.Stark.Field;
using C = Zetina.Cairo.Air.CairoColumns;

namespace Zetina.Cairo.Air;

/// <summary>
/// The Cairo AIR of Goldberg, Papini and Riabzev, "Cairo – a Turing-complete STARK-friendly CPU architecture"
/// (2021), §9, laid out one row per Cairo step (<see cref="CairoColumns"/>, <see cref="CairoTraceShape"/>), as an
/// <see cref="IAir"/> for the STARK engine. Every transition constraint has degree ≤ 2.
/// </summary>
/// <remarks>
/// <para>Transition constraints hold on rows 0 … n − 2 (one exempt row), in the order <see cref="EvaluateTransition"/>
/// writes them:</para>
/// <list type="number">
/// <item>instruction decoding (§9.3): flags are bits, the word is the sum of offsets and flags;</item>
/// <item>operands (§9.4): dst/op0/op1 addresses, mul, res;</item>
/// <item>register updates (§9.5): t0, t1, next pc (two constraints), next ap, next fp;</item>
/// <item>opcodes (§9.6): call pushes fp and the return pc, assert_eq;</item>
/// <item>the range_check builtin when the run uses it (§8.3): cells [begin, stop) split into eight 16-bit parts;</item>
/// <item>the builtin lanes the run uses, in <see cref="BuiltinLanes.All"/>'s order (pedersen, poseidon, bitwise,
/// ecdsa, range_check96, ec_op, keccak; each an <see cref="IBuiltinLane"/>, its constants periodic columns);</item>
/// <item>the QM31 opcode extension when the shape has its lanes (<see cref="Qm31Operations"/>, <see cref="Qm31Lane"/>):
/// the CPU's QM31 forms and tuple, then each lane;</item>
/// <item>memory (§9.7): sorted addresses continuous and single-valued, running permutation product;</item>
/// <item>range checks (§9.8): sorted values step by 0 or 1, running permutation product;</item>
/// <item>the QM31 lookup (when present): CPU tuples and lane tuples, one running product.</item>
/// <item>the Blake2s opcode extension when the shape has its lanes (<see cref="Blake2sOperations"/>, <see cref="Blake2sLane"/>):
/// its CPU forms and tuple, each lane, and its lookup after the QM31 lookup.</item>
/// </list>
/// <para>Boundary assertions (<see cref="BoundaryConstraints"/>): initial pc/ap/fp and final pc/ap (§9.9); the
/// permutation products start at 1 on row 0 and end, on slot 0 of the last row, at 1 (range checks) and at the
/// public-memory quotient z^|pub| / ∏(z − (a + α·v)) (memory, §9.7); the sorted memory starts at (1, word at 1) and
/// the sorted range checks run from rc_min to rc_max.</para>
/// <para>The last row is the final step (proof mode's <c>jmp rel 0</c> loop): its registers are fixed by the row
/// before and by the boundary, its own step is not checked, and of its slots only slot 0 (an extra slot) is in the
/// permutations. The range_check builtin's instances therefore sit on rows 0 … n − 2.</para>
/// <para>Offsets are stored biased (off + 2^15 ∈ [0, 2^16)), which is what the range check sees.</para>
/// </remarks>
public sealed class CairoAir : IRecordableAir
{
    /// <summary>Transcript domain separator for this AIR.</summary>
    public const string AirName = "zetina-cairo-air-v2";

    /// <summary>Interaction challenges: memory z, memory α, range-check z'.</summary>
    public const int ChallengeCount = 3;

    private static readonly Felt s_two16 = 1UL << 16;
    private static readonly Felt s_two32 = 1UL << 32;
    private static readonly Felt s_two48 = 1UL << 48;
    private static readonly Felt s_bias = (ulong)CairoInstruction.Bias;
    private static readonly Felt s_two = 2UL;

    private readonly MaskEntry[] _mask;
    private readonly int[] _next;            // column (main, then aux) → frame index of its next-row value, or −1
    private readonly int[] _degrees;
    private readonly int[] _columnLifts;      // main column → its lift (empty: all 1)
    private readonly int[] _transitionLifts;  // transition constraint → its lift (empty: all 1)
    private readonly int[] _auxLifts;         // interaction column → its lift (empty: all 1)
    private readonly int _mainWidth, _interactionWidth; // the shape's, computed once (they walk the lane table)
    private readonly int[] _steps;            // transition constraint → its row step (empty: all 1)
    private readonly ShortSlot[] _shortMemory, _shortRangeCheck;       // the lifted lanes' slots
    private readonly int[] _shortMemoryProduct, _shortRangeCheckProduct; // interaction column of each short product
    private readonly int[] _shortMemoryNext, _shortRangeCheckNext;     // frame index of each short product's next row
    private readonly int[] _shortMemoryLink, _shortRangeCheckLink;     // frame index of the product each continues, on row n − 1
    private readonly string[] _names;
    private readonly Felt[] _publicInput;
    private readonly int[] _sortedMemory;              // memory slot j → sorted address column (value at + 1)
    private readonly (int Address, int Value)[] _unsortedMemory;
    private readonly int[] _sortedRangeCheck;
    private readonly int[] _unsortedRangeCheck;
    private readonly LaneColumns[] _lanes;   // every lane of the trace, in column order
    private readonly Felt[][] _periodic;
    private readonly int _qm31Periodic;       // index of the QM31 lanes' row-0 periodic column
    private readonly int[][] _qm31At = [];    // QM31 lane l → frame indices of its next-row entries
    private readonly int[] _qm31NextTuple = []; // frame indices of e_0' … e_3'
    private readonly int _qm31NextA;          // frame index of the lookup's A'
    private readonly int _blakePeriodic;      // index of the Blake2s lanes' first periodic column
    private readonly int[][] _blakeAt = [];   // Blake2s lane l → frame indices of its next-row entries
    private readonly int[] _blakeNextTuple = []; // frame indices of e_0', e_1', e_2', φ', e_3'
    private readonly int _blakeNextA;         // frame index of the Blake2s lookup's A'

    /// <summary>Creates the AIR for a statement (its shape fixes the columns).</summary>
    public CairoAir(CairoStatement statement)
    {
        Statement = statement;
        if (statement.PublicInput.NSteps != statement.Shape.Rows)
            throw new CairoTraceException($"n_steps {statement.PublicInput.NSteps} differs from the trace's {statement.Shape.Rows} rows");
        Boundary = CairoBoundary.From(statement.PublicInput);
        // A lane of lift s (BuiltinInstances.LaneHeights) has n/s rows, repeated down the trace: its columns and constraints
        // are declared lifted, so the prover commits its n/s rows alone, and its slots enter the permutations through
        // short running products (docs/cairo-air.md, "Lifted lanes"). The lifts follow from the public input.
        int n = statement.Shape.Rows;
        var heights = new int[BuiltinLanes.All.Count][];
        var laneLifts = new int[BuiltinLanes.All.Count][];
        for (int t = 0; t < heights.Length; t++)
        {
            heights[t] = Boundary.Builtins[t].LaneHeights(n);
            laneLifts[t] = [.. heights[t].Select(h => n / h)];
        }
        Shape = statement.Shape.WithLifts(laneLifts, Boundary.RangeCheckLift(n));
        if (Shape.RangeCheckBuiltin != Boundary.RangeCheckUsed > 0)
            throw new CairoTraceException("the trace shape's range_check columns disagree with the range_check segment");
        if (Boundary.RangeCheckUsed > (ulong)(Shape.Rows - 1))
            throw new CairoTraceException($"range_check builtin uses {Boundary.RangeCheckUsed} instances; at most {Shape.Rows - 1} fit");
        int rangeCheckLift = Shape.IsRangeCheckLifted ? Shape.RangeCheckLift : 1;
        for (int t = 0; t < BuiltinLanes.All.Count; t++)
        {
            BuiltinInstances used = Boundary.Builtins[t];
            int need = heights[t].Length;
            if (Shape.LaneCount(t) != need)
                throw new CairoTraceException($"the trace shape has {Shape.LaneCount(t)} {used.Lane.Builtin} lanes; {used.Count} instances in {Shape.Rows} rows need {need}");
        }
        if (Shape.Blake2sLanes > 0 && Shape.Rows < Blake2sLane.InstanceRows)
            throw new CairoTraceException($"the trace shape has Blake2s lanes but {Shape.Rows} rows; an instance needs {Blake2sLane.InstanceRows}");
        _publicInput = statement.ToFelts();

        // Mask: every column on the current row (main, then aux), then the few columns read on the next row.
        int w = _mainWidth = Shape.MainWidth, a = _interactionWidth = Shape.InteractionWidth;
        var mask = new List<MaskEntry>(w + a + 16);
        for (int c = 0; c < w + a; c++) mask.Add(new MaskEntry(c, 0));
        _next = new int[w + a];
        Array.Fill(_next, -1);
        void Next(int col)
        {
            if (_next[col] >= 0) return;
            _next[col] = mask.Count;
            mask.Add(new MaskEntry(col, 1));
        }
        Next(C.Pc); Next(C.Ap); Next(C.Fp);
        if (Shape.RangeCheckBuiltin) { Next(Shape.RcBuiltinActive); Next(Shape.RcBuiltinAddress); }
        (int ua, int uv) = Shape.UnsortedMemory(0);
        Next(ua); Next(uv);
        Next(Shape.SortedMemoryAddress(0)); Next(Shape.SortedMemoryAddress(0) + 1);
        Next(Shape.UnsortedRangeCheck(0)); Next(Shape.SortedRangeCheck(0));
        Next(w + Shape.MemoryProduct(0)); Next(w + Shape.RangeCheckProduct(0));
        var extra = new Dictionary<(int, int), int>();
        int At(int col, int row)
        {
            if (row == 1) { Next(col); return _next[col]; }
            if (row < 0) row += Shape.Rows; // a row above: offsets wrap around the trace
            if (!extra.TryGetValue((col, row), out int i)) { extra[(col, row)] = i = mask.Count; mask.Add(new MaskEntry(col, row)); }
            return i;
        }
        // Builtin lanes: their next-row entries in the mask, their periodic columns once per builtin used.
        var lanes = new List<LaneColumns>();
        var periodic = new List<Felt[]>();
        _columnLifts = new int[w];
        Array.Fill(_columnLifts, 1);
        if (rangeCheckLift > 1) Array.Fill(_columnLifts, rangeCheckLift, Shape.RcBuiltinActive, 3 + CairoTraceShape.RangeCheckParts);
        for (int t = 0; t < BuiltinLanes.All.Count; t++)
        {
            IBuiltinLane lane = BuiltinLanes.All[t];
            if (Shape.LaneCount(t) == 0) continue;
            for (int l = 0; l < Shape.LaneCount(t); l++)
            {
                int c = Shape.LaneBase(t, l);
                var at = new int[lane.NextEntries.Count];
                for (int e = 0; e < at.Length; e++) at[e] = At(c + lane.NextEntries[e].Column, lane.NextEntries[e].Row);
                lanes.Add(new LaneColumns(lane, l, c, at, periodic.Count, Boundary.Builtins[t].InLane(l, heights[t]), heights[t][l]));
                Array.Fill(_columnLifts, laneLifts[t][l], c, lane.Width);
            }
            periodic.AddRange(lane.Periodic);
        }
        _lanes = lanes.ToArray();
        if (Shape.Qm31Lanes > 0)
        {
            int q = Shape.Qm31Column;
            _qm31NextTuple = new int[4];
            for (int i = 0; i < 4; i++) _qm31NextTuple[i] = At(q + Qm31Operations.Tuple0 + i, 1);
            _qm31NextA = At(w + Shape.Qm31Lookup, 1);
            _qm31At = new int[Shape.Qm31Lanes][];
            for (int l = 0; l < _qm31At.Length; l++)
            {
                int c = q + Qm31Operations.LaneOffset(l);
                _qm31At[l] = new int[Qm31Lane.NextEntries.Count];
                for (int e = 0; e < _qm31At[l].Length; e++) _qm31At[l][e] = At(c + Qm31Lane.NextEntries[e].Column, Qm31Lane.NextEntries[e].Row);
            }
            _qm31Periodic = periodic.Count;
            periodic.Add(Qm31Lane.Row0Periodic);
        }
        if (Shape.Blake2sLanes > 0)
        {
            int bc = Shape.Blake2sColumn;
            _blakeNextTuple = new int[5];
            for (int i = 0; i < 5; i++) _blakeNextTuple[i] = At(bc + Blake2sOperations.NextTupleColumns[i], 1);
            _blakeNextA = At(w + Shape.Blake2sLookup, 1);
            _blakeAt = new int[Shape.Blake2sLanes][];
            for (int l = 0; l < _blakeAt.Length; l++)
            {
                int c = bc + Blake2sOperations.LaneOffset(l);
                _blakeAt[l] = new int[Blake2sLane.NextEntries.Count];
                for (int e = 0; e < _blakeAt[l].Length; e++) _blakeAt[l][e] = At(c + Blake2sLane.NextEntries[e].Column, Blake2sLane.NextEntries[e].Row);
            }
            _blakePeriodic = periodic.Count;
            periodic.AddRange(Blake2sLane.Periodic);
        }
        // Column indices the transition reads on every point of the evaluation domain, computed once: the shape
        // derives them by walking the lane table.
        _sortedMemory = new int[Shape.MemorySlots];
        _unsortedMemory = new (int, int)[Shape.MemorySlots];
        for (int j = 0; j < _sortedMemory.Length; j++) { _sortedMemory[j] = Shape.SortedMemoryAddress(j); _unsortedMemory[j] = Shape.UnsortedMemory(j); }
        _sortedRangeCheck = new int[Shape.RangeCheckSlots];
        _unsortedRangeCheck = new int[Shape.RangeCheckSlots];
        for (int j = 0; j < _sortedRangeCheck.Length; j++) { _sortedRangeCheck[j] = Shape.SortedRangeCheck(j); _unsortedRangeCheck[j] = Shape.UnsortedRangeCheck(j); }
        // The lifted lanes' short running products: each reads its next row, and the row-0 link of each reads the
        // product it continues on the trace's last row (which is its short table's last row).
        _shortMemory = [.. Shape.ShortMemorySlots];
        _shortRangeCheck = [.. Shape.ShortRangeCheckSlots];
        _auxLifts = new int[a];
        Array.Fill(_auxLifts, 1);
        (_shortMemoryProduct, _shortMemoryNext, _shortMemoryLink) = Chain(_shortMemory, Shape.MemoryProduct(0), Shape.ShortMemoryProduct);
        (_shortRangeCheckProduct, _shortRangeCheckNext, _shortRangeCheckLink) = Chain(_shortRangeCheck, Shape.RangeCheckProduct(0), Shape.ShortRangeCheckProduct);
        (int[] Product, int[] Next, int[] Link) Chain(ShortSlot[] slots, int continued, Func<int, int> productColumn)
        {
            var product = new int[slots.Length];
            var next = new int[slots.Length];
            var link = new int[slots.Length];
            for (int i = 0; i < slots.Length; i++)
            {
                int q = product[i] = productColumn(i);
                _auxLifts[q] = slots[i].Lift;
                next[i] = At(w + q, 1);
                link[i] = At(w + (i == 0 ? continued : product[i - 1]), -1);
            }
            return (product, next, link);
        }
        _mask = mask.ToArray();
        _periodic = periodic.ToArray();

        (_names, _degrees, _transitionLifts, _steps) = ConstraintList(Shape, laneLifts);
        if (Array.TrueForAll(_columnLifts, s => s == 1)) { _columnLifts = []; _transitionLifts = []; }
        if (Array.TrueForAll(_auxLifts, s => s == 1)) _auxLifts = [];
        if (Array.TrueForAll(_steps, s => s == 1)) _steps = [];
    }

    /// <summary>The statement this AIR instance proves.</summary>
    public CairoStatement Statement { get; }

    /// <summary>The trace shape.</summary>
    public CairoTraceShape Shape { get; }

    /// <summary>The public values the boundary constraints use.</summary>
    public CairoBoundary Boundary { get; }

    /// <inheritdoc/>
    public string Name => AirName;

    /// <inheritdoc/>
    public int TraceLength => Shape.Rows;

    /// <inheritdoc/>
    public int MainWidth => _mainWidth;

    /// <inheritdoc/>
    public int AuxWidth => _interactionWidth;

    /// <inheritdoc/>
    public int AuxRandomCount => ChallengeCount;

    /// <inheritdoc/>
    public ReadOnlySpan<MaskEntry> Mask => _mask;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TransitionDegrees => _degrees;

    /// <summary>Name of transition constraint k (for the trace checker's reports).</summary>
    public string TransitionName(int k) => _names[k];

    /// <inheritdoc/>
    public int TransitionExemptions => 1;

    /// <inheritdoc/>
    public ReadOnlySpan<int> ColumnLifts => _columnLifts;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TransitionLifts => _transitionLifts;

    /// <inheritdoc/>
    public ReadOnlySpan<int> AuxColumnLifts => _auxLifts;

    /// <inheritdoc/>
    public ReadOnlySpan<int> TransitionRowSteps => _steps;

    /// <inheritdoc/>
    public IReadOnlyList<Felt[]> PeriodicColumns => _periodic;

    /// <inheritdoc/>
    public ReadOnlySpan<Felt> PublicInput => _publicInput;

    /// <summary>The challenges as a record, from the channel's draws (z, α, z').</summary>
    public static CairoChallenges Challenges(ReadOnlySpan<Felt> auxRandom) => new(auxRandom[0], auxRandom[1], auxRandom[2]);

    /// <inheritdoc/>
    public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom) =>
        CairoTraceBuilder.BuildInteraction(Shape, mainColumns, Challenges(auxRandom));

    /// <inheritdoc/>
    public IReadOnlyList<int>? AuxInputColumns => CairoTraceBuilder.InteractionInputs(Shape);

    /// <summary>Names of the boundary constraints, parallel to <see cref="BoundaryConstraints"/>.</summary>
    public IReadOnlyList<string> BoundaryNames()
    {
        var names = new List<string> { "initial_pc", "initial_ap", "initial_fp", "final_pc", "final_ap" };
        if (Shape.RangeCheckBuiltin) names.AddRange(["rc_builtin_active_first", "rc_builtin_begin", "rc_builtin_inactive_last"]);
        foreach (LaneColumns lane in _lanes)
        {
            string p = $"{lane.Lane.Builtin}[{lane.Index}]_";
            foreach ((_, _, string name) in lane.Lane.FirstRow) names.Add(p + name);
            names.AddRange([p + "first_cell", p + "active_last"]);
            if (lane.UsedRows < lane.Rows) names.Add(p + "inactive_after");
        }
        names.AddRange([
            "memory_first_unsorted_address", "memory_first_unsorted_value", "memory_first_sorted_address", "memory_first_sorted_value",
            "memory_product_start", "memory_public_product_end",
            "rc_first_unsorted", "rc_min", "rc_product_start", "rc_max", "rc_product_end",
        ]);
        if (Shape.Qm31Lanes > 0) names.AddRange(["qm31_first_step", "qm31_lookup_start", "qm31_lookup_end"]);
        if (Shape.Blake2sLanes > 0) names.AddRange(["blake_first_step", "blake_finalize_first_step", "blake_lookup_start", "blake_lookup_end"]);
        return names;
    }

    /// <inheritdoc/>
    public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom)
    {
        CairoTraceShape s = Shape;
        int last = s.Rows - 1, w = s.MainWidth;
        CairoBoundary b = Boundary;
        var list = new List<BoundaryConstraint>
        {
            // §9.9: pc_0 = initial_pc, ap_0 = fp_0 = initial_ap, pc_{n−1} = final_pc, ap_{n−1} = final_ap.
            new(C.Pc, 0, b.InitialPc), new(C.Ap, 0, b.InitialAp), new(C.Fp, 0, b.InitialAp),
            new(C.Pc, last, b.FinalPc), new(C.Ap, last, b.FinalAp),
        };
        if (s.RangeCheckBuiltin)
        {
            // range_check: the first instance is on row 0 at begin_addr; the last row holds none.
            list.Add(new(s.RcBuiltinActive, 0, Felt.One));
            list.Add(new(s.RcBuiltinAddress, 0, b.RangeCheckBegin));
            list.Add(new(s.RcBuiltinActive, last, Felt.Zero));
        }
        // Lane l holds instances l·cap … (the first `used` of them active); its accumulators start where the lane
        // says; its first cell is that of instance l·cap; Active is 1 through the last used instance's last row and 0
        // from the next row, if any (with the prefix constraint: exactly the used instances).
        foreach (LaneColumns lane in _lanes)
        {
            int c = lane.Column, usedRows = lane.UsedRows;
            foreach ((int column, Felt value, _) in lane.Lane.FirstRow) list.Add(new(c + column, 0, value));
            list.Add(new(c + lane.Lane.Cell, 0, lane.Instances.Cell(0)));
            list.Add(new(c + lane.Lane.Active, usedRows - 1, Felt.One));
            if (usedRows < lane.Rows) list.Add(new(c + lane.Lane.Active, usedRows, Felt.Zero));
        }
        // §9.7: row 0's first unsorted and first sorted pairs are both (1, word at 1), so the product starts at 1;
        // the sorted memory starts at address 1, below which no dummy (0, 0) can hide.
        (int ua, int uv) = s.UnsortedMemory(0);
        int sa = s.SortedMemoryAddress(0);
        list.Add(new(ua, 0, Felt.One));
        list.Add(new(uv, 0, b.FirstWord));
        list.Add(new(sa, 0, Felt.One));
        list.Add(new(sa + 1, 0, b.FirstWord));
        list.Add(new(w + s.MemoryProduct(0), 0, Felt.One));
        // §9.7 public memory: the product ends at z^|pub| / ∏_pub (z − (a + α·v)); with lifted lanes, the last short
        // product, which continues it, does.
        int memoryEnd = _shortMemory.Length == 0 ? s.MemoryProduct(0) : _shortMemoryProduct[^1];
        list.Add(new(w + memoryEnd, last, b.MemoryProductEnd(Challenges(auxRandom))));
        // §9.8: row 0's first unsorted and sorted values are rc_min; the sorted values end at rc_max; the product is 1.
        list.Add(new(s.UnsortedRangeCheck(0), 0, b.RcMin));
        list.Add(new(s.SortedRangeCheck(0), 0, b.RcMin));
        list.Add(new(w + s.RangeCheckProduct(0), 0, Felt.One));
        list.Add(new(s.SortedRangeCheck(0), last, b.RcMax));
        int rangeCheckEnd = _shortRangeCheck.Length == 0 ? s.RangeCheckProduct(0) : _shortRangeCheckProduct[^1];
        list.Add(new(w + rangeCheckEnd, last, Felt.One));
        if (s.Qm31Lanes > 0)
        {
            // QM31 lookup: row 0 is no QM31 step (so U_0 = 0), A starts at z − U_0 = z, and after row n − 2 the
            // product is z^(−(lanes − 1)(n − 1)): every CPU tuple is some lane instance's (docs/cairo-air.md).
            Felt z = auxRandom[0];
            list.Add(new(s.Qm31Column + Qm31Operations.IsQm31, 0, Felt.Zero));
            list.Add(new(w + s.Qm31Lookup, 0, z));
            list.Add(new(w + s.Qm31Lookup + s.Qm31Lanes, last - 1, Qm31Operations.LookupEnd(z, s.Rows, s.Qm31Lanes)));
        }
        if (s.Blake2sLanes > 0)
        {
            // Blake2s lookup, as QM31's: row 0 is no Blake2s step, A starts at z, and ends at z^(−(lanes − 1)(n − 1)).
            Felt z = auxRandom[0];
            list.Add(new(s.Blake2sColumn + Blake2sOperations.IsBlake, 0, Felt.Zero));
            list.Add(new(s.Blake2sColumn + Blake2sOperations.IsFinalize, 0, Felt.Zero));
            list.Add(new(w + s.Blake2sLookup, 0, z));
            list.Add(new(w + s.Blake2sLookup + s.Blake2sLanes, last - 1, Qm31Operations.LookupEnd(z, s.Rows, s.Blake2sLanes)));
        }
        return list;
    }

    /// <inheritdoc/>
    public void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result) =>
        EvaluateTransition(FeltValue.Of(frame), FeltValue.Of(periodic), FeltValue.Of(auxRandom), FeltValue.Of(result));

    /// <inheritdoc/>
    public void EvaluateTransition<T>(ReadOnlySpan<T> frame, ReadOnlySpan<T> periodic, ReadOnlySpan<T> auxRandom, Span<T> result)
        where T : struct, IConstraintValue<T>
    {
        int o = 0;
        Felt one = Felt.One;
        CairoTraceShape s = Shape;
        int w = _mainWidth;
        ReadOnlySpan<T> cur = frame[..w];
        ReadOnlySpan<T> icur = frame.Slice(w, _interactionWidth);
        int[] nx = _next;

        // §9.3 decoding. f_i · (f_i − 1) = 0 for i = 14..0: each flag is a bit.
        T flagSum = Felt.Zero;
        for (int i = 14; i >= 0; i--)
        {
            T f = cur[C.Flag0 + i];
            result[o++] = f * (f - one);
            flagSum = flagSum + flagSum + f;
        }
        // inst = off_dst~ + 2^16·off_op0~ + 2^32·off_op1~ + 2^48·Σ 2^i·f_i  (§9.3). With bits as flags and the offsets
        // range-checked to [0, 2^16), the decomposition is unique (inst < 2^63 < p). With QM31 columns the word may
        // carry opcode extension 3: + 3·2^63·q, q a bit (unique too: inst < 2^65 < p).
        T decoded = cur[C.OffDst] + s_two16 * cur[C.OffOp0] + s_two32 * cur[C.OffOp1] + s_two48 * flagSum;
        int q31 = s.Qm31Lanes > 0 ? s.Qm31Column : -1;
        if (q31 >= 0) decoded += Qm31Operations.ExtensionWeight * cur[q31 + Qm31Operations.IsQm31];
        // With Blake2s columns: + 2^63·β + 2^64·φ (extensions 1 and 2; β, φ, q bits, pairwise exclusive).
        int bc = s.Blake2sLanes > 0 ? s.Blake2sColumn : -1;
        if (bc >= 0) decoded += Blake2sOperations.BlakeWeight * cur[bc + Blake2sOperations.IsBlake] + Blake2sOperations.FinalizeWeight * cur[bc + Blake2sOperations.IsFinalize];
        result[o++] = cur[C.Inst] - decoded;

        T pc = cur[C.Pc], ap = cur[C.Ap], fp = cur[C.Fp];
        T fDstReg = cur[C.Flag0 + 0], fOp0Reg = cur[C.Flag0 + 1], fOp1Imm = cur[C.Flag0 + 2], fOp1Fp = cur[C.Flag0 + 3];
        T fOp1Ap = cur[C.Flag0 + 4], fResAdd = cur[C.Flag0 + 5], fResMul = cur[C.Flag0 + 6], fJumpAbs = cur[C.Flag0 + 7];
        T fJumpRel = cur[C.Flag0 + 8], fJnz = cur[C.Flag0 + 9], fApAdd = cur[C.Flag0 + 10], fApAdd1 = cur[C.Flag0 + 11];
        T fCall = cur[C.Flag0 + 12], fRet = cur[C.Flag0 + 13], fAssertEq = cur[C.Flag0 + 14];
        T dst = cur[C.Dst], op0 = cur[C.Op0], op1 = cur[C.Op1], res = cur[C.Res];
        T t0 = cur[C.T0], t1 = cur[C.T1], mul = cur[C.Mul];

        // §9.4: dst_addr = f_DST_REG·fp + (1 − f_DST_REG)·ap + (off_dst~ − 2^15).
        result[o++] = cur[C.DstAddr] - (fDstReg * fp + (one - fDstReg) * ap + (cur[C.OffDst] - s_bias));
        // §9.4: op0_addr = f_OP0_REG·fp + (1 − f_OP0_REG)·ap + (off_op0~ − 2^15).
        result[o++] = cur[C.Op0Addr] - (fOp0Reg * fp + (one - fOp0Reg) * ap + (cur[C.OffOp0] - s_bias));
        // §9.4: op1_addr = f_OP1_IMM·pc + f_OP1_AP·ap + f_OP1_FP·fp + (1 − f_OP1_IMM − f_OP1_AP − f_OP1_FP)·op0 + (off_op1~ − 2^15).
        result[o++] = cur[C.Op1Addr] - (fOp1Imm * pc + fOp1Ap * ap + fOp1Fp * fp + (one - fOp1Imm - fOp1Ap - fOp1Fp) * op0 + (cur[C.OffOp1] - s_bias));
        // §9.4: mul = op0 · op1.
        result[o++] = mul - op0 * op1;
        // §9.4: (1 − f_PC_JNZ)·res = f_RES_ADD·(op0 + op1) + f_RES_MUL·mul + (1 − f_RES_ADD − f_RES_MUL − f_PC_JNZ)·op1.
        // With QM31 columns, + δ on the right (δ = 0 off QM31 steps): a QM31 step's res is the lookup's.
        T resRight = fResAdd * (op0 + op1) + fResMul * mul + (one - fResAdd - fResMul - fJnz) * op1;
        if (q31 >= 0) resRight += cur[q31 + Qm31Operations.ResDelta];
        result[o++] = (one - fJnz) * res - resRight;

        // §9.5: t0 = f_PC_JNZ · dst.
        result[o++] = t0 - fJnz * dst;
        // §9.5: t1 = t0 · res.
        result[o++] = t1 - t0 * res;
        T size = fOp1Imm + one;
        T nextPc = frame[nx[C.Pc]];
        // §9.5: (t1 − f_PC_JNZ)·(next_pc − (pc + instruction_size)) = 0.
        result[o++] = (t1 - fJnz) * (nextPc - (pc + size));
        // §9.5: t0·(next_pc − (pc + op1)) + (1 − f_PC_JNZ)·next_pc
        //        − ((1 − f_PC_JUMP_ABS − f_PC_JUMP_REL − f_PC_JNZ)·(pc + instruction_size) + f_PC_JUMP_ABS·res + f_PC_JUMP_REL·(pc + res)) = 0.
        result[o++] = t0 * (nextPc - (pc + op1)) + (one - fJnz) * nextPc
            - ((one - fJumpAbs - fJumpRel - fJnz) * (pc + size) + fJumpAbs * res + fJumpRel * (pc + res));
        // §9.5: next_ap = ap + f_AP_ADD·res + f_AP_ADD1 + 2·f_OPCODE_CALL.
        result[o++] = frame[nx[C.Ap]] - (ap + fApAdd * res + fApAdd1 + s_two * fCall);
        // §9.5: next_fp = f_OPCODE_RET·dst + f_OPCODE_CALL·(ap + 2) + (1 − f_OPCODE_RET − f_OPCODE_CALL)·fp.
        result[o++] = frame[nx[C.Fp]] - (fRet * dst + fCall * (ap + s_two) + (one - fRet - fCall) * fp);

        // §9.6 call: f_OPCODE_CALL·(dst − fp) = 0 (the old fp is pushed at [ap]).
        result[o++] = fCall * (dst - fp);
        // §9.6 call: f_OPCODE_CALL·(op0 − (pc + instruction_size)) = 0 (the return pc is pushed at [ap + 1]).
        result[o++] = fCall * (op0 - (pc + size));
        // §9.6 assert_eq: f_OPCODE_ASSERT_EQ·(dst − res) = 0.
        result[o++] = fAssertEq * (dst - res);

        if (s.RangeCheckBuiltin)
        {
            // range_check builtin (paper §8.3): instance i checks the cell at begin + i holds a value < 2^128, as eight
            // range-checked 16-bit parts. Instances sit on a prefix of the rows marked by `active`.
            T act = cur[s.RcBuiltinActive], actNext = frame[nx[s.RcBuiltinActive]];
            T addr = cur[s.RcBuiltinAddress], addrNext = frame[nx[s.RcBuiltinAddress]];
            // active·(active − 1) = 0.
            result[o++] = act * (act - one);
            // active' · (1 − active) = 0: once off, stays off (the instances form a prefix).
            result[o++] = actNext * (one - act);
            // active' · (addr' − addr − 1) = 0: consecutive instances take consecutive cells.
            result[o++] = actNext * (addrNext - addr - one);
            // active · (value − Σ_{i<8} 2^(16 i)·part_i) = 0.
            T sum = Felt.Zero;
            for (int i = CairoTraceShape.RangeCheckParts - 1; i >= 0; i--) sum = sum * s_two16 + cur[s.RcBuiltinPart(i)];
            result[o++] = act * (cur[s.RcBuiltinValue] - sum);
            // (active − active') · (addr − (stop_ptr − 1)) = 0: the last instance is the segment's last used cell.
            result[o++] = (act - actNext) * (addr - Boundary.RangeCheckLast);
        }

        // Builtin lanes (docs/cairo-air.md, "Lanes"), each reading its builtin's periodic columns.
        foreach (LaneColumns lane in _lanes)
            lane.Lane.Evaluate(frame, lane.Column, lane.At, periodic[lane.Periodic..], result, ref o);

        // QM31 opcode extension (docs/cairo-air.md, "Opcode extensions: QM31"): the CPU's forms and tuple, the lanes.
        if (q31 >= 0)
        {
            Qm31Operations.EvaluateCpu(cur, q31, result, ref o);
            for (int l = 0; l < _qm31At.Length; l++)
                Qm31Lane.Evaluate(frame, q31 + Qm31Operations.LaneOffset(l), _qm31At[l], periodic[_qm31Periodic], result, ref o);
        }
        // Blake2s opcode extension (docs/cairo-air.md, "Opcode extensions: Blake2s"): the CPU's forms and tuple, the lanes.
        if (bc >= 0)
        {
            Blake2sOperations.EvaluateCpu(cur, bc, q31 >= 0 ? q31 + Qm31Operations.IsQm31 : -1, result, ref o);
            for (int l = 0; l < _blakeAt.Length; l++)
                Blake2sLane.Evaluate(frame, bc + Blake2sOperations.LaneOffset(l), _blakeAt[l], periodic[_blakePeriodic..], result, ref o);
        }

        // §9.7 memory. Sorted pairs (a, v), (a', v') consecutive in row-major slot order:
        //   (a' − a)·(a' − a − 1) = 0   (continuity: addresses step by 0 or 1)
        //   (v' − v)·(a' − a − 1) = 0   (single-valued: same address, same value)
        int m = _sortedMemory.Length;
        for (int j = 0; j + 1 < m; j++)
        {
            int ca = _sortedMemory[j], cb = _sortedMemory[j + 1];
            T da = cur[cb] - cur[ca];
            result[o++] = da * (da - one);
            result[o++] = (cur[cb + 1] - cur[ca + 1]) * (da - one);
        }
        {
            int ca = _sortedMemory[m - 1], cb = _sortedMemory[0];
            T da = frame[nx[cb]] - cur[ca];
            result[o++] = da * (da - one);
            result[o++] = (frame[nx[cb + 1]] - cur[ca + 1]) * (da - one);
        }
        // §9.7 running product p_j after slot j, row-major: p_j·(z − (a'_j + α·v'_j)) = p_{j−1}·(z − (a_j + α·v_j)),
        // with p_{−1} the previous row's p_{m−1}; row 0's p_0 is asserted 1 at the boundary.
        T z = auxRandom[0], alpha = auxRandom[1];
        for (int j = 1; j < m; j++)
        {
            (int ua, int uv) = _unsortedMemory[j];
            int sa = _sortedMemory[j];
            result[o++] = icur[s.MemoryProduct(j)] * (z - (cur[sa] + alpha * cur[sa + 1]))
                - icur[s.MemoryProduct(j - 1)] * (z - (cur[ua] + alpha * cur[uv]));
        }
        {
            // Across rows: p_0[i+1]·(z − (a'_0 + α·v'_0)[i+1]) = p_{m−1}[i]·(z − (a_0 + α·v_0)[i+1]).
            (int ua, int uv) = _unsortedMemory[0];
            int sa = _sortedMemory[0];
            result[o++] = frame[nx[w + s.MemoryProduct(0)]] * (z - (frame[nx[sa]] + alpha * frame[nx[sa + 1]]))
                - icur[s.MemoryProduct(m - 1)] * (z - (frame[nx[ua]] + alpha * frame[nx[uv]]));
        }

        // §9.8 range checks. Sorted values r, r' consecutive: (r' − r)·(r' − r − 1) = 0.
        int q = _sortedRangeCheck.Length;
        for (int j = 0; j + 1 < q; j++)
        {
            T d = cur[_sortedRangeCheck[j + 1]] - cur[_sortedRangeCheck[j]];
            result[o++] = d * (d - one);
        }
        {
            T d = frame[nx[_sortedRangeCheck[0]]] - cur[_sortedRangeCheck[q - 1]];
            result[o++] = d * (d - one);
        }
        // §9.8 running product: p_j·(z' − r'_j) = p_{j−1}·(z' − r_j), across rows as for memory.
        T zr = auxRandom[2];
        for (int j = 1; j < q; j++)
            result[o++] = icur[(_sortedMemory.Length + j)] * (zr - cur[_sortedRangeCheck[j]])
                - icur[(_sortedMemory.Length + j - 1)] * (zr - cur[_unsortedRangeCheck[j]]);
        result[o++] = frame[nx[w + (_sortedMemory.Length + 0)]] * (zr - frame[nx[_sortedRangeCheck[0]]])
            - icur[(_sortedMemory.Length + q - 1)] * (zr - frame[nx[_unsortedRangeCheck[0]]]);

        // QM31 lookup: B_0·(z − L_0) = A, B_l·(z − L_l) = B_(l−1), A' = B_last·(z − U').
        if (q31 >= 0)
            Qm31Operations.EvaluateLookup(cur, icur, frame, q31, s.Qm31Lanes, s.Qm31Lookup, _qm31NextA, _qm31NextTuple, z, alpha, result, ref o);
        // Blake2s lookup, the same shape with five-entry tuples.
        if (bc >= 0)
            Blake2sOperations.EvaluateLookup(cur, icur, frame, bc, s.Blake2sLanes, s.Blake2sLookup, _blakeNextA, _blakeNextTuple, z, alpha, result, ref o);

        // Lifted lanes' short running products (docs/cairo-air.md, "Lifted lanes"), on each short table's rows but its
        // last: memory q'·z = q·(z − (a + α·v)), each entry standing in for a dummy (0, 0) of the trace-long product;
        // range checks q'·(z' − rc_min) = q·(z' − u), each standing in for an rc_min there.
        for (int i = 0; i < _shortMemory.Length; i++)
        {
            int c = _shortMemory[i].Column;
            result[o++] = frame[_shortMemoryNext[i]] * z - icur[_shortMemoryProduct[i]] * (z - (cur[c] + alpha * cur[c + 1]));
        }
        if (_shortRangeCheck.Length > 0)
        {
            T zMinusMin = zr - Boundary.RcMin;
            for (int i = 0; i < _shortRangeCheck.Length; i++)
                result[o++] = frame[_shortRangeCheckNext[i]] * zMinusMin - icur[_shortRangeCheckProduct[i]] * (zr - cur[_shortRangeCheck[i].Column]);
        }
        // Their links, on row 0 only: each starts where the product it continues ends (row n − 1).
        for (int i = 0; i < _shortMemory.Length; i++) result[o++] = icur[_shortMemoryProduct[i]] - frame[_shortMemoryLink[i]];
        for (int i = 0; i < _shortRangeCheck.Length; i++) result[o++] = icur[_shortRangeCheckProduct[i]] - frame[_shortRangeCheckLink[i]];
    }

    private static (string[] Names, int[] Degrees, int[] Lifts, int[] Steps) ConstraintList(CairoTraceShape s, int[][] laneLifts)
    {
        var names = new List<string>();
        var degrees = new List<int>();
        var lifts = new List<int>();
        var steps = new List<int>();
        int lift = 1, step = 1;
        void Add(string name, int degree = 2) { names.Add(name); degrees.Add(degree); lifts.Add(lift); steps.Add(step); }
        for (int i = 14; i >= 0; i--) Add($"flag_bit[{(CairoFlag)i}]");
        Add("decode_instruction", 1);
        Add("dst_addr"); Add("op0_addr"); Add("op1_addr"); Add("mul"); Add("res");
        Add("jnz_t0"); Add("jnz_t1"); Add("next_pc_regular"); Add("next_pc_jump"); Add("next_ap"); Add("next_fp");
        Add("call_push_fp"); Add("call_push_pc"); Add("assert_eq");
        if (s.RangeCheckBuiltin)
        {
            lift = s.IsRangeCheckLifted ? s.RangeCheckLift : 1;
            Add("rc_builtin_active_bit"); Add("rc_builtin_active_prefix"); Add("rc_builtin_next_cell");
            Add("rc_builtin_value"); Add("rc_builtin_stop");
            lift = 1;
        }
        for (int t = 0; t < BuiltinLanes.All.Count; t++)
            for (int l = 0; l < s.LaneCount(t); l++)
            {
                lift = laneLifts[t][l];
                BuiltinLanes.All[t].AddConstraints(l, Add);
                lift = 1;
            }
        if (s.Qm31Lanes > 0)
        {
            Qm31Operations.AddCpuConstraints(Add);
            for (int l = 0; l < s.Qm31Lanes; l++) Qm31Lane.AddConstraints(l, Add);
        }
        if (s.Blake2sLanes > 0)
        {
            Blake2sOperations.AddCpuConstraints(s.Qm31Lanes > 0, Add);
            for (int l = 0; l < s.Blake2sLanes; l++) Blake2sLane.AddConstraints(l, Add);
        }
        for (int j = 0; j + 1 < s.MemorySlots; j++) { Add($"memory_continuous[{j}]"); Add($"memory_single_valued[{j}]"); }
        Add("memory_continuous[row]"); Add("memory_single_valued[row]");
        for (int j = 1; j < s.MemorySlots; j++) Add($"memory_product[{j}]");
        Add("memory_product[row]");
        for (int j = 0; j + 1 < s.RangeCheckSlots; j++) Add($"rc_continuous[{j}]");
        Add("rc_continuous[row]");
        for (int j = 1; j < s.RangeCheckSlots; j++) Add($"rc_product[{j}]");
        Add("rc_product[row]");
        if (s.Qm31Lanes > 0) Qm31Operations.AddLookupConstraints(s.Qm31Lanes, Add);
        if (s.Blake2sLanes > 0) Blake2sOperations.AddLookupConstraints(s.Blake2sLanes, Add);
        IReadOnlyList<ShortSlot> shortMemory = s.ShortMemorySlots, shortRangeCheck = s.ShortRangeCheckSlots;
        foreach (ShortSlot slot in shortMemory) { lift = slot.Lift; Add($"{slot.Name}_column{slot.Column}_memory_product"); }
        foreach (ShortSlot slot in shortRangeCheck) { lift = slot.Lift; Add($"{slot.Name}_column{slot.Column}_rc_product"); }
        (lift, step) = (1, s.Rows);
        foreach (ShortSlot slot in shortMemory) Add($"{slot.Name}_column{slot.Column}_memory_product_link", 1);
        foreach (ShortSlot slot in shortRangeCheck) Add($"{slot.Name}_column{slot.Column}_rc_product_link", 1);
        return (names.ToArray(), degrees.ToArray(), lifts.ToArray(), steps.ToArray());
    }

    /// <summary>
    /// One lane of the trace: lane <paramref name="Index"/> of its builtin, from column <paramref name="Column"/>,
    /// with the frame indices <paramref name="At"/> of its next-row entries, its builtin's periodic columns from
    /// <paramref name="Periodic"/> on, its share <paramref name="Instances"/> of the builtin's instances and its
    /// <paramref name="Rows"/> rows (n over its lift).
    /// </summary>
    private sealed record LaneColumns(IBuiltinLane Lane, int Index, int Column, int[] At, int Periodic, BuiltinInstances Instances, int Rows)
    {
        /// <summary>Rows of the lane's used instances (a prefix).</summary>
        public int UsedRows => Instances.Count * Lane.InstanceRows;
    }
}
