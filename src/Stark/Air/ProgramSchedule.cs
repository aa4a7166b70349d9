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

    /// <summary>At step <paramref name="step"/>, frees <paramref name="slot"/> when it holds a computed node read there for the last time.</summary>
    public void Release(int node, int slot, int step)
    {
        if (_lastRead[node] == step && _isComputed(node)) _free.Push(slot);
    }

    /// <summary>A slot for a computed value: a freed one, else <paramref name="slots"/> grows by one.</summary>
    public int Take(ref int slots) => _free.Count > 0 ? _free.Pop() : slots++;
}
