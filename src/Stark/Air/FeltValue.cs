using System.Runtime.InteropServices;
using Zetina.Stark.Field;

namespace Zetina.Stark.Air;

/// <summary>One field element as an <see cref="IConstraintValue{T}"/>: constraints evaluated at one point, as the
/// verifier and the trace checker do. Laid out as a <see cref="Felt"/>, so spans of either are one memory.</summary>
/// <param name="Value">the element</param>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct FeltValue(Felt Value) : IConstraintValue<FeltValue>
{
    /// <inheritdoc/>
    public static FeltValue operator +(FeltValue a, FeltValue b) => new(a.Value + b.Value);

    /// <inheritdoc/>
    public static FeltValue operator -(FeltValue a, FeltValue b) => new(a.Value - b.Value);

    /// <inheritdoc/>
    public static FeltValue operator *(FeltValue a, FeltValue b) => new(a.Value * b.Value);

    /// <inheritdoc/>
    public static implicit operator FeltValue(Felt constant) => new(constant);

    /// <summary>The element.</summary>
    public static implicit operator Felt(FeltValue value) => value.Value;

    /// <summary>A span of elements as values (the same memory).</summary>
    public static ReadOnlySpan<FeltValue> Of(ReadOnlySpan<Felt> values) => MemoryMarshal.Cast<Felt, FeltValue>(values);

    /// <summary>A span of elements as values (the same memory).</summary>
    public static Span<FeltValue> Of(Span<Felt> values) => MemoryMarshal.Cast<Felt, FeltValue>(values);
}
