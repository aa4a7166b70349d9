using Zetina.Stark.Field;

namespace Zetina.Stark.Air;

/// <summary>
/// Records an <see cref="IRecordableAir"/>'s transition constraints as a <see cref="ConstraintProgram"/>: the AIR's own
/// constraint text runs once over <see cref="RecordedValue"/>s standing for its mask entries and periodic columns,
/// with the interaction challenges as constants, so the program computes exactly what the one-point evaluation does.
/// </summary>
/// <remarks>
/// Equal operations share one node, constants are folded (<see cref="RecordedValue"/>), and only what a constraint
/// reads is computed. A temporary's slot is reused once its last reader has run, so a point needs about as many slots
/// as values are live at once, not one per operation.
/// </remarks>
internal sealed class TransitionRecorder : IConstraintRecorder
{
    private enum NodeKind : byte { Input, Constant, Operation }

    private readonly record struct Node(NodeKind Kind, RecordedOperation Op, int A, int B, ProgramLoadKind Load, int Index, Felt Constant);

    private readonly List<Node> _nodes = [];
    private readonly Dictionary<(RecordedOperation, int, int), int> _operations = [];
    private readonly Dictionary<Felt, int> _constants = [];

    /// <summary>Records <paramref name="air"/>'s transitions with challenges <paramref name="auxRandom"/>; constraint k
    /// enters group <paramref name="groupOf"/>[k]'s sum with weight <paramref name="weights"/>[k]. With
    /// <paramref name="include"/>, only the constraints it marks are computed (and only what they read is loaded).</summary>
    public static ConstraintProgram Record(IRecordableAir air, ReadOnlySpan<Felt> auxRandom, ReadOnlySpan<Felt> weights, ReadOnlySpan<int> groupOf, int groups,
        ReadOnlySpan<bool> include = default)
    {
        var recorder = new TransitionRecorder();
        var frame = new RecordedValue[air.Mask.Length];
        for (int k = 0; k < frame.Length; k++) frame[k] = recorder.Input(ProgramLoadKind.Mask, k);
        var periodic = new RecordedValue[air.PeriodicColumns.Count];
        for (int j = 0; j < periodic.Length; j++) periodic[j] = recorder.Input(ProgramLoadKind.Periodic, j);
        var challenges = new RecordedValue[auxRandom.Length];
        for (int i = 0; i < challenges.Length; i++) challenges[i] = auxRandom[i];
        var constraints = new RecordedValue[air.TransitionDegrees.Length];
        air.EvaluateTransition<RecordedValue>(frame, periodic, challenges, constraints);
        return recorder.Compile(constraints, weights, groupOf, groups, include);
    }

    /// <inheritdoc/>
    public RecordedValue Operation(RecordedOperation operation, RecordedValue a, RecordedValue b)
    {
        int x = NodeOf(a), y = NodeOf(b);
        if (operation != RecordedOperation.Sub && x > y) (x, y) = (y, x);
        if (!_operations.TryGetValue((operation, x, y), out int node))
        {
            node = Add(new Node(NodeKind.Operation, operation, x, y, default, -1, default));
            _operations.Add((operation, x, y), node);
        }
        return new RecordedValue(this, node);
    }

    private RecordedValue Input(ProgramLoadKind kind, int index) => new(this, Add(new Node(NodeKind.Input, default, -1, -1, kind, index, default)));

    private ConstraintProgram Compile(RecordedValue[] constraints, ReadOnlySpan<Felt> weights, ReadOnlySpan<int> groupOf, int groups, ReadOnlySpan<bool> include)
    {
        if (weights.Length < constraints.Length || groupOf.Length < constraints.Length || (!include.IsEmpty && include.Length < constraints.Length))
            throw new ArgumentException($"{constraints.Length} constraints need as many weights and groups");
        // The constraints computed, by their index in the program's accumulations.
        var kept = new List<int>(constraints.Length);
        for (int k = 0; k < constraints.Length; k++) if (include.IsEmpty || include[k]) kept.Add(k);
        var numerators = new int[kept.Count];
        for (int i = 0; i < numerators.Length; i++) numerators[i] = NodeOf(constraints[kept[i]]);
        int count = _nodes.Count;

        // Only what a constraint reads is computed.
        var needed = new bool[count];
        foreach (int k in numerators) needed[k] = true;
        for (int i = count - 1; i >= 0; i--)
            if (needed[i] && _nodes[i].Kind == NodeKind.Operation) needed[_nodes[i].A] = needed[_nodes[i].B] = true;

        var schedule = new ProgramSchedule(needed, i => _nodes[i].Kind == NodeKind.Operation, i => (_nodes[i].A, _nodes[i].B), numerators);

        // Slots: loaded ones (inputs, constants) and the group sums first, then temporaries from a free list.
        var slotOf = new int[count];
        Array.Fill(slotOf, -1);
        int slots = 0;
        var loads = new List<ProgramLoad>();
        for (int i = 0; i < count; i++)
        {
            if (!needed[i] || _nodes[i].Kind == NodeKind.Operation) continue;
            Node n = _nodes[i];
            slotOf[i] = slots++;
            loads.Add(n.Kind == NodeKind.Constant
                ? new ProgramLoad(slotOf[i], ProgramLoadKind.Constant, -1, n.Constant)
                : new ProgramLoad(slotOf[i], n.Load, n.Index, default));
        }
        var groupSums = new int[groups];
        for (int g = 0; g < groups; g++) groupSums[g] = slots++;

        var code = new List<NativeLanes.ProgramInstruction>(schedule.Order.Length);
        var programWeights = new List<Felt>();
        Felt[] constraintWeights = weights[..constraints.Length].ToArray();
        int[] constraintGroups = groupOf[..constraints.Length].ToArray();
        schedule.Emit(slotOf, ref slots,
            (node, i) =>
            {
                int k = kept[i];
                code.Add(new NativeLanes.ProgramInstruction(3, groupSums[constraintGroups[k]], slotOf[node], programWeights.Count));
                programWeights.Add(constraintWeights[k]);
            },
            node => code.Add(new NativeLanes.ProgramInstruction((int)_nodes[node].Op, slotOf[node], slotOf[_nodes[node].A], slotOf[_nodes[node].B])));
        return new ConstraintProgram([.. code], [.. programWeights, Felt.Zero], slots, [.. loads], groupSums, kept.Count);
    }

    private int NodeOf(RecordedValue value)
    {
        if (!value.IsConstant) return value.Node;
        if (!_constants.TryGetValue(value.Constant, out int node))
        {
            node = Add(new Node(NodeKind.Constant, default, -1, -1, ProgramLoadKind.Constant, -1, value.Constant));
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
