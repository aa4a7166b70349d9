using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// A value of the constraints that depends on the point alone — a product of vanishing polynomials
/// x^(n/p) − g^k, a domain's numerator — as the polynomial Σ_j c_j·u^j in u = x^(n/<see cref="Period"/>), the
/// coarsest power of the point all its terms are powers of. Known as a polynomial, it is evaluated on all of the
/// composition's points by one NTT (<see cref="Proving.StoneCompositionPolynomial"/>) instead of product by product
/// at each point.
/// </summary>
/// <remarks>
/// Built by exact arithmetic on the recorded operations (<see cref="Add"/>, <see cref="Subtract"/>,
/// <see cref="Multiply"/>), so its value at any point is the value the operations give there. Two operands with
/// different periods meet in the finer one: u_A = x^(n/P_A) is u^(P/P_A) for P = max(P_A, P_B). After each operation
/// the result moves to the coarsest u its nonzero exponents allow (every exponent a multiple of 2^t: u^(2^t)).
/// </remarks>
internal sealed class StonePointPolynomial : IEquatable<StonePointPolynomial>
{
    private StonePointPolynomial(long period, Felt[] coefficients)
    {
        Period = period;
        Coefficients = coefficients;
    }

    /// <summary>The period p of u = x^(n/p): u repeats down the trace every p rows.</summary>
    public long Period { get; }

    /// <summary>c_0 … c_d, the coefficients of u^0 … u^d (c_d nonzero unless the polynomial is 0).</summary>
    public Felt[] Coefficients { get; }

    /// <summary>The constant <paramref name="value"/>.</summary>
    public static StonePointPolynomial Constant(Felt value) => new(1, [value]);

    /// <summary>x^(n/<paramref name="period"/>) itself.</summary>
    public static StonePointPolynomial PointPower(long period) => new(period, [Felt.Zero, Felt.One]);

    /// <summary>The value at u = <paramref name="u"/> (Horner's rule).</summary>
    public Felt Evaluate(Felt u)
    {
        Felt value = Felt.Zero;
        for (int j = Coefficients.Length - 1; j >= 0; j--) value = value * u + Coefficients[j];
        return value;
    }

    /// <summary><paramref name="a"/> + <paramref name="b"/>, or null past <paramref name="maxCoefficients"/>.</summary>
    public static StonePointPolynomial? Add(StonePointPolynomial a, StonePointPolynomial b, int maxCoefficients) =>
        Combine(a, b, Felt.One, maxCoefficients);

    /// <summary><paramref name="a"/> − <paramref name="b"/>, or null past <paramref name="maxCoefficients"/>.</summary>
    public static StonePointPolynomial? Subtract(StonePointPolynomial a, StonePointPolynomial b, int maxCoefficients) =>
        Combine(a, b, Felt.Zero - Felt.One, maxCoefficients);

    /// <summary>
    /// <paramref name="a"/> · <paramref name="b"/>, or null when the product would have more than
    /// <paramref name="maxCoefficients"/> coefficients: schoolbook, one scaled row of the denser factor per nonzero
    /// term of the sparser (a domain is built factor by factor, so one side is short).
    /// </summary>
    public static unsafe StonePointPolynomial? Multiply(StonePointPolynomial a, StonePointPolynomial b, int maxCoefficients)
    {
        long period = Math.Max(a.Period, b.Period);
        if (NonzeroCount(a) > NonzeroCount(b)) (a, b) = (b, a);
        long length = a.Degree * (period / a.Period) + b.Degree * (period / b.Period) + 1;
        if (length > maxCoefficients) return null;
        Felt[] row = Spread(b, period, b.Degree * (period / b.Period) + 1, copy: false);
        var product = new Felt[length];
        long stride = period / a.Period;
        fixed (Felt* destination = product, source = row)
            for (int i = 0; i < a.Coefficients.Length; i++)
            {
                Felt c = a.Coefficients[i];
                if (c.IsZero) continue;
                Felt* d = destination + i * stride;
                for (int j = FeltLanes.AddScaled(d, source, c, row.Length); j < row.Length; j++) d[j] += c * source[j];
            }
        return Normalized(period, product);
    }

    /// <summary>The same polynomial: equal periods and coefficients (two domains recorded along different products).</summary>
    public bool Equals(StonePointPolynomial? other) =>
        other is not null && Period == other.Period && Coefficients.AsSpan().SequenceEqual(other.Coefficients);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as StonePointPolynomial);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Period, Coefficients.Length, Coefficients[^1], Coefficients[0]);

    private long Degree => Coefficients.Length - 1;

    private static StonePointPolynomial? Combine(StonePointPolynomial a, StonePointPolynomial b, Felt signOfB, int maxCoefficients)
    {
        long period = Math.Max(a.Period, b.Period);
        long length = Math.Max(a.Degree * (period / a.Period), b.Degree * (period / b.Period)) + 1;
        if (length > maxCoefficients) return null;
        Felt[] sum = Spread(a, period, length, copy: true);
        long stride = period / b.Period;
        for (int j = 0; j < b.Coefficients.Length; j++) sum[j * stride] += signOfB * b.Coefficients[j];
        return Normalized(period, sum);
    }

    /// <summary>
    /// The coefficients of <paramref name="p"/> in x^(n/<paramref name="period"/>), <paramref name="length"/> of them
    /// (<paramref name="p"/>'s own array when they are the same and no <paramref name="copy"/> is asked for).
    /// </summary>
    private static Felt[] Spread(StonePointPolynomial p, long period, long length, bool copy)
    {
        if (!copy && period == p.Period && length == p.Coefficients.Length) return p.Coefficients;
        var spread = new Felt[length];
        long stride = period / p.Period;
        for (int j = 0; j < p.Coefficients.Length; j++) spread[j * stride] = p.Coefficients[j];
        return spread;
    }

    /// <summary>Trailing zero coefficients dropped; then in the coarsest u = x^(n/p') every nonzero exponent allows.</summary>
    private static StonePointPolynomial Normalized(long period, Felt[] coefficients)
    {
        int length = coefficients.Length;
        while (length > 1 && coefficients[length - 1].IsZero) length--;
        uint exponents = 0;
        for (int j = 1; j < length; j++) if (!coefficients[j].IsZero) exponents |= (uint)j;
        // Every nonzero exponent is a multiple of 2^t; u^(2^t) = x^(n/(period/2^t)) while 2^t divides the period.
        long step = exponents == 0 ? period : Math.Min(1L << BitOperations.TrailingZeroCount(exponents), period);
        while (period % step != 0) step >>= 1;
        if (step == 1)
            return new StonePointPolynomial(period, length == coefficients.Length ? coefficients : coefficients[..length]);
        var coarse = new Felt[(length - 1) / step + 1];
        for (int j = 0; j < coarse.Length; j++) coarse[j] = coefficients[j * step];
        return new StonePointPolynomial(period / step, coarse);
    }

    private static int NonzeroCount(StonePointPolynomial p)
    {
        int count = 0;
        foreach (Felt c in p.Coefficients) if (!c.IsZero) count++;
        return count;
    }
}
