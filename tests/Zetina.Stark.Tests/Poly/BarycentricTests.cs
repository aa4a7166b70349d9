using Zetina.Stark.Field;
using Zetina.Stark.Ntt;
using Zetina.Stark.Poly;

namespace Zetina.Stark.Tests.Poly;

/// <summary><see cref="Barycentric.Weights"/> against Horner's rule on the coefficients, and at the points themselves.</summary>
public sealed class BarycentricTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 1)]
    [InlineData(1 << 14, 2)]
    public void The_weighted_values_are_the_polynomial_at_the_point(int n, int threads)
    {
        var random = new Random(n);
        Felt Next() => Felt.FromLimbsReduced((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64() >> 5);
        var coefficients = new Felt[n];
        for (int i = 0; i < n; i++) coefficients[i] = Next();
        var values = (Felt[])coefficients.Clone();
        Radix2Ntt.Forward(values);
        var roots = new Felt[n];
        FeltSpan.Powers(Felt.One, RootsOfUnity.PrimitiveRoot(Zetina.Stark.Common.PowerOfTwo.Log2(n)), roots);
        var weights = new Felt[n];

        Felt x = Next();
        Assert.Equal(-1, Barycentric.Weights(x, roots, weights, threads));
        Assert.Equal(Polynomial.Evaluate(coefficients, x), FeltSpan.Dot(values, weights));

        int at = n / 2;
        Assert.Equal(at, Barycentric.Weights(roots[at], roots, weights, threads));
    }

    [Fact]
    public void Weights_of_another_length_are_refused() =>
        Assert.Throws<ArgumentException>(() => Barycentric.Weights(Felt.One, new Felt[4], new Felt[2]));
}
