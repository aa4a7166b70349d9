using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>One field element: the constraints evaluated at one point, as the verifier and the trace checker do.</summary>
/// <param name="Value">the element</param>
internal readonly record struct StoneFelt(Felt Value) : IStoneValue<StoneFelt>
{
    /// <inheritdoc/>
    public static StoneFelt operator +(StoneFelt a, StoneFelt b) => new(a.Value + b.Value);

    /// <inheritdoc/>
    public static StoneFelt operator -(StoneFelt a, StoneFelt b) => new(a.Value - b.Value);

    /// <inheritdoc/>
    public static StoneFelt operator *(StoneFelt a, StoneFelt b) => new(a.Value * b.Value);

    /// <inheritdoc/>
    public static implicit operator StoneFelt(Felt constant) => new(constant);

    /// <summary>The element.</summary>
    public static implicit operator Felt(StoneFelt value) => value.Value;
}
