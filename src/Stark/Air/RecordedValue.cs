using Zetina.Stark.Field;

namespace Zetina.Stark.Air;

/// <summary>The operations a recording is made of.</summary>
internal enum RecordedOperation : byte
{
    /// <summary>a + b.</summary>
    Add,

    /// <summary>a − b.</summary>
    Sub,

    /// <summary>a · b.</summary>
    Mul,
}

/// <summary>What records the operations on <see cref="RecordedValue"/>s: one node per distinct operation.</summary>
internal interface IConstraintRecorder
{
    /// <summary>The node of <paramref name="operation"/> on <paramref name="a"/> and <paramref name="b"/>, at least one of them a node.</summary>
    RecordedValue Operation(RecordedOperation operation, RecordedValue a, RecordedValue b);
}

/// <summary>
/// A value of the constraints as a recording: a field constant, or a node of the program an
/// <see cref="IConstraintRecorder"/> is recording (an input such as a mask cell, or an operation on other nodes).
/// </summary>
/// <remarks>
/// Arithmetic on two constants is done at once, so whatever depends only on the statement and the interaction
/// challenges is computed once when the constraints are recorded, never per point. The identities x·1 = x, x·0 = 0,
/// x ± 0 = x hold exactly, so folding them changes no value.
/// </remarks>
internal readonly struct RecordedValue : IConstraintValue<RecordedValue>
{
    private readonly IConstraintRecorder? _recorder;

    private RecordedValue(Felt constant)
    {
        Constant = constant;
        Node = -1;
    }

    /// <summary>Node <paramref name="node"/> of <paramref name="recorder"/>'s program.</summary>
    internal RecordedValue(IConstraintRecorder recorder, int node)
    {
        _recorder = recorder;
        Node = node;
    }

    /// <summary>Whether the value is a constant (no node).</summary>
    public bool IsConstant => _recorder is null;

    /// <summary>The constant, when <see cref="IsConstant"/>.</summary>
    public Felt Constant { get; }

    /// <summary>The node in the program being recorded, or −1 for a constant.</summary>
    public int Node { get; }

    /// <inheritdoc/>
    public static RecordedValue operator +(RecordedValue a, RecordedValue b)
    {
        if (a.IsConstant && b.IsConstant) return new(a.Constant + b.Constant);
        if (a.IsConstant && a.Constant.IsZero) return b;
        if (b.IsConstant && b.Constant.IsZero) return a;
        return RecorderOf(a, b).Operation(RecordedOperation.Add, a, b);
    }

    /// <inheritdoc/>
    public static RecordedValue operator -(RecordedValue a, RecordedValue b)
    {
        if (a.IsConstant && b.IsConstant) return new(a.Constant - b.Constant);
        if (b.IsConstant && b.Constant.IsZero) return a;
        return RecorderOf(a, b).Operation(RecordedOperation.Sub, a, b);
    }

    /// <inheritdoc/>
    public static RecordedValue operator *(RecordedValue a, RecordedValue b)
    {
        if (a.IsConstant && b.IsConstant) return new(a.Constant * b.Constant);
        if (a.IsConstant && a.Constant.IsZero || b.IsConstant && b.Constant.IsZero) return new(Felt.Zero);
        if (a.IsConstant && a.Constant.IsOne) return b;
        if (b.IsConstant && b.Constant.IsOne) return a;
        return RecorderOf(a, b).Operation(RecordedOperation.Mul, a, b);
    }

    /// <inheritdoc/>
    public static implicit operator RecordedValue(Felt constant) => new(constant);

    private static IConstraintRecorder RecorderOf(RecordedValue a, RecordedValue b) => (a._recorder ?? b._recorder)!;
}
