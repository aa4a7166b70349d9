using Zetina.Stark.Air;

namespace Zetina.Cairo.Air;

/// <summary>Boolean operations on values the constraints have made bits, written as polynomials over any constraint value.</summary>
internal static class BitConstraints
{
    /// <summary>u ⊕ v = u + v − 2·u·v for bits u, v (degree 2, one product).</summary>
    public static T Xor<T>(in T u, in T v) where T : struct, IConstraintValue<T>
    {
        T uv = u * v;
        return u + v - (uv + uv);
    }
}
