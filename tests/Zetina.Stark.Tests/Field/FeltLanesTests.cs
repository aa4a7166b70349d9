using System.Numerics;
using CsCheck;
using Xunit.Abstractions;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Field;

/// <summary>
/// The lane arithmetic (<see cref="FeltLanes"/>) against the scalar <see cref="Felt"/> and a
/// <see cref="BigInteger"/> oracle, both through the span operations (whatever width this processor dispatches to)
/// and directly.
/// </summary>
public class FeltLanesTests(ITestOutputHelper output)
{
    private static readonly BigInteger P = Felt.Modulus;

    /// <summary>Values next to the digit and limb boundaries where a carry or a borrow could go wrong.</summary>
    private static readonly Felt[] EdgeValues =
    [
        Felt.Zero, Felt.One, Felt.MinusOne, Felt.MinusOne - Felt.One, Felt.FromUInt64(uint.MaxValue),
        Felt.FromUInt64(ulong.MaxValue), Felt.FromLimbsReduced(0, 0, 0, 0x0800000000000010UL),
        Felt.FromLimbsReduced(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, 0x0800000000000010UL),
        Felt.FromLimbsReduced(0, 0, 0, 0x0800000000000011UL), Felt.FromLimbsReduced(1, 0, 0, 0x0800000000000011UL),
        // Raw Montgomery limbs at the top of the range: p − 1, and the largest values below 2^32-digit boundaries.
        new Felt(0, 0, 0, Felt.P3), new Felt(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, Felt.P3 - 1),
        new Felt(0xFFFF_FFFFUL, 0, 0xFFFF_FFFF_0000_0000UL, Felt.P3 - 1), new Felt(1, 0, 0, 0),
    ];

    private static Felt[] Inputs(int n, ulong seed)
    {
        var rng = new Random((int)seed);
        var xs = new Felt[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = i % 5 == 0
                ? EdgeValues[rng.Next(EdgeValues.Length)]
                : Felt.FromLimbsReduced((ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64());
        }
        return xs;
    }

    [Fact]
    public void SpanMul_RandomAndEdgeValues_MatchesScalarProductAndOracle()
    {
        output.WriteLine($"field arithmetic here: {FeltLanes.Description}");
        for (int n = 1; n <= 67; n += 11)
        {
            Felt[] a = Inputs(n, (ulong)n), b = Inputs(n, (ulong)n + 1000), d = new Felt[n];
            FeltSpan.Mul(a, b, d);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(Felt.Mul(a[i], b[i]), d[i]);
                Assert.Equal(a[i].ToBigInteger() * b[i].ToBigInteger() % P, d[i].ToBigInteger());
            }
        }
    }

    [Fact]
    public void SpanMul_EveryEdgePair_MatchesScalarProduct()
    {
        int e = EdgeValues.Length;
        var a = new Felt[e * e];
        var b = new Felt[e * e];
        for (int i = 0; i < e; i++)
            for (int j = 0; j < e; j++) { a[i * e + j] = EdgeValues[i]; b[i * e + j] = EdgeValues[j]; }
        var d = new Felt[e * e];
        FeltSpan.Mul(a, b, d);
        for (int i = 0; i < d.Length; i++) Assert.Equal(Felt.Mul(a[i], b[i]), d[i]);
    }

    [Fact]
    public void SpanMul_DestinationAliasesInput_MatchesScalarProduct()
    {
        Felt[] a = Inputs(40, 7), b = Inputs(40, 8);
        Felt[] expected = new Felt[40];
        for (int i = 0; i < 40; i++) expected[i] = Felt.Mul(a[i], b[i]);
        FeltSpan.Mul(a, b, a);
        Assert.Equal(expected, a);
    }

    /// <summary>
    /// Runs <see cref="FeltLanes"/> directly on 64 random-and-edge elements, 200 seeds, against the scalar product and
    /// butterfly. Where the processor has no lane path (<see cref="FeltLanes.Lanes"/> = 1) the entry points must process
    /// nothing, leaving every element to the scalar loop — which the span tests above then cover.
    /// </summary>
    [Fact]
    public void Lanes_RandomAndEdgeValues_MatchScalarProductsAndButterflies() => CheckLanes();

    private unsafe void CheckLanes()
    {
        output.WriteLine($"field arithmetic here: {FeltLanes.Description}");
        const int n = 64;
        for (int seed = 0; seed < 200; seed++)
        {
            Felt[] a = Inputs(n, (ulong)seed * 3), b = Inputs(n, (ulong)seed * 3 + 1), w = Inputs(n, (ulong)seed * 3 + 2);
            Felt[] product = new Felt[n], ea = new Felt[n], eb = new Felt[n], bIn = (Felt[])b.Clone();
            for (int i = 0; i < n; i++)
            {
                Felt t = Felt.Mul(b[i], w[i]);
                ea[i] = Felt.Add(a[i], t);
                eb[i] = Felt.Sub(a[i], t);
            }
            fixed (Felt* pa = a, pb = b, pw = w, pp = product)
            {
                int multiplied = FeltLanes.Mul(pb, pw, pp, n);
                int butterflies = FeltLanes.Butterflies(pa, pb, pw, n);
                int expected = FeltLanes.Lanes == 1 ? 0 : n;
                Assert.Equal(expected, multiplied);
                Assert.Equal(expected, butterflies);
                if (expected == 0) return;
            }
            for (int i = 0; i < n; i++) Assert.Equal(Felt.Mul(bIn[i], w[i]), product[i]);
            Assert.Equal(ea, a);
            Assert.Equal(eb, b);
        }
    }

}
