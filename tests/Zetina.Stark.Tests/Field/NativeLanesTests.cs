using Xunit.Abstractions;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Field;

/// <summary>
/// The native AVX-512 IFMA kernel (<see cref="NativeLanes"/>) against the managed 52-bit lanes and the scalar
/// arithmetic, bit for bit, through every entry point directly and through <see cref="FeltLanes"/>' dispatch with the
/// kernel on and off.
/// </summary>
[Collection(KernelSwitchCollection.Name)]
public class NativeLanesTests(ITestOutputHelper output)
{
    /// <summary>
    /// Where this CPU has AVX-512 IFMA the kernel must be built, loaded and in use: a build that silently left it out
    /// would otherwise pass every other test on the managed lanes alone.
    /// </summary>
    [Fact]
    public void Kernel_OnAnIfmaCpu_IsLoadedAndUsed()
    {
        bool cpuHasIfma = CpuFlags().Contains("avx512ifma") && CpuFlags().Contains("avx512vl");
        output.WriteLine($"cpu avx512ifma: {cpuHasIfma}; kernel supported: {NativeLanes.IsSupported}; field arithmetic: {FeltLanes.Description}");
        Assert.Equal(cpuHasIfma, NativeLanes.IsSupported);
        Assert.Equal(NativeLanes.IsSupported, FeltLanes.UsesNative);
        if (!NativeLanes.IsSupported) Assert.Throws<PlatformNotSupportedException>(() => FeltLanes.UsesNative = true);
    }

    /// <summary>Every entry point of the kernel on 68 random-and-edge elements (200 seeds): 64 processed, equal to the scalar results.</summary>
    [Fact]
    public unsafe void EntryPoints_RandomAndEdgeValues_MatchScalarArithmetic()
    {
        if (!KernelRuns()) return;
        const int n = 68, done = 64;
        for (int seed = 0; seed < 200; seed++)
        {
            try
            {
                Felt[] a = FeltLanesTests.Inputs(n, (ulong)seed * 11), b = FeltLanesTests.Inputs(n, (ulong)seed * 11 + 1);
                Felt[] w = FeltLanesTests.Inputs(n, (ulong)seed * 11 + 2), wa = FeltLanesTests.Inputs(n, (ulong)seed * 11 + 3);
                Felt[] wb = FeltLanesTests.Inputs(n, (ulong)seed * 11 + 4), c2 = FeltLanesTests.Inputs(n, (ulong)seed * 11 + 5);

                var product = new Felt[n];
                fixed (Felt* pa = a, pb = b, pp = product) Assert.Equal(done, NativeLanes.Mul(pa, pb, pp, n));
                for (int i = 0; i < done; i++) Assert.Equal(Felt.Mul(a[i], b[i]), product[i]);
                Assert.All(product[done..], v => Assert.Equal(Felt.Zero, v));

                Felt[] ua = (Felt[])a.Clone(), ub = (Felt[])b.Clone();
                fixed (Felt* pa = ua, pb = ub, pw = w) Assert.Equal(done, NativeLanes.Butterflies(pa, pb, pw, n));
                for (int i = 0; i < done; i++)
                {
                    Felt t = Felt.Mul(b[i], w[i]);
                    Assert.Equal(Felt.Add(a[i], t), ua[i]);
                    Assert.Equal(Felt.Sub(a[i], t), ub[i]);
                }

                Felt[][] q = [(Felt[])a.Clone(), (Felt[])b.Clone(), (Felt[])c2.Clone(), (Felt[])wa.Clone()];
                Felt[] q3In = (Felt[])wa.Clone();
                fixed (Felt* e0 = q[0], e1 = q[1], e2 = q[2], e3 = q[3], pw = w, pwa = wa, pwb = wb)
                    Assert.Equal(done, NativeLanes.ButterflyPairs(e0, e1, e2, e3, pw, pwa, pwb, n));
                for (int i = 0; i < done; i++)
                {
                    Felt t = Felt.Mul(b[i], w[i]);
                    Felt b0 = Felt.Add(a[i], t), b1 = Felt.Sub(a[i], t);
                    t = Felt.Mul(q3In[i], w[i]);
                    Felt b2 = Felt.Add(c2[i], t), b3 = Felt.Sub(c2[i], t);
                    t = Felt.Mul(b2, wa[i]);
                    Assert.Equal(Felt.Add(b0, t), q[0][i]);
                    Assert.Equal(Felt.Sub(b0, t), q[2][i]);
                    t = Felt.Mul(b3, wb[i]);
                    Assert.Equal(Felt.Add(b1, t), q[1][i]);
                    Assert.Equal(Felt.Sub(b1, t), q[3][i]);
                }

                Felt cst = b[seed % n];
                Felt[] acc = (Felt[])a.Clone();
                fixed (Felt* pa = acc, pw = w) Assert.Equal(done, NativeLanes.AddScaled(pa, pw, &cst, n));
                for (int i = 0; i < done; i++) Assert.Equal(Felt.Add(a[i], Felt.Mul(cst, w[i])), acc[i]);

                var partial = new Felt[NativeLanes.Lanes];
                fixed (Felt* pa = a, pw = w, pp = partial) Assert.Equal(done, NativeLanes.Dot(pa, pw, n, pp));
                for (int k = 0; k < NativeLanes.Lanes; k++)
                {
                    Felt expected = Felt.Zero;
                    for (int i = k; i < done; i += NativeLanes.Lanes) expected = Felt.Add(expected, Felt.Mul(a[i], w[i]));
                    Assert.Equal(expected, partial[k]);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}: {e.Message}");
            }
        }
    }

    /// <summary>
    /// <see cref="FeltLanes"/>' entry points with the kernel on and off, every length up to 67 (the kernel's eights, the
    /// managed fours and the scalar tail): the same elements and the same count processed as the managed lanes alone.
    /// </summary>
    [Fact]
    public unsafe void Dispatch_KernelOnAndOff_GivesTheSameNumbers()
    {
        if (!KernelRuns()) return;
        bool before = FeltLanes.UsesNative;
        try
        {
            for (int n = 0; n <= 67; n++)
            {
                Felt[] a = FeltLanesTests.Inputs(n, (ulong)n * 13), b = FeltLanesTests.Inputs(n, (ulong)n * 13 + 1);
                Felt[] w = FeltLanesTests.Inputs(n, (ulong)n * 13 + 2);
                Felt start = n > 0 ? a[0] : Felt.One, step = n > 1 ? b[1] : Felt.MinusOne;
                (Felt[] Values, int Count)[] on = Run(true), off = Run(false);
                for (int r = 0; r < on.Length; r++)
                {
                    Assert.Equal(off[r].Count, on[r].Count);
                    Assert.Equal(off[r].Values, on[r].Values);
                }

                (Felt[], int)[] Run(bool native)
                {
                    FeltLanes.UsesNative = native;
                    Felt[] product = new Felt[n], ba = (Felt[])a.Clone(), bb = (Felt[])b.Clone();
                    Felt[] powers = (Felt[])w.Clone(), scaled = (Felt[])w.Clone(), acc = (Felt[])a.Clone();
                    Felt[] da = (Felt[])a.Clone(), db = (Felt[])b.Clone();
                    Felt[][] q = [(Felt[])a.Clone(), (Felt[])b.Clone(), (Felt[])w.Clone(), (Felt[])b.Clone()];
                    Felt[] sum2 = new Felt[n], diff2 = new Felt[n];
                    int m, bf, pw, cs, ad, dt, df, dp, s2, d2;
                    fixed (Felt* pa = a, pb = b, ps = sum2, pd = diff2)
                    {
                        s2 = FeltLanes.Add(pa, pb, ps, n);
                        d2 = FeltLanes.Sub(pa, pb, pd, n);
                    }
                    fixed (Felt* pa = da, pb = db, pww = w) df = FeltLanes.DifButterflies(pa, pb, pww, n);
                    fixed (Felt* e0 = q[0], e1 = q[1], e2 = q[2], e3 = q[3], w0 = w, w1 = a, w2 = b)
                        dp = FeltLanes.DifButterflyPairs(e0, e1, e2, e3, w0, w1, w2, n);
                    fixed (Felt* pa = a, pb = b, pp = product) m = FeltLanes.Mul(pa, pb, pp, n);
                    fixed (Felt* pa = ba, pb = bb, pww = w) bf = FeltLanes.Butterflies(pa, pb, pww, n);
                    fixed (Felt* ps = powers) pw = FeltLanes.MulByPowers(ps, n, start, step);
                    fixed (Felt* ps = scaled) cs = FeltLanes.MulByPowers(ps, n, start, Felt.One);
                    fixed (Felt* pa = acc, px = w) ad = FeltLanes.AddScaled(pa, px, step, n);
                    Felt sum;
                    fixed (Felt* pa = a, px = w) dt = FeltLanes.Dot(pa, px, n, out sum);
                    return [(product[..m], m), (ba, bf), (bb, bf), (powers, pw), (scaled, cs), (acc, ad), ([sum], dt),
                        (da, df), (db, df), (q[0], dp), (q[1], dp), (q[2], dp), (q[3], dp), (sum2[..s2], s2), (diff2[..d2], d2)];
                }
            }
        }
        finally
        {
            FeltLanes.UsesNative = before;
        }
    }

    /// <summary>
    /// Batch inversion through <see cref="Felt.BatchInverse"/> — the kernel's eight chains, then the scalar tail — with the
    /// kernel on and off, at lengths from the kernel's threshold (128) past odd tails: every result is the element's
    /// inverse.
    /// </summary>
    [Fact]
    public void BatchInverse_KernelOnAndOff_GivesEveryInverse()
    {
        if (!KernelRuns()) return;
        bool before = FeltLanes.UsesNative;
        try
        {
            foreach (int n in new[] { 127, 128, 129, 135, 200, 1000 })
            {
                Felt[] values = FeltLanesTests.Inputs(n, (ulong)n * 17).Select(v => v.IsZero ? Felt.One : v).ToArray();
                Felt[] expected = values.Select(v => v.Inverse()).ToArray();
                foreach (bool native in new[] { true, false })
                {
                    FeltLanes.UsesNative = native;
                    var result = new Felt[n];
                    Felt.BatchInverse(values, result);
                    Assert.True(expected.AsSpan().SequenceEqual(result), $"n = {n}, native {native}");
                }
            }
        }
        finally
        {
            FeltLanes.UsesNative = before;
        }
    }

    /// <summary>
    /// <see cref="FeltSpan.SuffixSums"/> — the kernel's blocks of eight from the end, then the scalar head — with the
    /// kernel on and off, every length to 67 and a long one, on random values and on all p − 1: each result is the sum
    /// of its element and all after it.
    /// </summary>
    [Fact]
    public void SuffixSums_KernelOnAndOff_GivesEverySum()
    {
        if (!KernelRuns()) return;
        bool before = FeltLanes.UsesNative;
        try
        {
            foreach (int n in Enumerable.Range(0, 68).Append(1001))
                foreach (bool extreme in new[] { false, true })
                {
                    // Sums of stored elements: every input reduced (some of the lane tests' edge inputs are raw limbs).
                    Felt[] values = extreme ? Enumerable.Repeat(Felt.MinusOne, n).ToArray() : FeltLanesTests.Inputs(n, (ulong)n * 19).Select(v => v + Felt.Zero).ToArray();
                    var expected = new Felt[n];
                    Felt running = Felt.Zero;
                    for (int i = n - 1; i >= 0; i--) expected[i] = running += values[i];
                    foreach (bool native in new[] { true, false })
                    {
                        FeltLanes.UsesNative = native;
                        var result = (Felt[])values.Clone();
                        FeltSpan.SuffixSums(result);
                        int bad = Enumerable.Range(0, n).FirstOrDefault(i => expected[i] != result[i], -1);
                        Assert.True(bad < 0, $"n = {n}, extreme {extreme}, native {native}: index {bad} differs");
                    }
                }
        }
        finally
        {
            FeltLanes.UsesNative = before;
        }
    }

    /// <summary>Whether the kernel runs here; fails where the CPU has IFMA and the kernel is missing.</summary>
    private bool KernelRuns()
    {
        Assert.True(NativeLanes.IsSupported || !CpuFlags().Contains("avx512ifma"),
            "this CPU has AVX-512 IFMA but the native kernel is not loaded (was src/Stark built with a C compiler?)");
        if (!NativeLanes.IsSupported) output.WriteLine("no AVX-512 IFMA on this CPU: the kernel cannot run here, the managed lanes are the field arithmetic");
        return NativeLanes.IsSupported;
    }

    private static string[] CpuFlags()
    {
        if (!File.Exists("/proc/cpuinfo")) return [];
        string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
        return line is null ? [] : line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
