using System.Runtime.CompilerServices;
using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Stark.Ntt;

/// <summary>
/// The number-theoretic transform over Stark252: iterative radix-2 Cooley–Tukey (decimation in time),
/// inputs and outputs in natural order, sizes 2^0 … 2^30, twiddles from the shared <see cref="TwiddleTable"/>.
/// </summary>
/// <remarks>
/// <para>Forward: values[i] ← Σ_j values[j]·ω_n^{ij} (coefficients → evaluations at ω_n^i).</para>
/// <para>Inverse: values[i] ← n⁻¹·Σ_j values[j]·ω_n^{−ij}, computed as a forward transform followed by the
/// index map i ↦ −i mod n and a scaling by n⁻¹ (so no second twiddle table is needed).</para>
/// <para>Schedule: a bit-reversal permutation, then the first <see cref="BlockLog"/> stages per block of
/// 2^BlockLog contiguous elements (cache-resident), then each remaining stage as one pass split into
/// contiguous butterfly ranges. With <c>maxThreads</c> &gt; 1 blocks and ranges run on the thread pool;
/// the result does not depend on the thread count. With the native kernel the stages run on limb groups
/// (<see cref="NativeNtt"/>), the values converted once on the way in and once on the way out.</para>
/// </remarks>
public static unsafe partial class Radix2Ntt
{
    /// <summary>log₂ of the block that the first stages run on (2^11 elements = 64 KiB, an L2-sized tile).</summary>
    internal const int BlockLog = 11;

    /// <summary>In-place forward NTT of a power-of-two-length span (natural order in and out).</summary>
    public static void Forward(Span<Felt> values, int maxThreads = 1)
    {
        int n = values.Length;
        if (n <= 1) return;
        int log = PowerOfTwo.Log2(n);
        Felt[] twiddles = TwiddleTable.For(log);
        fixed (Felt* p = values)
        fixed (Felt* tw = twiddles)
        {
            if (UsesGroups(log))
            {
                DitInGroups(p, n, log, 0, p, log, maxThreads);
                return;
            }
            BitReverse(p, log, maxThreads);
            Dit(p, log, tw, maxThreads);
        }
    }

    /// <summary>
    /// The forward NTT of <paramref name="values"/> zero-padded to the power-of-two length of <paramref name="destination"/>:
    /// destination[i] = Σ_j values[j]·ω_N^{ij} (a low-degree extension's evaluations). The same numbers as copying,
    /// padding and <see cref="Forward"/>, with log₂ s of the log₂ N stages left out (s = N / k, k the values' length
    /// rounded up to a power of two).
    /// </summary>
    /// <remarks>
    /// After the bit-reversal permutation the padded input is nonzero only at the multiples of s (bit-reversing j &lt; k
    /// over log₂ N bits gives s·rev_k(j)), and the first log₂ s stages combine elements only within blocks of s: every
    /// butterfly there meets one zero, (a, 0) ↦ (a + ω·0, a − ω·0) = (a, a), so they copy each block's first value over
    /// the block. The values are placed so and the transform starts at half-span s. At blowup 16 that is 4 of the
    /// stages of an LDE, and no permutation pass over the N points.
    /// </remarks>
    /// <exception cref="ArgumentException">The destination's length is not a power of two or is below the values'.</exception>
    public static void ForwardPadded(ReadOnlySpan<Felt> values, Span<Felt> destination, int maxThreads = 1)
    {
        int bigN = destination.Length;
        if (values.Length > bigN) throw new ArgumentException($"{values.Length} values do not fit {bigN} points");
        int log = PowerOfTwo.Log2(bigN);
        if (values.Length == 0) { destination.Clear(); return; }
        int logK = values.Length == 1 ? 0 : System.Numerics.BitOperations.Log2((uint)values.Length - 1) + 1;
        int logS = log - logK, k = 1 << logK, s = 1 << logS;
        if (UsesGroups(log) && logS < log)
        {
            fixed (Felt* src = values)
            fixed (Felt* p = destination)
                DitInGroups(src, values.Length, logK, logS, p, log, maxThreads);
            return;
        }
        Felt[] twiddles = TwiddleTable.For(log);
        fixed (Felt* src = values)
        fixed (Felt* p = destination)
        fixed (Felt* tw = twiddles)
        {
            nint sp = (nint)src, pp = (nint)p;
            int count = values.Length, chunks = ChunkCount(bigN, maxThreads);
            Parallelism.For(chunks, maxThreads, c =>
            {
                (int lo, int hi) = Range(k, chunks, c);
                Felt* from = (Felt*)sp;
                Felt* to = (Felt*)pp;
                for (int j = lo; j < hi; j++)
                {
                    Felt v = j < count ? from[j] : Felt.Zero;
                    new Span<Felt>(to + ((nint)ReverseBits(j, logK) << logS), s).Fill(v);
                }
            });
            Dit(p, log, tw, maxThreads, logS);
        }
    }

    /// <summary>In-place inverse NTT of a power-of-two-length span (natural order in and out).</summary>
    public static void Inverse(Span<Felt> values, int maxThreads = 1)
    {
        int n = values.Length;
        if (n <= 1) return;
        Forward(values, maxThreads);
        // Σ_j v_j ω^{ij} at index −i gives Σ_j v_j ω^{−ij}: reverse entries 1..n−1.
        values[1..].Reverse();
        Felt nInv = Felt.FromUInt64((ulong)n).Inverse();
        Scale(values, nInv, maxThreads);
    }

    /// <summary>
    /// The inverse NTT of <paramref name="values"/> into <paramref name="destination"/> (the same length, or the same
    /// memory), coefficient j times <paramref name="start"/>·<paramref name="step"/>^j: the forward transform, its
    /// entries 1 … n − 1 reversed, and one pass of products that carries 1/n and the powers together (an inverse and
    /// then a coset's powers would be two). Out of place the forward transform reads the values where they are, so
    /// the low-degree extension needs no copy of its trace column.
    /// </summary>
    internal static void InverseTimesPowers(ReadOnlySpan<Felt> values, Span<Felt> destination, Felt start, Felt step, int maxThreads)
    {
        int n = destination.Length;
        if (values.Length != n) throw new ArgumentException($"{values.Length} values for {n} coefficients");
        if (n <= 1)
        {
            values.CopyTo(destination);
            if (n == 1) destination[0] *= start;
            return;
        }
        if (values.Overlaps(destination)) Forward(destination, maxThreads);
        else ForwardPadded(values, destination, maxThreads);
        destination[1..].Reverse();
        ScaleByPowers(destination, start * Felt.FromUInt64((ulong)n).Inverse(), step, maxThreads);
    }

    /// <summary>values[i] ← values[i]·s, in parallel chunks.</summary>
    internal static void Scale(Span<Felt> values, Felt s, int maxThreads)
    {
        int n = values.Length;
        fixed (Felt* p = values)
        {
            nint pp = (nint)p;
            int chunks = ChunkCount(n, maxThreads);
            Parallelism.For(chunks, maxThreads, c =>
            {
                (int lo, int hi) = Range(n, chunks, c);
                Felt* q = (Felt*)pp;
                for (int i = lo + FeltLanes.MulByPowers(q + lo, hi - lo, s, Felt.One); i < hi; i++) q[i] = Felt.Mul(q[i], s);
            });
        }
    }

    /// <summary>values[i] ← values[i]·start·step^i (multiplying coefficients by a coset shift's powers).</summary>
    internal static void ScaleByPowers(Span<Felt> values, Felt start, Felt step, int maxThreads)
    {
        int n = values.Length;
        fixed (Felt* p = values)
        {
            nint pp = (nint)p;
            int chunks = ChunkCount(n, maxThreads);
            Parallelism.For(chunks, maxThreads, c =>
            {
                (int lo, int hi) = Range(n, chunks, c);
                Felt* q = (Felt*)pp;
                Felt x = Felt.Mul(start, step.Pow((ulong)lo));
                int done = FeltLanes.MulByPowers(q + lo, hi - lo, x, step);
                if (done > 0) x = Felt.Mul(x, step.Pow((ulong)done));
                for (int i = lo + done; i < hi; i++)
                {
                    q[i] = Felt.Mul(q[i], x);
                    x = Felt.Mul(x, step);
                }
            });
        }
    }

    /// <summary>The stages of half-span 2^<paramref name="firstLog"/> and up on bit-reversed input (0: all of them).</summary>
    private static void Dit(Felt* p, int log, Felt* tw, int maxThreads, int firstLog = 0)
    {
        int n = 1 << log;
        nint pp = (nint)p, tp = (nint)tw;
        // Phase 1: stages whose butterflies stay inside one block.
        int blockLog = Math.Min(log, BlockLog);
        int blocks = n >> blockLog;
        if (firstLog < blockLog)
        {
            Parallelism.For(blocks, maxThreads, b =>
            {
                Felt* q = (Felt*)pp + ((nint)b << blockLog);
                Stages(q, 1 << blockLog, (Felt*)tp, 1 << firstLog);
            });
        }
        // Phase 2: the remaining stages, two at a time, each pair split into contiguous ranges of quadruples.
        int quarter = n >> 2;
        int chunks = ChunkCount(quarter, maxThreads);
        for (int m = 1 << Math.Max(blockLog, firstLog); m < n; m <<= 2)
        {
            int mm = m;
            if (2 * m < n)
            {
                Parallelism.For(chunks, maxThreads, c =>
                {
                    (int lo, int hi) = Range(quarter, chunks, c);
                    QuadrupleRange((Felt*)pp, mm, (Felt*)tp, lo, hi);
                });
            }
            else
            {
                int half = n >> 1;
                int halfChunks = ChunkCount(half, maxThreads);
                Parallelism.For(halfChunks, maxThreads, c =>
                {
                    (int lo, int hi) = Range(half, halfChunks, c);
                    ButterflyRange((Felt*)pp, mm, (Felt*)tp, lo, hi);
                });
            }
        }
    }

    /// <summary>
    /// The stages of a block of <paramref name="size"/> elements at <paramref name="p"/> from half-span
    /// <paramref name="firstM"/> on (firstM, 2·firstM, … size/2), two at a time where the lanes can take them
    /// (m ≥ lane count), one at a time otherwise.
    /// </summary>
    private static void Stages(Felt* p, int size, Felt* tw, int firstM)
    {
        int m = firstM;
        if (m <= 4 && size >= 8 && FeltLanes.UsesNative)
        {
            // Half-spans 1, 2 and 4 are shorter than the lanes: the native kernel pairs elements inside its registers
            // (from half-span 2 or 4 on after a zero-padded start).
            NativeLanes.DitFirstThreeStages(p, size, tw, m);
            m = 8;
        }
        while (m < size)
        {
            if (2 * m < size && m >= FeltLanes.Lanes && FeltLanes.Lanes > 1)
            {
                QuadrupleRange(p, m, tw, 0, size >> 2);
                m <<= 2;
            }
            else
            {
                ButterflyRange(p, m, tw, 0, size >> 1);
                m <<= 1;
            }
        }
    }

    /// <summary>
    /// Quadruples u in [u0, u1) of the stage pair (m, 2m): u = k·m + j covers elements e = 4mk + j, e + m, e + 2m,
    /// e + 3m; stage m uses ω_{2m}^j on (e, e + m) and (e + 2m, e + 3m), stage 2m uses ω_{4m}^j on (e, e + 2m) and
    /// ω_{4m}^{j+m} on (e + m, e + 3m) — the same butterflies, in the same order per element, as two single stages.
    /// </summary>
    internal static void QuadrupleRange(Felt* p, int m, Felt* tw, int u0, int u1)
    {
        int logm = System.Numerics.BitOperations.Log2((uint)m);
        int k = u0 >> logm;
        int j = u0 & (m - 1);
        int remaining = u1 - u0;
        while (remaining > 0)
        {
            int len = Math.Min(m - j, remaining);
            Felt* e0 = p + ((nint)k << (logm + 2)) + j;
            Felt* e1 = e0 + m, e2 = e1 + m, e3 = e2 + m;
            Felt* wm = tw + m + j, w2m0 = tw + 2 * m + j, w2m1 = w2m0 + m;
            int i = FeltLanes.ButterflyPairs(e0, e1, e2, e3, wm, w2m0, w2m1, len);
            for (; i < len; i++)
            {
                Felt t = Felt.Mul(e1[i], wm[i]);
                Felt b0 = Felt.Add(e0[i], t), b1 = Felt.Sub(e0[i], t);
                t = Felt.Mul(e3[i], wm[i]);
                Felt b2 = Felt.Add(e2[i], t), b3 = Felt.Sub(e2[i], t);
                t = Felt.Mul(b2, w2m0[i]);
                e0[i] = Felt.Add(b0, t);
                e2[i] = Felt.Sub(b0, t);
                t = Felt.Mul(b3, w2m1[i]);
                e1[i] = Felt.Add(b1, t);
                e3[i] = Felt.Sub(b1, t);
            }
            remaining -= len;
            k++;
            j = 0;
        }
    }

    /// <summary>
    /// Butterflies t in [t0, t1) of the stage with half-span m: t = k·m + j pairs elements
    /// a = 2mk + j and b = a + m with twiddle ω_{2m}^j: (a, b) ← (a + ω·b, a − ω·b).
    /// </summary>
    internal static void ButterflyRange(Felt* p, int m, Felt* tw, int t0, int t1)
    {
        int logm = System.Numerics.BitOperations.Log2((uint)m);
        int k = t0 >> logm;
        int j = t0 & (m - 1);
        int remaining = t1 - t0;
        while (remaining > 0)
        {
            int len = Math.Min(m - j, remaining);
            Felt* a = p + ((nint)k << (logm + 1)) + j;
            Felt* b = a + m;
            Felt* w = tw + m + j;
            if (m == 1)
            {
                Felt u = *a, v = *b;
                *a = Felt.Add(u, v);
                *b = Felt.Sub(u, v);
            }
            else
            {
                int i = FeltLanes.Butterflies(a, b, w, len);
                for (; i < len; i++)
                {
                    // ω^0 = 1: half of the stage of half-span 2, which is too short for the lanes, needs no product.
                    Felt t = j + i == 0 ? b[i] : Felt.Mul(b[i], w[i]);
                    Felt u = a[i];
                    a[i] = Felt.Add(u, t);
                    b[i] = Felt.Sub(u, t);
                }
            }
            remaining -= len;
            k++;
            j = 0;
        }
    }

    private static void BitReverse(Felt* p, int log, int maxThreads)
    {
        int n = 1 << log;
        nint pp = (nint)p;
        int chunks = ChunkCount(n, maxThreads);
        Parallelism.For(chunks, maxThreads, c =>
        {
            (int lo, int hi) = Range(n, chunks, c);
            Felt* q = (Felt*)pp;
            for (int i = lo; i < hi; i++)
            {
                int r = ReverseBits(i, log);
                if (i < r) (q[i], q[r]) = (q[r], q[i]);
            }
        });
    }

    /// <summary>The low <paramref name="bits"/> bits of <paramref name="x"/> in reverse order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ReverseBits(int x, int bits)
    {
        uint v = (uint)x;
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        v = (v >> 16) | (v << 16);
        return bits == 0 ? 0 : (int)(v >> (32 - bits));
    }

    private static int ChunkCount(int work, int maxThreads) =>
        maxThreads <= 1 || work < 4096 ? 1 : Math.Min(work / 2048, maxThreads * 4);

    private static (int Lo, int Hi) Range(int n, int chunks, int c) =>
        ((int)((long)n * c / chunks), (int)((long)n * (c + 1) / chunks));
}
