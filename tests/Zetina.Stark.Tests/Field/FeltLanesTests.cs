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
[Collection(KernelSwitchCollection.Name)]
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
        // Raw limbs at the 52-bit limb boundaries: 2^52 − 1, 2^52, 2^104 − 1, 2^208 − 1, 2^251 − 1, 2^251, 2^251 + 2^208 − 1.
        new Felt((1UL << 52) - 1, 0, 0, 0), new Felt(1UL << 52, 0, 0, 0), new Felt(ulong.MaxValue, (1UL << 40) - 1, 0, 0),
        new Felt(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, (1UL << 16) - 1),
        new Felt(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, (1UL << 59) - 1), new Felt(0, 0, 0, 1UL << 59),
        new Felt(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, (1UL << 59) | 0xFFFF),
    ];

    /// <summary>The values with every raw limb pattern at or above p replaced by p − 1.</summary>
    private static Felt[] Canonical(Felt[] values) =>
        values.Select(v => v.L3 < Felt.P3 || (v.L3 == Felt.P3 && v.L2 == 0 && v.L1 == 0 && v.L0 == 0) ? v : Felt.MinusOne).ToArray();

    internal static Felt[] Inputs(int n, ulong seed)
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

    [Theory]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(67)]
    [InlineData(1000)]
    [InlineData(4099)]
    public void BatchInverse_LaneSizesAndTails_EqualsElementwiseInverse(int n)
    {
        Felt[] xs = Inputs(n, (ulong)n);
        for (int i = 0; i < n; i++) if (xs[i].IsZero) xs[i] = Felt.One;
        var inv = new Felt[n];
        Felt.BatchInverse(xs, inv);
        for (int i = 0; i < n; i++) Assert.Equal(xs[i].Inverse(), inv[i]);
        // In place: the result aliases the input.
        Felt[] copy = (Felt[])xs.Clone();
        Felt.BatchInverse(copy, copy);
        Assert.Equal(inv, copy);
    }

    [Fact]
    public void ScaleByPowers_EverySizeUpTo67_MatchesScalarPowers()
    {
        Felt start = Inputs(2, 11)[1], step = Inputs(2, 12)[1];
        for (int n = 1; n <= 67; n++)
        {
            Felt[] xs = Inputs(n, (ulong)n + 77), expected = new Felt[n];
            Felt x = start;
            for (int i = 0; i < n; i++) { expected[i] = Felt.Mul(xs[i], x); x = Felt.Mul(x, step); }
            Zetina.Stark.Ntt.Radix2Ntt.ScaleByPowers(xs, start, step, maxThreads: 1);
            Assert.Equal(expected, xs);
            Zetina.Stark.Ntt.Radix2Ntt.Scale(xs, step, maxThreads: 1);
            for (int i = 0; i < n; i++) Assert.Equal(Felt.Mul(expected[i], step), xs[i]);
        }
    }

    [Fact]
    public void BatchInverse_ZeroDeepInsideTheLanes_NamesItsIndexAndWritesNothing()
    {
        Felt[] xs = Inputs(200, 5);
        for (int i = 0; i < xs.Length; i++) if (xs[i].IsZero) xs[i] = Felt.One;
        xs[137] = Felt.Zero;
        var result = new Felt[200];
        var e = Assert.Throws<DivideByZeroException>(() => Felt.BatchInverse(xs, result));
        Assert.Contains("element 137", e.Message);
        Assert.All(result, r => Assert.True(r.IsZero));
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

    /// <summary>
    /// Both limb layouts, called directly through every entry point on random-and-edge elements (200 seeds, each printed
    /// on failure): the 52-bit FMA limbs against the 32-bit digits and the scalar arithmetic, bit for bit.
    /// </summary>
    [Fact]
    public void Layouts_RandomAndEdgeValues_Limbs52MatchDigitsAndScalar()
    {
        output.WriteLine($"field arithmetic here: {FeltLanes.Description}");
        if (FeltLanes.Lanes == 1 || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            Assert.False(FeltLanes.UsesFma52);
            return;
        }
        Assert.True(FeltLanes.UsesFma52);
        for (int seed = 0; seed < 200; seed++)
        {
            try
            {
                CheckLayouts(seed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {e.Message}");
            }
        }
    }

    private static unsafe void CheckLayouts(int seed)
    {
        const int n = 64;
        Felt[] a = Inputs(n, (ulong)seed * 7), b = Inputs(n, (ulong)seed * 7 + 1), w = Inputs(n, (ulong)seed * 7 + 2);
        Felt[] w2 = Inputs(n, (ulong)seed * 7 + 3), w3 = Inputs(n, (ulong)seed * 7 + 4);

        // Products.
        Felt[] p52 = new Felt[n], p32 = new Felt[n];
        fixed (Felt* pa = a, pb = b, pd = p52) Assert.Equal(n, FeltLanes.Mul<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(pa, pb, pd, n));
        fixed (Felt* pa = a, pb = b, pd = p32) Assert.Equal(n, FeltLanes.Mul<FeltLanes.Digits, FeltLanes.Digits>(pa, pb, pd, n));
        for (int i = 0; i < n; i++) Assert.Equal(Felt.Mul(a[i], b[i]), p52[i]);
        Assert.Equal(p32, p52);

        // Single butterflies.
        Felt[] ua = (Felt[])a.Clone(), ub = (Felt[])b.Clone(), va = (Felt[])a.Clone(), vb = (Felt[])b.Clone();
        fixed (Felt* pa = ua, pb = ub, pw = w) FeltLanes.Butterflies<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(pa, pb, pw, n);
        fixed (Felt* pa = va, pb = vb, pw = w) FeltLanes.Butterflies<FeltLanes.Digits, FeltLanes.Digits>(pa, pb, pw, n);
        for (int i = 0; i < n; i++)
        {
            Felt t = Felt.Mul(b[i], w[i]);
            Assert.Equal(Felt.Add(a[i], t), ua[i]);
            Assert.Equal(Felt.Sub(a[i], t), ub[i]);
        }
        Assert.Equal(va, ua);
        Assert.Equal(vb, ub);

        // Two stages at once, on four quarter-arrays.
        Felt[][] q52 = [(Felt[])a.Clone(), (Felt[])b.Clone(), (Felt[])w2.Clone(), (Felt[])w3.Clone()];
        Felt[][] q32 = [(Felt[])a.Clone(), (Felt[])b.Clone(), (Felt[])w2.Clone(), (Felt[])w3.Clone()];
        Felt[] wa = Inputs(n, (ulong)seed * 7 + 5), wb = Inputs(n, (ulong)seed * 7 + 6);
        fixed (Felt* e0 = q52[0], e1 = q52[1], e2 = q52[2], e3 = q52[3], pw = w, pwa = wa, pwb = wb)
            FeltLanes.ButterflyPairs<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(e0, e1, e2, e3, pw, pwa, pwb, n);
        fixed (Felt* e0 = q32[0], e1 = q32[1], e2 = q32[2], e3 = q32[3], pw = w, pwa = wa, pwb = wb)
            FeltLanes.ButterflyPairs<FeltLanes.Digits, FeltLanes.Digits>(e0, e1, e2, e3, pw, pwa, pwb, n);
        for (int i = 0; i < n; i++)
        {
            Felt t = Felt.Mul(b[i], w[i]);
            Felt b0 = Felt.Add(a[i], t), b1 = Felt.Sub(a[i], t);
            t = Felt.Mul(w3[i], w[i]);
            Felt b2 = Felt.Add(w2[i], t), b3 = Felt.Sub(w2[i], t);
            t = Felt.Mul(b2, wa[i]);
            Assert.Equal(Felt.Add(b0, t), q52[0][i]);
            Assert.Equal(Felt.Sub(b0, t), q52[2][i]);
            t = Felt.Mul(b3, wb[i]);
            Assert.Equal(Felt.Add(b1, t), q52[1][i]);
            Assert.Equal(Felt.Sub(b1, t), q52[3][i]);
        }
        for (int k = 0; k < 4; k++) Assert.Equal(q32[k], q52[k]);

        // Decimation-in-frequency butterflies, single and in stage pairs; their differences come first, so the inputs
        // must be below p like every element an NTT holds (some edge values above are raw limbs past p).
        a = Canonical(a); b = Canonical(b); w2 = Canonical(w2); w3 = Canonical(w3);
        Felt[] fa52 = (Felt[])a.Clone(), fb52 = (Felt[])b.Clone(), fa32 = (Felt[])a.Clone(), fb32 = (Felt[])b.Clone();
        fixed (Felt* pa = fa52, pb = fb52, pw = w) FeltLanes.DifButterflies<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(pa, pb, pw, n);
        fixed (Felt* pa = fa32, pb = fb32, pw = w) FeltLanes.DifButterflies<FeltLanes.Digits, FeltLanes.Digits>(pa, pb, pw, n);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(Felt.Add(a[i], b[i]), fa52[i]);
            Assert.Equal(Felt.Mul(Felt.Sub(a[i], b[i]), w[i]), fb52[i]);
        }
        Assert.Equal(fa32, fa52);
        Assert.Equal(fb32, fb52);
        Felt[][] dif52 = [(Felt[])a.Clone(), (Felt[])b.Clone(), (Felt[])w2.Clone(), (Felt[])w3.Clone()];
        Felt[][] dif32 = [(Felt[])a.Clone(), (Felt[])b.Clone(), (Felt[])w2.Clone(), (Felt[])w3.Clone()];
        fixed (Felt* e0 = dif52[0], e1 = dif52[1], e2 = dif52[2], e3 = dif52[3], pw = w, pwa = wa, pwb = wb)
            FeltLanes.DifButterflyPairs<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(e0, e1, e2, e3, pw, pwa, pwb, n);
        fixed (Felt* e0 = dif32[0], e1 = dif32[1], e2 = dif32[2], e3 = dif32[3], pw = w, pwa = wa, pwb = wb)
            FeltLanes.DifButterflyPairs<FeltLanes.Digits, FeltLanes.Digits>(e0, e1, e2, e3, pw, pwa, pwb, n);
        for (int i = 0; i < n; i++)
        {
            Felt t0 = Felt.Add(a[i], w2[i]), t2 = Felt.Mul(Felt.Sub(a[i], w2[i]), w[i]);
            Felt t1 = Felt.Add(b[i], w3[i]), t3 = Felt.Mul(Felt.Sub(b[i], w3[i]), wa[i]);
            Assert.Equal(Felt.Add(t0, t1), dif52[0][i]);
            Assert.Equal(Felt.Mul(Felt.Sub(t0, t1), wb[i]), dif52[1][i]);
            Assert.Equal(Felt.Add(t2, t3), dif52[2][i]);
            Assert.Equal(Felt.Mul(Felt.Sub(t2, t3), wb[i]), dif52[3][i]);
        }
        for (int k = 0; k < 4; k++) Assert.Equal(dif32[k], dif52[k]);

        // Powers (the value chain runs through AsFactor) and batch inversion (products of running products).
        Felt start = a[seed % n], step = b[(seed + 1) % n];
        Felt[] s52 = (Felt[])w.Clone(), s32 = (Felt[])w.Clone();
        fixed (Felt* ps = s52) FeltLanes.MulByPowers<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(ps, n, start, step);
        fixed (Felt* ps = s32) FeltLanes.MulByPowers<FeltLanes.Digits, FeltLanes.Digits>(ps, n, start, step);
        Felt x = start;
        for (int i = 0; i < n; i++) { Assert.Equal(Felt.Mul(w[i], x), s52[i]); x = Felt.Mul(x, step); }
        Assert.Equal(s32, s52);

        Felt[] nz = (Felt[])w.Clone();
        for (int i = 0; i < n; i++) if (nz[i].IsZero) nz[i] = Felt.One;
        Felt[] inv52 = new Felt[n], inv32 = new Felt[n], prefix = new Felt[n];
        fixed (Felt* pv = nz, pr = inv52, pp = prefix) FeltLanes.BatchInverse<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(pv, pr, pp, n);
        fixed (Felt* pv = nz, pr = inv32, pp = prefix) FeltLanes.BatchInverse<FeltLanes.Digits, FeltLanes.Digits>(pv, pr, pp, n);
        for (int i = 0; i < n; i++) Assert.Equal(nz[i].Inverse(), inv52[i]);
        Assert.Equal(inv32, inv52);

        // A term of a linear combination: accumulator + c·x.
        Felt c = b[seed % n];
        Felt[] acc52 = (Felt[])a.Clone(), acc32 = (Felt[])a.Clone();
        fixed (Felt* pa = acc52, px = w) FeltLanes.AddScaled<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(pa, px, c, n);
        fixed (Felt* pa = acc32, px = w) FeltLanes.AddScaled<FeltLanes.Digits, FeltLanes.Digits>(pa, px, c, n);
        for (int i = 0; i < n; i++) Assert.Equal(Felt.Add(a[i], Felt.Mul(c, w[i])), acc52[i]);
        Assert.Equal(acc32, acc52);

        Felt dot = Felt.Zero;
        for (int i = 0; i < n; i++) dot = Felt.Add(dot, Felt.Mul(a[i], w[i]));
        fixed (Felt* pa = a, pw = w)
        {
            Assert.Equal(n, FeltLanes.Dot<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(pa, pw, n, out Felt dot52));
            Assert.Equal(dot, dot52);
            FeltLanes.Dot<FeltLanes.Digits, FeltLanes.Digits>(pa, pw, n, out Felt dot32);
            Assert.Equal(dot, dot32);
        }
    }
}
