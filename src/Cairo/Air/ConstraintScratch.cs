using System.Runtime.CompilerServices;

namespace Zetina.Cairo.Air;

/// <summary>
/// Room on the stack for the intermediate values a constraint evaluation keeps by index (a lane's words, carries,
/// quotients): <see cref="Length"/> values of <typeparamref name="T"/>, used as a span and sliced.
/// </summary>
/// <remarks>
/// Constraints are written over any value type (<see cref="Zetina.Stark.Air.IConstraintValue{T}"/>), and a
/// recording value holds a reference, so <c>stackalloc T[n]</c> is not available; an inline array holds any
/// <typeparamref name="T"/> and costs what a stack allocation costs (the struct lives in the caller's frame,
/// zero-initialised like a stack allocation).
/// </remarks>
/// <typeparam name="T">the value type the constraints are evaluated over</typeparam>
[InlineArray(Length)]
internal struct ConstraintScratch<T> where T : struct
{
    /// <summary>Values held: enough for the largest user (the modular-arithmetic lane's 20 words and 6 carries).</summary>
    public const int Length = 32;

    private T _element0;
}
