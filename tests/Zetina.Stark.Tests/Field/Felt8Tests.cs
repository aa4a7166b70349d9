using System.Numerics;
using System.Runtime.Intrinsics;
using CsCheck;
using Xunit.Abstractions;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Field;

/// <summary>
/// The eight-lane AVX-512 arithmetic (<see cref="Felt8"/>) against the scalar <see cref="Felt"/> and a
/// <see cref="BigInteger"/> oracle. On a processor without AVX-512 the lane tests check the scalar fallback of the
/// same span operations and say so in the test output.
/// </summary>
public class Felt8Tests(ITestOutputHelper output)
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
        output.WriteLine(Felt8.IsSupported ? "AVX-512 lanes in use" : "no AVX-512 here: the scalar fallback is what runs");
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

    [Fact]
    public unsafe void Butterfly_RandomLanes_MatchesScalarButterfly()
    {
        if (!Felt8.IsSupported)
        {
            output.WriteLine("no AVX-512 here: Felt8.Butterfly cannot run; the NTT tests cover the scalar butterflies");
            Assert.False(Avx512Probe());
            return;
        }
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            Felt[] a = Inputs(8, (ulong)seed), b = Inputs(8, (ulong)seed + 1), w = Inputs(8, (ulong)seed + 2);
            Felt[] ea = new Felt[8], eb = new Felt[8];
            for (int i = 0; i < 8; i++)
            {
                Felt t = Felt.Mul(b[i], w[i]);
                ea[i] = Felt.Add(a[i], t);
                eb[i] = Felt.Sub(a[i], t);
            }
            fixed (Felt* pa = a, pb = b, pw = w)
            {
                Felt8 x = Felt8.Load(pa), y = Felt8.Load(pb);
                Felt8.Butterfly(ref x, ref y, Felt8.Load(pw));
                x.Store(pa);
                y.Store(pb);
            }
            return ea.AsSpan().SequenceEqual(a) && eb.AsSpan().SequenceEqual(b);
        }, iter: 500);
    }

    [Fact]
    public unsafe void LoadStore_RoundTrip_KeepsEveryElementInPlace()
    {
        if (!Felt8.IsSupported)
        {
            Assert.False(Avx512Probe());
            return;
        }
        Felt[] xs = Inputs(8, 99), copy = new Felt[8];
        fixed (Felt* p = xs, q = copy)
        {
            Felt8 v = Felt8.Load(p);
            for (int k = 0; k < 8; k++) Assert.Equal(xs[k].L0, v.L0.GetElement(k));
            v.Store(q);
        }
        Assert.Equal(xs, copy);
    }

    private static bool Avx512Probe() => System.Runtime.Intrinsics.X86.Avx512F.IsSupported && Vector512.IsHardwareAccelerated;
}
