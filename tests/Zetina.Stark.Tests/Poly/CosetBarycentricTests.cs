using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;
using Zetina.Stark.Poly;

namespace Zetina.Stark.Tests.Poly;

/// <summary>
/// <see cref="CosetBarycentric"/>: a polynomial's value read off its extension on shift·⟨ω_N⟩ equals Horner's rule on
/// its coefficients and the barycentric value from its values on ⟨ω_n⟩ (what the prover used before), for random
/// polynomials at several sizes and blowups.
/// </summary>
public sealed class CosetBarycentricTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(8, 1, 1)]
    [InlineData(8, 3, 1)]
    [InlineData(256, 0, 1)]
    [InlineData(1024, 2, 2)]
    [InlineData(1 << 14, 1, 2)]
    [InlineData(1 << 12, 4, 2)]
    public void The_value_from_the_extension_is_the_value_from_the_trace(int n, int logBlowup, int threads)
    {
        int seed = n * 31 + logBlowup;
        var random = new Random(seed);
        Felt Next() => RandomFelt(random);
        Felt[] coefficients = RandomFelts(random, n);
        var trace = (Felt[])coefficients.Clone();
        Radix2Ntt.Forward(trace);
        var extended = new Felt[n << logBlowup];
        new CpuLdeBackend(threads).EvaluateOnCoset(coefficients, RootsOfUnity.Generator, extended);
        var roots = new Felt[n];
        FeltSpan.Powers(Felt.One, RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(n)), roots);

        for (int k = 0; k < 3; k++)
        {
            Felt x = Next();
            var weights = new Felt[n];
            CosetBarycentric.Weights(x, RootsOfUnity.Generator, roots, weights, threads);
            var traceWeights = new Felt[n];
            Assert.Equal(-1, Barycentric.Weights(x, roots, traceWeights, threads));
            Felt expected = Polynomial.Evaluate(coefficients, x);
            Assert.True(expected == ValueAt(extended, logBlowup, weights), $"seed {seed}, point {k}");
            Assert.True(expected == FeltSpan.Dot(trace, traceWeights), $"seed {seed}, point {k}");
        }
    }

    [Theory]
    [InlineData(8, 1, 3)]
    [InlineData(256, 0, 255)]
    [InlineData(1024, 2, 517)]
    [InlineData(1 << 12, 1, 1)]
    public void The_weights_for_x_turned_give_the_value_at_x_times_a_root(int n, int logBlowup, int rotation)
    {
        int seed = n * 7 + rotation;
        var random = new Random(seed);
        Felt[] coefficients = RandomFelts(random, n);
        var extended = new Felt[n << logBlowup];
        new CpuLdeBackend(2).EvaluateOnCoset(coefficients, RootsOfUnity.Generator, extended);
        var roots = new Felt[n];
        Felt omega = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(n));
        FeltSpan.Powers(Felt.One, omega, roots);
        Felt x = RandomFelt(random);
        var weights = new Felt[n];
        CosetBarycentric.Weights(x, RootsOfUnity.Generator, roots, weights, 2);
        Felt expected = Polynomial.Evaluate(coefficients, x * omega.Pow((ulong)rotation));
        Assert.True(expected == ValueAt(extended, logBlowup, weights, rotation), $"seed {seed}");
        Assert.True(expected != ValueAt(extended, logBlowup, weights, rotation + 1), $"seed {seed}: another turn, another value");
        // Several turns in one pass over the column, as the prover reads a column's mask entries.
        int[] rotations = [rotation, 0, n - 1, rotation + 1];
        var values = new Felt[rotations.Length];
        CosetBarycentric.ValuesAt(extended, logBlowup, weights, rotations, values);
        for (int r = 0; r < rotations.Length; r++)
            Assert.True(Polynomial.Evaluate(coefficients, x * omega.Pow((ulong)rotations[r])) == values[r], $"seed {seed}, turn {rotations[r]}");
    }

    /// <summary>One value through <see cref="CosetBarycentric.ValuesAt"/>: at x turned by <paramref name="rotation"/>.</summary>
    private static Felt ValueAt(Felt[] extended, int logBlowup, Felt[] weights, int rotation = 0)
    {
        var value = new Felt[1];
        CosetBarycentric.ValuesAt(extended, logBlowup, weights, [rotation], value);
        return value[0];
    }

    private static Felt RandomFelt(Random random) =>
        Felt.FromLimbsReduced((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64() >> 5);

    private static Felt[] RandomFelts(Random random, int count)
    {
        var felts = new Felt[count];
        for (int i = 0; i < count; i++) felts[i] = RandomFelt(random);
        return felts;
    }

    [Fact]
    public void A_point_of_the_coset_is_refused()
    {
        var roots = new Felt[8];
        FeltSpan.Powers(Felt.One, RootsOfUnity.PrimitiveRoot(3), roots);
        Felt onCoset = RootsOfUnity.Generator * roots[5];
        Assert.Throws<ArgumentException>(() => CosetBarycentric.Weights(onCoset, RootsOfUnity.Generator, roots, new Felt[8], 1));
    }

    [Fact]
    public void An_extension_of_another_length_is_refused() =>
        Assert.Throws<ArgumentException>(() => ValueAt(new Felt[24], 1, new Felt[8]));
}
