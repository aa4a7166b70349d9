using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// A value of the constraints as a recording: a field constant, or a node of the <see cref="StoneConstraintProgram"/>
/// being recorded (a mask cell, a power of the point, a periodic column, or an operation on other nodes).
/// </summary>
/// <remarks>
/// Arithmetic on two constants is done at once, so whatever depends only on the statement and the interaction
/// elements (the public memory's product, the diluted check's final value, the registers' bounds) is computed once
/// when the constraints are recorded, never per point. The identities x·1 = x, x·0 = 0, x ± 0 = x hold exactly,
/// so folding them changes no value.
/// </remarks>
internal readonly struct StoneExpression : IStoneValue<StoneExpression>
{
    private readonly StoneConstraintProgram.Builder? _builder;

    private StoneExpression(Felt constant)
    {
        Constant = constant;
        Node = -1;
    }

    /// <summary>Node <paramref name="node"/> of <paramref name="builder"/>'s program.</summary>
    internal StoneExpression(StoneConstraintProgram.Builder builder, int node)
    {
        _builder = builder;
        Node = node;
    }

    /// <summary>Whether the value is a constant (no node).</summary>
    public bool IsConstant => _builder is null;

    /// <summary>The constant, when <see cref="IsConstant"/>.</summary>
    public Felt Constant { get; }

    /// <summary>The node in the program being recorded, or −1 for a constant.</summary>
    public int Node { get; }

    /// <inheritdoc/>
    public static StoneExpression operator +(StoneExpression a, StoneExpression b)
    {
        if (a.IsConstant && b.IsConstant) return new(a.Constant + b.Constant);
        if (a.IsConstant && a.Constant.IsZero) return b;
        if (b.IsConstant && b.Constant.IsZero) return a;
        return BuilderOf(a, b).Operation(StoneConstraintProgram.Op.Add, a, b);
    }

    /// <inheritdoc/>
    public static StoneExpression operator -(StoneExpression a, StoneExpression b)
    {
        if (a.IsConstant && b.IsConstant) return new(a.Constant - b.Constant);
        if (b.IsConstant && b.Constant.IsZero) return a;
        return BuilderOf(a, b).Operation(StoneConstraintProgram.Op.Sub, a, b);
    }

    /// <inheritdoc/>
    public static StoneExpression operator *(StoneExpression a, StoneExpression b)
    {
        if (a.IsConstant && b.IsConstant) return new(a.Constant * b.Constant);
        if (a.IsConstant && a.Constant.IsZero || b.IsConstant && b.Constant.IsZero) return new(Felt.Zero);
        if (a.IsConstant && a.Constant.IsOne) return b;
        if (b.IsConstant && b.Constant.IsOne) return a;
        return BuilderOf(a, b).Operation(StoneConstraintProgram.Op.Mul, a, b);
    }

    /// <inheritdoc/>
    public static implicit operator StoneExpression(Felt constant) => new(constant);

    private static StoneConstraintProgram.Builder BuilderOf(StoneExpression a, StoneExpression b) => (a._builder ?? b._builder)!;
}
