using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// What a constraint is written over: ring arithmetic and field constants. The components are generic over it so that
/// one text of each constraint serves the verifier, which evaluates it at one point (<see cref="StoneFelt"/>), and the
/// prover, which records it once and evaluates the recording over the whole coset (<see cref="StoneExpression"/>).
/// </summary>
/// <remarks>
/// Static abstract members: each component is specialised per value type by the JIT and the AOT compiler, so the
/// verifier's path costs what plain <see cref="Felt"/> arithmetic costs. A constant enters through the implicit
/// conversion, so <c>x - Felt.One</c> reads as it would over <see cref="Felt"/>.
/// </remarks>
/// <typeparam name="T">the implementing value type</typeparam>
internal interface IStoneValue<T> where T : struct, IStoneValue<T>
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
