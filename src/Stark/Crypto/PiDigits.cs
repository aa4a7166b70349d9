using System.Globalization;
using System.Numerics;

namespace Zetina.Stark.Crypto;

/// <summary>
/// Decimal digits of π ("3141592653…"), computed with Machin's formula π = 16·arctan(1/5) − 4·arctan(1/239) in
/// fixed-point integer arithmetic. The source of StarkWare's "nothing up my sleeve" curve constants.
/// </summary>
internal static class PiDigits
{
    /// <summary>The first <paramref name="count"/> decimal digits of π, starting with the leading 3.</summary>
    public static string First(int count)
    {
        int guard = 20; // extra digits absorb the truncation error of the series
        BigInteger one = BigInteger.Pow(10, count + guard);
        BigInteger pi = 4 * (4 * ArctanInverse(5, one) - ArctanInverse(239, one));
        return pi.ToString(CultureInfo.InvariantCulture)[..count];
    }

    /// <summary>arctan(1/x)·one by its Taylor series Σ (−1)^k / ((2k+1)·x^(2k+1)).</summary>
    private static BigInteger ArctanInverse(int x, BigInteger one)
    {
        BigInteger term = one / x;
        BigInteger sum = term;
        BigInteger x2 = x * x;
        int sign = -1;
        for (int k = 1; !term.IsZero; k++)
        {
            term /= x2;
            sum += sign * (term / (2 * k + 1));
            sign = -sign;
        }
        return sum;
    }
}
