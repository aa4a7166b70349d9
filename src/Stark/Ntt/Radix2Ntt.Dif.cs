using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Stark.Ntt;

public static unsafe partial class Radix2Ntt
{
    /// <summary>
    /// In-place forward NTT with natural-order input and bit-reversed output: values[i] ← Σ_j values[j]·ω_n^{j·rev(i)},
    /// rev the reversal of log₂ n bits — the evaluations in the order Stone's domains list their points, with no
    /// permutation pass.
    /// </summary>
    /// <remarks>
    /// Decimation in frequency (Gentleman–Sande): the stage of half-span h maps (a, b) at (j, j + h) of every block of 2h
    /// to (a + b, (a − b)·ω_{2h}^j), from h = n/2 down to 1. The stages whose butterflies cross blocks of 2^<see cref="BlockLog"/>
    /// run first, two at a time, as passes split into contiguous ranges; then each block runs its remaining stages while
    /// cache-resident. The result does not depend on the thread count. With the native kernel the values are held as limb
    /// groups for the whole transform (<see cref="NativeNtt"/>), the same schedule, the same results.
    /// </remarks>
    public static void ForwardBitReversed(Span<Felt> values, int maxThreads = 1)
    {
        int n = values.Length;
        if (n <= 1) return;
        int log = PowerOfTwo.Log2(n);
        if (UsesGroups(log))
        {
            fixed (Felt* p = values) DifInGroups(p, n, null, p, log, maxThreads);
            return;
        }
        Felt[] twiddles = TwiddleTable.For(log);
        fixed (Felt* p = values)
        fixed (Felt* tw = twiddles)
            Dif(p, log, tw, maxThreads);
    }

    private static void Dif(Felt* p, int log, Felt* tw, int maxThreads)
    {
        int n = 1 << log;
        nint pp = (nint)p, tp = (nint)tw;
        int blockLog = Math.Min(log, BlockLog), block = 1 << blockLog;
        // Phase 1: the stages that cross blocks, two at a time where both do.
        int h = n >> 1;
        while (h >= block)
        {
            int hh = h;
            if (h / 2 >= block)
            {
                int quarter = n >> 2, chunks = ChunkCount(quarter, maxThreads);
                Parallelism.For(chunks, maxThreads, c =>
                {
                    (int lo, int hi) = Range(quarter, chunks, c);
                    DifQuadrupleRange((Felt*)pp, hh, (Felt*)tp, lo, hi);
                });
                h >>= 2;
            }
            else
            {
                int half = n >> 1, chunks = ChunkCount(half, maxThreads);
                Parallelism.For(chunks, maxThreads, c =>
                {
                    (int lo, int hi) = Range(half, chunks, c);
                    DifButterflyRange((Felt*)pp, hh, (Felt*)tp, lo, hi);
                });
                h >>= 1;
            }
        }
        // Phase 2: each block's own stages, from half-span block/2 down to 1.
        Parallelism.For(n >> blockLog, maxThreads, b =>
        {
            Felt* q = (Felt*)pp + ((nint)b << blockLog);
            // Half-spans 4, 2 and 1 are shorter than the native kernel's lanes: it pairs elements inside its registers.
            bool nativeTail = block >= 8 && FeltLanes.UsesNative;
            int floor = nativeTail ? 8 : 1;
            int m = block >> 1;
            while (m >= floor)
            {
                if (m / 2 >= Math.Max(floor, FeltLanes.Lanes) && FeltLanes.Lanes > 1)
                {
                    DifQuadrupleRange(q, m, (Felt*)tp, 0, block >> 2);
                    m >>= 2;
                }
                else
                {
                    DifButterflyRange(q, m, (Felt*)tp, 0, block >> 1);
                    m >>= 1;
                }
            }
            if (nativeTail) NativeLanes.DifLastThreeStages(q, block, (Felt*)tp);
        });
    }

    /// <summary>
    /// Quadruples u in [u0, u1) of the stage pair (h, h/2): u = k·(h/2) + j covers e = 2hk + j, e + h/2, e + h, e + 3h/2;
    /// stage h uses ω_{2h}^j on (e, e + h) and ω_{2h}^{j+h/2} on (e + h/2, e + 3h/2), stage h/2 uses ω_h^j on both of its
    /// pairs — the same butterflies, in the same order per element, as two single stages.
    /// </summary>
    internal static void DifQuadrupleRange(Felt* p, int h, Felt* tw, int u0, int u1)
    {
        int q = h >> 1, logq = System.Numerics.BitOperations.Log2((uint)q);
        int k = u0 >> logq, j = u0 & (q - 1), remaining = u1 - u0;
        while (remaining > 0)
        {
            int len = Math.Min(q - j, remaining);
            Felt* e0 = p + ((nint)k << (logq + 2)) + j;
            Felt* e1 = e0 + q, e2 = e1 + q, e3 = e2 + q;
            Felt* w2h0 = tw + h + j, w2h1 = w2h0 + q, wh = tw + q + j;
            int i = FeltLanes.DifButterflyPairs(e0, e1, e2, e3, w2h0, w2h1, wh, len);
            for (; i < len; i++)
            {
                Felt a0 = e0[i], a1 = e1[i], a2 = e2[i], a3 = e3[i];
                Felt t0 = Felt.Add(a0, a2), t2 = Felt.Mul(Felt.Sub(a0, a2), w2h0[i]);
                Felt t1 = Felt.Add(a1, a3), t3 = Felt.Mul(Felt.Sub(a1, a3), w2h1[i]);
                e0[i] = Felt.Add(t0, t1);
                e1[i] = Felt.Mul(Felt.Sub(t0, t1), wh[i]);
                e2[i] = Felt.Add(t2, t3);
                e3[i] = Felt.Mul(Felt.Sub(t2, t3), wh[i]);
            }
            remaining -= len;
            k++;
            j = 0;
        }
    }

    /// <summary>
    /// Butterflies t in [t0, t1) of the stage with half-span h: t = k·h + j pairs a = 2hk + j and b = a + h with
    /// ω_{2h}^j: (a, b) ← (a + b, (a − b)·ω).
    /// </summary>
    internal static void DifButterflyRange(Felt* p, int h, Felt* tw, int t0, int t1)
    {
        int logh = System.Numerics.BitOperations.Log2((uint)h);
        int k = t0 >> logh, j = t0 & (h - 1), remaining = t1 - t0;
        while (remaining > 0)
        {
            int len = Math.Min(h - j, remaining);
            Felt* a = p + ((nint)k << (logh + 1)) + j;
            Felt* b = a + h;
            Felt* w = tw + h + j;
            int i = h == 1 ? 0 : FeltLanes.DifButterflies(a, b, w, len);
            for (; i < len; i++)
            {
                Felt u = a[i], v = b[i];
                a[i] = Felt.Add(u, v);
                // ω^0 = 1 at j = 0: the half-span-1 stage is all additions and subtractions.
                b[i] = j + i == 0 ? Felt.Sub(u, v) : Felt.Mul(Felt.Sub(u, v), w[i]);
            }
            remaining -= len;
            k++;
            j = 0;
        }
    }
}
