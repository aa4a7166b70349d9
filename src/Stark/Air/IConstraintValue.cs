using Zetina.Stark.Field;

namespace Zetina.Stark.Air;

/// <summary>
/// What a constraint is written over: ring arithmetic and field constants. Constraints written once over it serve the
/// verifier and the trace checker, which evaluate them at one point (<see cref="FeltValue"/>), and the prover, which
/// records them once (<see cref="RecordedValue"/>) and runs the recording over many points at a time
/// (<see cref="ConstraintProgram"/>), so the two sides cannot disagree on a constraint.
/// </summary>
/// <remarks>
/// Static abstract members: the constraint text is specialised per value type by the JIT and the AOT compiler, so the
/// one-point path costs what plain <see cref="Felt"/> arithmetic costs. A constant enters through the implicit
/// conversion, so <c>x - Felt.One</c> reads as it would over <see cref="Felt"/>.
/// </remarks>
/// <typeparam name="T">the implementing value type</typeparam>
public interface IConstraintValue<T> where T : struct, IConstraintValue<T>
{
    /// <summary>The sum.</summary>
    static abstract T operator +(T a, T b);

    /// <summary>The difference.</summary>
    static abstract T operator -(T a, T b);

    /// <summary>The product.</summary>
    static abstract T operator *(T a, T b);

    /// <summary>A field constant as a value.</summary>
    static abstract implicit operator T(Felt constant);
}
