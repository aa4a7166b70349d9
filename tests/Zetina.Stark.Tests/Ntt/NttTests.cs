using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;
using Zetina.Stark.Poly;

namespace Zetina.Stark.Tests.Ntt;

/// <summary>The NTT and the LDE backend against naive O(n²) evaluation.</summary>
[Collection(Field.KernelSwitchCollection.Name)]
public class NttTests
{
    internal static Felt[] RandomFelts(int n, int seed)
    {
        var rnd = new Random(seed);
        var xs = new Felt[n];
        for (int i = 0; i < n; i++) xs[i] = Felt.FromLimbsReduced((ulong)rnd.NextInt64(), (ulong)rnd.NextInt64(), (ulong)rnd.NextInt64(), (ulong)rnd.NextInt64());
        return xs;
    }

    private static Felt[] NaiveDft(Felt[] coeffs, Felt shift, int n)
    {
        Felt w = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(n));
        var result = new Felt[n];
        Felt x = shift;
        for (int i = 0; i < n; i++)
        {
            result[i] = Polynomial.Evaluate(coeffs, x);
            x *= w;
        }
        return result;
    }

    [Fact]
    public void PrimitiveRoot_Order_IsExactlyPowerOfTwo()
    {
        for (int k = 1; k <= 192; k += 7)
        {
            Felt w = RootsOfUnity.PrimitiveRoot(k);
            Felt half = w.Pow(System.Numerics.BigInteger.One << (k - 1));
            Assert.Equal(Felt.MinusOne, half);
        }
        Assert.Equal(Felt.One, RootsOfUnity.PrimitiveRoot(0));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(4, 1)]
    [InlineData(64, 1)]
    [InlineData(256, 2)]
    [InlineData(4096, 1)]
    [InlineData(8192, 2)]
    public void Forward_RandomCoefficients_MatchesNaiveDft(int n, int threads)
    {
        Felt[] coeffs = RandomFelts(n, seed: n);
        var values = (Felt[])coeffs.Clone();
        Radix2Ntt.Forward(values, threads);
        int check = Math.Min(n, 64);
        Felt w = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(n));
        for (int i = 0; i < check; i++)
        {
            int idx = (int)((long)i * 2654435761 % n);
            Assert.Equal(Polynomial.Evaluate(coeffs, w.Pow((ulong)idx)), values[idx]);
        }
        if (n <= 256) Assert.Equal(NaiveDft(coeffs, Felt.One, n), values);
    }

    [Theory]
    [InlineData(8, 1)]
    [InlineData(1024, 1)]
    [InlineData(8192, 2)]
    public void ForwardThenInverse_Random_IsIdentity(int n, int threads)
    {
        Felt[] original = RandomFelts(n, seed: 7 + n);
        var values = (Felt[])original.Clone();
        Radix2Ntt.Forward(values, threads);
        Radix2Ntt.Inverse(values, threads);
        Assert.Equal(original, values);
    }

    /// <summary>The fused inverse (one pass for 1/n and the powers) against the inverse followed by the powers, in place and out of place.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(8, 2)]
    [InlineData(1 << 10, 1)]
    [InlineData(1 << 13, 2)]
    public void InverseTimesPowers_Random_EqualsInverseThenPowers(int n, int threads)
    {
        Felt[] values = RandomFelts(n, n + 17);
        Felt start = RandomFelts(1, n + 1)[0], step = RandomFelts(1, n + 2)[0];
        var expected = (Felt[])values.Clone();
        Radix2Ntt.Inverse(expected, threads);
        Radix2Ntt.ScaleByPowers(expected, start, step, threads);
        var outOfPlace = new Felt[n];
        Radix2Ntt.InverseTimesPowers(values, outOfPlace, start, step, threads);
        Assert.Equal(expected, outOfPlace);
        var inPlace = (Felt[])values.Clone();
        Radix2Ntt.InverseTimesPowers(inPlace, inPlace, start, step, threads);
        Assert.Equal(expected, inPlace);
        Assert.Throws<ArgumentException>(() => Radix2Ntt.InverseTimesPowers(values, new Felt[n * 2], start, step, threads));
    }

    [Fact]
    public void Forward_OneAndTwoThreads_GiveSameBytes()
    {
        Felt[] a = RandomFelts(1 << 13, seed: 3);
        var b = (Felt[])a.Clone();
        Radix2Ntt.Forward(a, 1);
        Radix2Ntt.Forward(b, 2);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(1, 8, 1)]
    [InlineData(5, 8, 1)]
    [InlineData(8, 8, 1)]
    [InlineData(1 << 10, 1 << 14, 2)]
    [InlineData(1 << 12, 1 << 13, 2)]
    [InlineData(1 << 10, 1 << 12, 1)]
    [InlineData(3000, 1 << 16, 1)]
    [InlineData(1 << 9, 1 << 12, 2)]
    [InlineData(4, 1 << 14, 2)]
    public void ForwardPadded_RandomValues_EqualsPaddingThenForward(int k, int bigN, int threads)
    {
        Felt[] values = RandomFelts(k, seed: k + bigN);
        var expected = new Felt[bigN];
        values.CopyTo(expected, 0);
        WithNative(false, () => Radix2Ntt.Forward(expected, 1));
        foreach (bool native in NativeChoices())
            WithNative(native, () =>
            {
                var actual = RandomFelts(bigN, seed: 9); // stale contents must not leak through
                Radix2Ntt.ForwardPadded(values, actual, threads);
                Assert.Equal(expected, actual);
            });
    }

    /// <summary>
    /// The decimation-in-frequency transform (natural in, bit-reversed out) against <see cref="Radix2Ntt.Forward"/>
    /// followed by the bit-reversal permutation, at sizes below, at and above the cache block (2^11), where the
    /// cross-block stages run as pairs, as a single stage, or not at all, and on one and two threads.
    /// </summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(4, 1)]
    [InlineData(8, 1)]
    [InlineData(32, 1)]
    [InlineData(2048, 1)]
    [InlineData(4096, 2)]
    [InlineData(8192, 2)]
    [InlineData(1 << 15, 2)]
    public void ForwardBitReversed_Random_EqualsForwardThenBitReversal(int n, int threads)
    {
        Felt[] original = RandomFelts(n, seed: 31 + n);
        Felt[] expected = NaiveOrSlowForward(original);
        int log = PowerOfTwo.Log2(n);
        foreach (bool native in NativeChoices())
            WithNative(native, () =>
            {
                var values = (Felt[])original.Clone();
                Radix2Ntt.ForwardBitReversed(values, threads);
                for (int i = 0; i < n; i++) Assert.Equal(expected[Radix2Ntt.ReverseBits(i, log)], values[i]);
                var forward = (Felt[])original.Clone();
                Radix2Ntt.Forward(forward, threads);
                Assert.Equal(expected, forward);
            });
    }

    /// <summary>
    /// One coset of a low-degree extension: destination[i] = P(offset·ω_k^{rev(i)}), against Horner's rule at every
    /// point for small k, and against scaling then <see cref="Radix2Ntt.ForwardBitReversed"/> with the native kernel
    /// off for large k — coefficient counts below, at and between multiples of the eight-element groups, one and two threads.
    /// </summary>
    [Theory]
    [InlineData(8, 8, 1)]
    [InlineData(16, 5, 1)]
    [InlineData(64, 0, 1)]
    [InlineData(256, 201, 1)]
    [InlineData(4096, 4096, 2)]
    [InlineData(1 << 15, 20_003, 2)]
    [InlineData(1 << 15, 1 << 14, 1)]
    public void ForwardBitReversedOnCoset_Random_EqualsThePolynomialAtTheCosetPoints(int k, int count, int threads)
    {
        Felt[] coefficients = RandomFelts(count, seed: 97 + k + count);
        Felt offset = Felt.FromUInt64(3) * RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(k) + 4).Pow(5);
        int log = PowerOfTwo.Log2(k);
        Felt[] expected = new Felt[k];
        if (k <= 256)
        {
            Felt w = RootsOfUnity.PrimitiveRoot(log);
            for (int i = 0; i < k; i++)
            {
                Felt x = offset * w.Pow((ulong)Radix2Ntt.ReverseBits(i, log)), acc = Felt.Zero;
                for (int j = count - 1; j >= 0; j--) acc = acc * x + coefficients[j];
                expected[i] = acc;
            }
        }
        else
        {
            WithNative(false, () =>
            {
                coefficients.CopyTo(expected, 0);
                Radix2Ntt.ScaleByPowers(expected, Felt.One, offset, 1);
                Radix2Ntt.ForwardBitReversed(expected, 1);
            });
        }
        foreach (bool native in NativeChoices())
            WithNative(native, () =>
            {
                var destination = RandomFelts(k, seed: 5);
                Radix2Ntt.ForwardBitReversedOnCoset(coefficients, offset, destination, threads);
                Assert.Equal(expected, destination);
            });
    }

    [Fact]
    public void ForwardBitReversedOnCoset_MoreCoefficientsThanPoints_Throws() =>
        Assert.Throws<ArgumentException>(() => Radix2Ntt.ForwardBitReversedOnCoset(new Felt[9], Felt.One, new Felt[8]));

    [Fact]
    public void ForwardBitReversedOnCoset_DestinationNotAPowerOfTwo_Throws() =>
        Assert.Throws<ArgumentException>(() => Radix2Ntt.ForwardBitReversedOnCoset(new Felt[4], Felt.One, new Felt[24]));

    /// <summary>The forward transform with every lane path off (scalar butterflies), the oracle for the lane paths.</summary>
    private static Felt[] NaiveOrSlowForward(Felt[] values)
    {
        var result = (Felt[])values.Clone();
        if (values.Length <= 256) return NaiveDft(values, Felt.One, values.Length);
        bool native = FeltLanes.UsesNative, fma = FeltLanes.UsesFma52;
        try
        {
            FeltLanes.UsesNative = false;
            Radix2Ntt.Forward(result, 1);
        }
        finally
        {
            FeltLanes.UsesNative = native;
            FeltLanes.UsesFma52 = fma;
        }
        return result;
    }

    /// <summary>The native kernel on and off where it runs; off only elsewhere.</summary>
    private static bool[] NativeChoices() => NativeLanes.IsSupported ? [true, false] : [false];

    private static void WithNative(bool native, Action body)
    {
        bool before = FeltLanes.UsesNative;
        try
        {
            FeltLanes.UsesNative = native;
            body();
        }
        finally
        {
            FeltLanes.UsesNative = before;
        }
    }

    [Fact]
    public void Forward_LengthNotPowerOfTwo_Throws() =>
        Assert.Throws<ArgumentException>(() => Radix2Ntt.Forward(new Felt[12]));

    [Theory]
    [InlineData(16, 4, 1, 3)]
    [InlineData(256, 8, 2, 3)]
    [InlineData(16, 2, 1, 1)]
    [InlineData(1024, 2, 2, 1)]
    [InlineData(64, 4, 2, 1)]
    public void ExtendColumns_RandomTrace_AgreesWithDirectEvaluation(int n, int blowup, int threads, ulong shiftValue)
    {
        // Shift 1 at blowup 2 takes its own path: the trace copied to the even points, one transform for the odd ones.
        var backend = new CpuLdeBackend(threads);
        Felt shift = Felt.FromUInt64(shiftValue);
        Felt[][] trace = [RandomFelts(n, 1), RandomFelts(n, 2), RandomFelts(n, 3)];
        Felt[][] coeffs = [new Felt[n], new Felt[n], new Felt[n]];
        Felt[][] ext = [new Felt[n * blowup], new Felt[n * blowup], new Felt[n * blowup]];
        backend.ExtendColumns(trace, shift, coeffs, ext);
        Felt wn = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(n));
        Felt wN = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(n * blowup));
        for (int c = 0; c < 3; c++)
        {
            // The interpolant passes through the trace ...
            for (int i = 0; i < n; i += 5) Assert.Equal(trace[c][i], Polynomial.Evaluate(coeffs[c], wn.Pow((ulong)i)));
            // ... and the extension is its value on the coset.
            for (int i = 0; i < n * blowup; i += 7) Assert.Equal(Polynomial.Evaluate(coeffs[c], shift * wN.Pow((ulong)i)), ext[c][i]);
            if (shift.IsOne)
                for (int i = 0; i < n; i++) Assert.Equal(trace[c][i], ext[c][i * blowup]);
        }
    }

    [Theory]
    [InlineData(256, 2, 2, 3)]
    [InlineData(64, 4, 1, 3)]
    [InlineData(1024, 2, 2, 1)]
    public void ExtendColumns_CoefficientsNotWanted_SameExtension(int n, int blowup, int threads, ulong shiftValue)
    {
        var backend = new CpuLdeBackend(threads);
        Felt shift = Felt.FromUInt64(shiftValue);
        Felt[][] trace = [RandomFelts(n, 4), RandomFelts(n, 5)];
        Felt[][] wanted = [new Felt[n * blowup], new Felt[n * blowup]], scratch = [new Felt[n * blowup], new Felt[n * blowup]];
        backend.ExtendColumns(trace, shift, [new Felt[n], new Felt[n]], wanted);
        backend.ExtendColumns(trace, shift, [new Felt[n], new Felt[n]], scratch, coefficientsWanted: false);
        for (int c = 0; c < 2; c++) Assert.Equal(wanted[c], scratch[c]);
    }

    [Fact]
    public void InterpolateOnCoset_AfterEvaluateOnCoset_RecoversCoefficients()
    {
        var backend = new CpuLdeBackend(1);
        Felt[] coeffs = RandomFelts(32, 11);
        var values = new Felt[128];
        Felt shift = Felt.FromUInt64(7);
        backend.EvaluateOnCoset(coeffs, shift, values);
        Assert.Equal(NaiveDft(coeffs, shift, 128), values);
        backend.InterpolateOnCoset(values, shift);
        Assert.Equal(coeffs, values[..32]);
        for (int i = 32; i < 128; i++) Assert.True(values[i].IsZero);
    }

    [Fact]
    public void InterpolateNaive_RandomPoints_PassesThroughThem()
    {
        Felt[] xs = RandomFelts(9, 5), ys = RandomFelts(9, 6);
        Felt[] p = Polynomial.InterpolateNaive(xs, ys);
        for (int i = 0; i < 9; i++) Assert.Equal(ys[i], Polynomial.Evaluate(p, xs[i]));
    }

    [Fact]
    public void DivideByLinear_ProductWithFactor_HasZeroRemainder()
    {
        Felt[] q = RandomFelts(6, 8);
        Felt a = Felt.FromUInt64(12345);
        // p = q·(x − a)
        var p = new Felt[7];
        for (int i = 0; i < 6; i++) { p[i + 1] += q[i]; p[i] -= a * q[i]; }
        var quotient = new Felt[6];
        Assert.True(Polynomial.DivideByLinear(p, a, quotient).IsZero);
        Assert.Equal(q, quotient);
    }
}
