using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Layouts;

/// <summary>
/// <see cref="StonePointPolynomial"/>'s exact arithmetic against the same operations on field elements at random
/// points, across powers of the point with different periods, and its refusal past the coefficient bound.
/// </summary>
public sealed class StonePointPolynomialTests
{
    private const long TraceLength = 1 << 20;

    [Fact]
    public void A_domain_built_factor_by_factor_has_the_value_of_its_factors_at_every_point()
    {
        var random = new Random(7);
        // Π_a (x^(n/p_a) − c_a) over mixed periods, then a sum and a difference with further powers.
        long[] periods = [1 << 20, 1 << 14, 1 << 20, 1 << 8, 1 << 14, 1 << 20];
        Felt[] shifts = [.. periods.Select(_ => RandomFelt(random))];
        StonePointPolynomial? product = StonePointPolynomial.Constant(Felt.One);
        for (int i = 0; i < periods.Length; i++)
            product = StonePointPolynomial.Multiply(product!,
                StonePointPolynomial.Subtract(StonePointPolynomial.PointPower(periods[i]), StonePointPolynomial.Constant(shifts[i]), 1 << 18)!, 1 << 18);
        Felt extra = RandomFelt(random);
        StonePointPolynomial sum = StonePointPolynomial.Add(product!,
            StonePointPolynomial.Multiply(StonePointPolynomial.PointPower(1 << 10), StonePointPolynomial.Constant(extra), 1 << 18)!, 1 << 18)!;
        StonePointPolynomial difference = StonePointPolynomial.Subtract(sum, StonePointPolynomial.PointPower(1 << 20), 1 << 18)!;

        for (int trial = 0; trial < 8; trial++)
        {
            Felt x = RandomFelt(random);
            Felt expected = Felt.One;
            for (int i = 0; i < periods.Length; i++) expected *= Power(x, periods[i]) - shifts[i];
            Assert.Equal(expected, product!.Evaluate(Power(x, product.Period)));
            expected += extra * Power(x, 1 << 10);
            Assert.Equal(expected, sum.Evaluate(Power(x, sum.Period)));
            Assert.Equal(expected - x, difference.Evaluate(Power(x, difference.Period)));
        }
    }

    [Fact]
    public void A_polynomial_in_a_coarse_power_of_the_point_is_kept_in_that_power()
    {
        // (x^64 − 2)(x^64 − 3) over a trace of 2^20 rows is a polynomial in u = x^64 = x^(n/2^14): three coefficients.
        long period = TraceLength / 64;
        StonePointPolynomial factor(ulong c) =>
            StonePointPolynomial.Subtract(StonePointPolynomial.PointPower(period), StonePointPolynomial.Constant(Felt.FromUInt64(c)), 1 << 18)!;
        StonePointPolynomial product = StonePointPolynomial.Multiply(factor(2), factor(3), 1 << 18)!;
        Assert.Equal(period, product.Period);
        Assert.Equal([Felt.FromUInt64(6), Felt.Zero - Felt.FromUInt64(5), Felt.One], product.Coefficients);

        // x^(n/2^20)·x^(n/2^20) = x^2 cancels back to a coarser power once the odd terms are gone: (x + 1)(x − 1) = x² − 1.
        StonePointPolynomial x = StonePointPolynomial.PointPower(TraceLength);
        StonePointPolynomial square = StonePointPolynomial.Multiply(
            StonePointPolynomial.Add(x, StonePointPolynomial.Constant(Felt.One), 1 << 18)!,
            StonePointPolynomial.Subtract(x, StonePointPolynomial.Constant(Felt.One), 1 << 18)!, 1 << 18)!;
        Assert.Equal(TraceLength / 2, square.Period);
        Assert.Equal([Felt.Zero - Felt.One, Felt.One], square.Coefficients);

        // x − x is the constant 0.
        StonePointPolynomial zero = StonePointPolynomial.Subtract(x, x, 1 << 18)!;
        Assert.Equal([Felt.Zero], zero.Coefficients);
    }

    [Fact]
    public void An_operation_past_the_coefficient_bound_gives_no_polynomial()
    {
        StonePointPolynomial x = StonePointPolynomial.PointPower(TraceLength);
        StonePointPolynomial coarse = StonePointPolynomial.PointPower(TraceLength / 1024);   // x^1024
        Assert.Null(StonePointPolynomial.Multiply(x, coarse, 1024));        // x^1025: 1026 coefficients
        Assert.NotNull(StonePointPolynomial.Multiply(x, coarse, 1026));
        Assert.Null(StonePointPolynomial.Add(x, coarse, 1024));             // x + x^1024: 1025 coefficients
    }

    [Fact]
    public void Equal_polynomials_built_along_different_products_are_equal()
    {
        StonePointPolynomial x = StonePointPolynomial.PointPower(TraceLength);
        StonePointPolynomial a = StonePointPolynomial.Subtract(x, StonePointPolynomial.Constant(Felt.FromUInt64(2)), 1 << 18)!;
        StonePointPolynomial b = StonePointPolynomial.Subtract(x, StonePointPolynomial.Constant(Felt.FromUInt64(3)), 1 << 18)!;
        StonePointPolynomial ab = StonePointPolynomial.Multiply(a, b, 1 << 18)!, ba = StonePointPolynomial.Multiply(b, a, 1 << 18)!;
        Assert.True(ab.Equals(ba));
        Assert.Equal(ab.GetHashCode(), ba.GetHashCode());
        Assert.False(ab.Equals(StonePointPolynomial.Multiply(a, a, 1 << 18)));
    }

    private static Felt Power(Felt x, long period) => x.Pow((ulong)(TraceLength / period));

    private static Felt RandomFelt(Random random) =>
        Felt.FromLimbsReduced((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64() >> 5);
}
