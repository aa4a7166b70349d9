namespace Zetina.Stark.Air;

/// <summary>
/// When a recorded constraint program computes each value and when the value dies: every computed node at its place in
/// the recording, each constraint's accumulation right after its value; a value's last reader is the last step that
/// reads it, after which its slot is free for a later value. Shared by the recorders' compilers
/// (<see cref="TransitionRecorder"/>, the Stone layouts' program).
/// </summary>
internal sealed class ProgramSchedule
{
    private readonly int[] _lastRead;
    private readonly Func<int, bool> _isComputed;
    private readonly Func<int, (int A, int B)> _operands;
    private readonly Stack<int> _free = new();

    /// <summary>
    /// The schedule of the <paramref name="needed"/> nodes (index order is recording order): <paramref name="isComputed"/>
    /// says which are operations run per point, <paramref name="operands"/> gives an operation's two operands, and
    /// constraint k accumulates node <paramref name="numerators"/>[k].
    /// </summary>
    public ProgramSchedule(bool[] needed, Func<int, bool> isComputed, Func<int, (int A, int B)> operands, IReadOnlyList<int> numerators)
    {
        int count = needed.Length;
        _isComputed = isComputed;
        _operands = operands;
        var accumulationsAfter = new List<int>?[count];
        for (int k = 0; k < numerators.Count; k++) (accumulationsAfter[numerators[k]] ??= []).Add(k);
        var order = new List<(int Node, int Constraint)>();
        for (int i = 0; i < count; i++)
        {
            if (!needed[i]) continue;
            if (isComputed(i)) order.Add((i, -1));
            if (accumulationsAfter[i] is { } ks) foreach (int k in ks) order.Add((i, k));
        }
        _lastRead = new int[count];
        Array.Fill(_lastRead, -1);
        for (int t = 0; t < order.Count; t++)
        {
            (int node, int k) = order[t];
            if (k >= 0) { _lastRead[node] = t; continue; }
            (int a, int b) = operands(node);
            _lastRead[a] = t;
            _lastRead[b] = t;
        }
        Order = [.. order];
    }

    /// <summary>The steps in order: (node, −1) computes the node, (node, k) accumulates it as constraint k.</summary>
    public (int Node, int Constraint)[] Order { get; }

    /// <summary>Keeps <paramref name="node"/> to the end of the program (a value read after the last instruction).</summary>
    public void KeepToEnd(int node) => _lastRead[node] = int.MaxValue;

    /// <summary>
    /// Walks the steps, giving each computed node a slot: <paramref name="slotOf"/> holds the fixed nodes' slots (inputs,
    /// constants) and receives the computed ones', <paramref name="slots"/> the slot count so far. A computed node takes
    /// a slot freed by a value dead at that step (operands are read before the result is written), else a new one.
    /// <paramref name="accumulate"/>(node, k) emits constraint k's accumulation, <paramref name="compute"/>(node) the
    /// node's operation once its slot is set.
    /// </summary>
    public void Emit(int[] slotOf, ref int slots, Action<int, int> accumulate, Action<int> compute)
    {
        for (int t = 0; t < Order.Length; t++)
        {
            (int node, int k) = Order[t];
            if (k >= 0)
            {
                accumulate(node, k);
                Release(node, t);
                continue;
            }
            (int a, int b) = _operands(node);
            Release(a, t);
            if (b != a) Release(b, t);
            slotOf[node] = _free.Count > 0 ? _free.Pop() : slots++;
            compute(node);
        }

        void Release(int node, int step)
        {
            if (_lastRead[node] == step && _isComputed(node)) _free.Push(slotOf[node]);
        }
    }
}
