using System.Numerics;

namespace Zetina.Stark.Crypto;

/// <summary>Arithmetic modulo the curve order n on <see cref="BigInteger"/> (not constant-time).</summary>
internal static class ScalarMath
{
    /// <summary>x mod n in [0, n).</summary>
    public static BigInteger Mod(BigInteger x)
    {
        BigInteger r = x % StarkCurve.Order;
        return r.Sign < 0 ? r + StarkCurve.Order : r;
    }

    /// <summary>a⁻¹ mod n by the extended Euclidean algorithm; a must not be divisible by n.</summary>
    public static BigInteger Inverse(BigInteger a)
    {
        BigInteger n = StarkCurve.Order;
        BigInteger r0 = n, r1 = Mod(a);
        if (r1.IsZero) throw new DivideByZeroException("zero has no inverse modulo the curve order");
        BigInteger t0 = BigInteger.Zero, t1 = BigInteger.One;
        while (!r1.IsZero)
        {
            BigInteger q = BigInteger.DivRem(r0, r1, out BigInteger rem);
            r0 = r1; r1 = rem;
            (t0, t1) = (t1, t0 - q * t1);
        }
        return Mod(t0);
    }
}
