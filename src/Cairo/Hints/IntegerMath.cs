using System.Numerics;

namespace Zetina.Cairo.Hints;

/// <summary>Integer helpers the hints share (Python's <c>isqrt</c>).</summary>
internal static class IntegerMath
{
    /// <summary>⌊√n⌋ for n ≥ 0 by Newton's iteration from a power of two above the root (exact for any size).</summary>
    public static BigInteger Isqrt(BigInteger n)
    {
        if (n.Sign < 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (n < 2) return n;
        // x0 = 2^ceil(bits/2) ≥ √n; Newton's step x ← (x + n/x)/2 decreases monotonically to ⌊√n⌋.
        BigInteger x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            BigInteger y = (x + n / x) >> 1;
            if (y >= x) return x;
            x = y;
        }
    }
}
