using Zetina.Stark.Air;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// A layout's composition Σ α^i · numerator_i / denominator_i recorded once as a straight-line program over its
/// inputs — the mask cells, the powers x^(n/p) of the point, the periodic columns — so the prover can run it over
/// many points at a time (<see cref="StoneProgramEvaluator"/>) instead of re-running the components at every point.
/// </summary>
/// <remarks>
/// <para>The recording runs the layout's own components (<see cref="IStoneLayout.AddConstraints{T}"/>) over
/// <see cref="RecordedValue"/>: the same text the verifier evaluates at z, so the two cannot disagree on a
/// constraint. Constants are folded as they are met and equal operations share one node.</para>
/// <para>The constraints are grouped by denominator: the program accumulates Σ α^i · numerator_i per distinct
/// denominator and divides each group once, so a point costs one inversion per distinct denominator (batched over
/// the points of a chunk) instead of one per constraint. Field arithmetic is exact, so the regrouped sum is the
/// same element as the constraint-by-constraint one.</para>
/// </remarks>
internal sealed class StoneConstraintProgram
{
    /// <summary>An operation of the program.</summary>
    internal enum Op : byte
    {
        /// <summary>slot[dst] = slot[a] + slot[b].</summary>
        Add,

        /// <summary>slot[dst] = slot[a] − slot[b].</summary>
        Sub,

        /// <summary>slot[dst] = slot[a] · slot[b].</summary>
        Mul,

        /// <summary>slot[dst] += weight · slot[a]: a numerator into its denominator group's sum.</summary>
        Accumulate,
    }

    /// <summary>What an input slot holds at each point.</summary>
    internal enum InputKind : byte
    {
        /// <summary>The value of mask entry <see cref="ProgramInput.MaskIndex"/>.</summary>
        Mask,

        /// <summary>x^(n / <see cref="ProgramInput.Period"/>).</summary>
        PointPower,

        /// <summary><see cref="ProgramInput.Column"/> with cells every <see cref="ProgramInput.Step"/> rows.</summary>
        Periodic,

        /// <summary>
        /// <see cref="ProgramInput.Polynomial"/> at the point: a recorded value that depends on the point alone (a
        /// domain's product of vanishing polynomials), its operations replaced by one table.
        /// </summary>
        PointPolynomial,
    }

    /// <summary>One input of the program and the slot it is written to.</summary>
    internal sealed record ProgramInput(InputKind Kind, int Slot, int MaskIndex, long Period, StonePeriodicColumn? Column, int Step,
        StonePointPolynomial? Polynomial = null);

    /// <summary>
    /// A value of the point alone becomes a <see cref="InputKind.PointPolynomial"/> input when it costs at least this
    /// many operations per point: a table read instead of them, against one NTT over the composition's points.
    /// </summary>
    internal const int TabulatedOperations = 32;

    /// <summary>The most coefficients a tabulated polynomial (or any step of building it) may have.</summary>
    internal const int MaxTabulatedCoefficients = 1 << 18;

    /// <summary>One instruction: <see cref="Op"/> on slots; <see cref="Weight"/> for <see cref="Op.Accumulate"/>.</summary>
    internal readonly record struct Instruction(Op Op, int Destination, int A, int B, Felt Weight);

    private StoneConstraintProgram(ProgramInput[] inputs, (int Slot, Felt Value)[] constants, Instruction[] instructions,
        (int Sum, int Denominator)[] groups, int slots, int constraints)
    {
        Inputs = inputs;
        Constants = constants;
        Instructions = instructions;
        Groups = groups;
        SlotCount = slots;
        ConstraintCount = constraints;
    }

    /// <summary>The inputs, each filled per point before the instructions run.</summary>
    public ProgramInput[] Inputs { get; }

    /// <summary>The constants' slots, filled once per evaluator.</summary>
    public (int Slot, Felt Value)[] Constants { get; }

    /// <summary>The instructions, in order.</summary>
    public Instruction[] Instructions { get; }

    /// <summary>Per distinct denominator: the slot accumulating its numerators and the slot of the denominator.</summary>
    public (int Sum, int Denominator)[] Groups { get; }

    /// <summary>Slots a point needs.</summary>
    public int SlotCount { get; }

    /// <summary>The constraints recorded.</summary>
    public int ConstraintCount { get; }

    /// <summary>Records <paramref name="layout"/>'s composition for a trace of <paramref name="traceLength"/> rows.</summary>
    public static StoneConstraintProgram Record(IStoneLayout layout, long traceLength, Felt traceGenerator, Felt[] interactionElements,
        Felt alpha, AirPublicInput publicInput)
    {
        var builder = new Builder(layout, traceLength, traceGenerator, interactionElements, alpha, publicInput);
        layout.AddConstraints(builder);
        builder.CheckCount(layout.ConstraintCount);
        return builder.Compile();
    }

    /// <summary>The recording sum: each value a node, each constraint a (numerator, denominator, α^i) triple.</summary>
    internal sealed class Builder : StoneConstraintSum<RecordedValue>, IConstraintRecorder
    {
        private enum NodeKind : byte { Input, Constant, Operation }

        private readonly record struct Node(NodeKind Kind, Op Op, int A, int B, int Input, Felt Constant);

        private readonly List<Node> _nodes = [];
        private readonly Dictionary<(Op, int, int), int> _operations = [];
        private readonly Dictionary<Felt, int> _constants = [];
        private readonly Dictionary<int, int> _maskNodes = [];
        private readonly Dictionary<long, int> _powerNodes = [];
        private readonly Dictionary<(StonePeriodicColumn, int), int> _periodicNodes = [];
        private readonly List<(InputKind Kind, int MaskIndex, long Period, StonePeriodicColumn? Column, int Step)> _inputs = [];
        private readonly List<(int Numerator, int Denominator, Felt Weight)> _constraints = [];

        /// <summary>A recording for <paramref name="layout"/>.</summary>
        public Builder(IStoneLayout layout, long traceLength, Felt generator, Felt[] interactionElements, Felt alpha, AirPublicInput publicInput)
            : base(layout, traceLength, generator, interactionElements, alpha, publicInput)
        {
        }

        /// <inheritdoc/>
        public RecordedValue Operation(RecordedOperation operation, RecordedValue a, RecordedValue b)
        {
            Op op = operation switch { RecordedOperation.Add => Op.Add, RecordedOperation.Sub => Op.Sub, _ => Op.Mul };
            int x = NodeOf(a), y = NodeOf(b);
            if (op != Op.Sub && x > y) (x, y) = (y, x);
            if (!_operations.TryGetValue((op, x, y), out int node))
            {
                node = Add(new Node(NodeKind.Operation, op, x, y, -1, default));
                _operations.Add((op, x, y), node);
            }
            return new RecordedValue(this, node);
        }

        /// <inheritdoc/>
        public override RecordedValue Periodic(StonePeriodicColumn column, int step) =>
            InputNode(_periodicNodes, (column, step), (InputKind.Periodic, -1, 0, column, step));

        /// <inheritdoc/>
        protected override RecordedValue MaskValue(int index) => InputNode(_maskNodes, index, (InputKind.Mask, index, 0, null, 0));

        /// <inheritdoc/>
        protected override RecordedValue PointPowerOfValidPeriod(long period) =>
            InputNode(_powerNodes, period, (InputKind.PointPower, -1, period, null, 0));

        /// <inheritdoc/>
        protected override void Accumulate(RecordedValue numerator, RecordedValue denominator, Felt weight, int index) =>
            _constraints.Add((NodeOf(numerator), NodeOf(denominator), weight));

        /// <summary>
        /// The instructions in recording order, the constraints' accumulations placed after their numerators; slots
        /// reused once a value is dead (inputs, constants, denominators and group sums keep theirs).
        /// </summary>
        public StoneConstraintProgram Compile()
        {
            int count = _nodes.Count;
            // Only what a constraint reads is computed; a tabulated value is read, not computed.
            Dictionary<int, StonePointPolynomial> tabulated = Tabulate(Needed([]));
            bool[] needed = Needed(tabulated);
            // Each denominator's group; denominators with equal polynomials (one table) are one group.
            var groupOf = new Dictionary<int, int>();
            var groupDenominators = new List<int>();
            var groupOfTable = new Dictionary<StonePointPolynomial, int>();
            foreach (var (_, denominator, _) in _constraints)
            {
                if (groupOf.ContainsKey(denominator)) continue;
                bool isTable = tabulated.TryGetValue(denominator, out StonePointPolynomial? table);
                if (!isTable || !groupOfTable.TryGetValue(table!, out int group))
                {
                    group = groupDenominators.Count;
                    groupDenominators.Add(denominator);
                    if (isTable) groupOfTable.Add(table!, group);
                }
                groupOf.Add(denominator, group);
            }

            // Instruction order and each node's last reader; denominators are read at the end.
            var schedule = new ProgramSchedule(needed, IsComputed, i => (_nodes[i].A, _nodes[i].B), [.. _constraints.Select(c => c.Numerator)]);
            foreach (int d in groupOf.Keys) schedule.KeepToEnd(d);

            // Slots: fixed ones first (inputs, constants, group sums), then the temporaries from a free list.
            var slotOf = new int[count];
            Array.Fill(slotOf, -1);
            int slots = 0;
            var inputs = new List<ProgramInput>();
            var constants = new List<(int, Felt)>();
            var tableSlots = new Dictionary<StonePointPolynomial, int>();
            for (int i = 0; i < count; i++)
            {
                if (!needed[i]) continue;
                Node n = _nodes[i];
                if (tabulated.TryGetValue(i, out StonePointPolynomial? polynomial))
                {
                    // Equal polynomials (the same domain recorded along different products) share one table.
                    if (tableSlots.TryGetValue(polynomial, out int slot)) { slotOf[i] = slot; continue; }
                    slotOf[i] = slots++;
                    tableSlots.Add(polynomial, slotOf[i]);
                    inputs.Add(new ProgramInput(InputKind.PointPolynomial, slotOf[i], -1, polynomial.Period, null, 0, polynomial));
                }
                else if (n.Kind == NodeKind.Input)
                {
                    var input = _inputs[n.Input];
                    slotOf[i] = slots++;
                    inputs.Add(new ProgramInput(input.Kind, slotOf[i], input.MaskIndex, input.Period, input.Column, input.Step));
                }
                else if (n.Kind == NodeKind.Constant)
                {
                    slotOf[i] = slots++;
                    constants.Add((slotOf[i], n.Constant));
                }
            }
            var groupSums = new int[groupDenominators.Count];
            for (int g = 0; g < groupSums.Length; g++) groupSums[g] = slots++;

            var instructions = new List<Instruction>(schedule.Order.Length);
            schedule.Emit(slotOf, ref slots,
                (node, k) => instructions.Add(new Instruction(Op.Accumulate, groupSums[groupOf[_constraints[k].Denominator]], slotOf[node], -1, _constraints[k].Weight)),
                node => instructions.Add(new Instruction(_nodes[node].Op, slotOf[node], slotOf[_nodes[node].A], slotOf[_nodes[node].B], default)));

            var groups = new (int, int)[groupDenominators.Count];
            for (int g = 0; g < groups.Length; g++) groups[g] = (groupSums[g], slotOf[groupDenominators[g]]);
            return new StoneConstraintProgram([.. inputs], [.. constants], [.. instructions], groups, slots, _constraints.Count);

            bool IsComputed(int node) => _nodes[node].Kind == NodeKind.Operation && !tabulated.ContainsKey(node);

            // The nodes a constraint reads, through every operation but the tabulated ones.
            bool[] Needed(Dictionary<int, StonePointPolynomial> tables)
            {
                var reads = new bool[count];
                foreach (var (numerator, denominator, _) in _constraints) reads[numerator] = reads[denominator] = true;
                for (int i = count - 1; i >= 0; i--)
                    if (reads[i] && _nodes[i].Kind == NodeKind.Operation && !tables.ContainsKey(i)) reads[_nodes[i].A] = reads[_nodes[i].B] = true;
                return reads;
            }
        }

        /// <summary>
        /// The values of the point alone worth a table: each maximal one (read by an operation on the trace, or a
        /// constraint's numerator or denominator) whose own operations number at least
        /// <see cref="TabulatedOperations"/>, as its polynomial in the point (<see cref="StonePointPolynomial"/>).
        /// </summary>
        private Dictionary<int, StonePointPolynomial> Tabulate(bool[] needed)
        {
            int count = _nodes.Count;
            var pointOnly = new bool[count];
            for (int i = 0; i < count; i++)
            {
                Node n = _nodes[i];
                pointOnly[i] = n.Kind switch
                {
                    NodeKind.Constant => true,
                    NodeKind.Input => _inputs[n.Input].Kind == InputKind.PointPower,
                    _ => pointOnly[n.A] && pointOnly[n.B],
                };
            }
            bool IsPointOperation(int i) => pointOnly[i] && _nodes[i].Kind == NodeKind.Operation;

            var maximal = new SortedSet<int>();
            for (int i = 0; i < count; i++)
            {
                Node n = _nodes[i];
                if (!needed[i] || n.Kind != NodeKind.Operation || pointOnly[i]) continue;
                if (IsPointOperation(n.A)) maximal.Add(n.A);
                if (IsPointOperation(n.B)) maximal.Add(n.B);
            }
            foreach (var (numerator, denominator, _) in _constraints)
            {
                if (IsPointOperation(numerator)) maximal.Add(numerator);
                if (IsPointOperation(denominator)) maximal.Add(denominator);
            }

            // Each candidate's operations (shared ones counted for each); the chosen ones' cones are built once.
            var inCone = new bool[count];
            var chosen = new List<int>();
            var stack = new Stack<int>();
            var seen = new HashSet<int>();
            foreach (int root in maximal)
            {
                seen.Clear();
                stack.Push(root);
                while (stack.Count > 0)
                {
                    int i = stack.Pop();
                    if (!seen.Add(i) || !IsPointOperation(i)) continue;
                    stack.Push(_nodes[i].A);
                    stack.Push(_nodes[i].B);
                }
                int operations = seen.Count(IsPointOperation);
                if (operations < TabulatedOperations) continue;
                chosen.Add(root);
                foreach (int i in seen) inCone[i] = true;
            }

            // Polynomials in topological (index) order, each kept until its last reader in the cones is built.
            var readers = new int[count];
            for (int i = 0; i < count; i++)
                if (inCone[i] && IsPointOperation(i)) { readers[_nodes[i].A]++; readers[_nodes[i].B]++; }
            var isChosen = new HashSet<int>(chosen);
            var polynomials = new StonePointPolynomial?[count];
            var failed = new bool[count];
            for (int i = 0; i < count; i++)
            {
                if (!inCone[i]) continue;
                Node n = _nodes[i];
                if (n.Kind == NodeKind.Constant) polynomials[i] = StonePointPolynomial.Constant(n.Constant);
                else if (n.Kind == NodeKind.Input) polynomials[i] = StonePointPolynomial.PointPower(_inputs[n.Input].Period);
                else
                {
                    StonePointPolynomial? a = polynomials[n.A], b = polynomials[n.B];
                    polynomials[i] = failed[n.A] || failed[n.B] ? null : n.Op switch
                    {
                        Op.Add => StonePointPolynomial.Add(a!, b!, MaxTabulatedCoefficients),
                        Op.Sub => StonePointPolynomial.Subtract(a!, b!, MaxTabulatedCoefficients),
                        _ => StonePointPolynomial.Multiply(a!, b!, MaxTabulatedCoefficients),
                    };
                    failed[i] = polynomials[i] is null;
                    Release(n.A);
                    Release(n.B);
                }
            }
            var tables = new Dictionary<int, StonePointPolynomial>();
            // A table holds one period of u = x^(n/p): p values, so no more coefficients than that.
            foreach (int root in chosen)
                if (polynomials[root] is { } polynomial && polynomial.Coefficients.Length <= polynomial.Period) tables.Add(root, polynomial);
            return tables;

            void Release(int node)
            {
                if (--readers[node] == 0 && !isChosen.Contains(node)) polynomials[node] = null;
            }
        }

        private RecordedValue InputNode<TKey>(Dictionary<TKey, int> nodes, TKey key,
            (InputKind Kind, int MaskIndex, long Period, StonePeriodicColumn? Column, int Step) input) where TKey : notnull
        {
            if (!nodes.TryGetValue(key, out int node))
            {
                _inputs.Add(input);
                node = Add(new Node(NodeKind.Input, default, -1, -1, _inputs.Count - 1, default));
                nodes.Add(key, node);
            }
            return new RecordedValue(this, node);
        }

        private int NodeOf(RecordedValue value)
        {
            if (!value.IsConstant) return value.Node;
            if (!_constants.TryGetValue(value.Constant, out int node))
            {
                node = Add(new Node(NodeKind.Constant, default, -1, -1, -1, value.Constant));
                _constants.Add(value.Constant, node);
            }
            return node;
        }

        private int Add(Node node)
        {
            _nodes.Add(node);
            return _nodes.Count - 1;
        }
    }
}
