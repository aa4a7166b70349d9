using System.Numerics;

namespace Zetina.Stark.Common;

/// <summary>
/// Sizes that must be powers of two: trace lengths, evaluation domains, NTT lengths, Merkle leaf counts, FRI cosets.
/// </summary>
public static class PowerOfTwo
{
    /// <summary>log₂ of a power of two; throws when <paramref name="n"/> is not a positive power of two.</summary>
    public static int Log2(int n)
    {
        if (n <= 0 || !BitOperations.IsPow2(n)) throw new ArgumentException($"expected a power of two, got {n}", nameof(n));
        return BitOperations.Log2((uint)n);
    }
}
