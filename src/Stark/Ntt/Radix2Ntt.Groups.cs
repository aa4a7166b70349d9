using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Stark.Ntt;

public static unsafe partial class Radix2Ntt
{
    /// <summary>log₂ of the block of groups whose stages the group transform runs cache-resident (2^8 groups: 2^11 elements, 80 KiB).</summary>
    internal const int GroupBlockLog = 8;

    /// <summary>
    /// The polynomial with <paramref name="coefficients"/> on the coset offset·⟨ω_k⟩, k the destination's length (a power
    /// of two ≥ the coefficient count), in bit-reversed order: destination[i] = P(offset·ω_k^{rev(i)}) — one coset of a
    /// low-degree extension. The coefficients times offset's powers, transformed as by <see cref="ForwardBitReversed"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The destination's length is not a power of two or is below the coefficient count.</exception>
    public static void ForwardBitReversedOnCoset(ReadOnlySpan<Felt> coefficients, Felt offset, Span<Felt> destination, int maxThreads = 1)
    {
        int k = destination.Length;
        if (coefficients.Length > k) throw new ArgumentException($"{coefficients.Length} coefficients do not fit {k} points");
        int log = PowerOfTwo.Log2(k);
        if (!UsesGroups(log))
        {
            coefficients.CopyTo(destination);
            destination[coefficients.Length..].Clear();
            ScaleByPowers(destination, Felt.One, offset, maxThreads);
            ForwardBitReversed(destination, maxThreads);
            return;
        }
        fixed (Felt* src = coefficients)
        fixed (Felt* dst = destination)
            DifInGroups(src, coefficients.Length, offset, dst, log, maxThreads);
    }

    /// <summary>Whether a transform of 2^log points runs on limb groups in the native kernel.</summary>
    private static bool UsesGroups(int log) => FeltLanes.UsesNative && log >= 3;

    /// <summary>
    /// A decimation-in-frequency transform of 2^log points on limb groups into <paramref name="destination"/>: the
    /// <paramref name="count"/> values, zero-padded, times offset^i where an offset is given, loaded as groups,
    /// transformed, stored. The values are read whole before anything is stored, so they may be the destination.
    /// </summary>
    private static void DifInGroups(Felt* values, int count, Felt? offset, Felt* destination, int log, int maxThreads)
    {
        int groups = 1 << (log - 3);
        using var scratch = new GroupScratch(groups);
        LoadGroups(values, count, scratch.Groups, groups, offset, maxThreads);
        DifGroups(scratch.Groups, log, maxThreads);
        StoreGroups(scratch.Groups, destination, groups, maxThreads);
    }

    /// <summary>
    /// A decimation-in-time transform of 2^log points on limb groups into <paramref name="destination"/>: the input is
    /// gathered from <paramref name="values"/> already permuted and zero-padded (element e is values[rev(e ≫ logS)], rev
    /// over <paramref name="logK"/> bits, or 0 past <paramref name="count"/>: <see cref="ForwardPadded"/>'s placement,
    /// the plain bit-reversal with logS = 0), then the stages from half-span 2^logS on. The values are read whole before
    /// anything is stored, so they may be the destination.
    /// </summary>
    private static void DitInGroups(Felt* values, int count, int logK, int logS, Felt* destination, int log, int maxThreads)
    {
        int groups = 1 << (log - 3);
        using var scratch = new GroupScratch(groups);
        nint vp = (nint)values, gp = (nint)scratch.Groups;
        // Units of eight groups a stride of groups/8 apart: they read the same runs of the values (NativeNtt).
        int inner = groups >= 8 ? 8 : groups, stride = groups / inner, units = stride;
        int chunks = ChunkCount(groups << 3, maxThreads);
        Parallelism.For(chunks, maxThreads, c =>
        {
            (int lo, int hi) = Range(units, chunks, c);
            NativeNtt.GatherReversed((Felt*)vp, count, logK, logS, (byte*)gp, stride, inner, lo, hi);
        });
        DitGroups(scratch.Groups, log, logS, maxThreads);
        StoreGroups(scratch.Groups, destination, groups, maxThreads);
    }

    /// <summary>A transform's groups: scratch from <see cref="GroupScratchPool"/> (pinned there), 64-byte aligned while in use.</summary>
    private readonly ref struct GroupScratch
    {
        private readonly byte[] _array;

        public GroupScratch(int groups)
        {
            _array = GroupScratchPool.Rent(groups * NativeNtt.GroupBytes + 64);
            Groups = (byte*)(((nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array)) + 63) & ~(nint)63);
        }

        /// <summary>The first group.</summary>
        public byte* Groups { get; }

        public void Dispose() => GroupScratchPool.Return(_array);
    }

    /// <summary>
    /// The <paramref name="count"/> values, zero-padded to 8·<paramref name="groups"/>, into groups — times offset^i
    /// where an offset is given; in parallel chunks of groups, each chunk starting its powers at offset^(8·first group).
    /// </summary>
    private static void LoadGroups(Felt* values, int count, byte* groups, int groupCount, Felt? offset, int maxThreads)
    {
        nint vp = (nint)values, gp = (nint)groups;
        int chunks = ChunkCount(groupCount << 3, maxThreads);
        Felt step = offset ?? Felt.One, stride = step.Pow(8);
        Parallelism.For(chunks, maxThreads, c =>
        {
            (int lo, int hi) = Range(groupCount, chunks, c);
            Felt* from = (Felt*)vp;
            byte* to = (byte*)gp;
            Felt* powers = stackalloc Felt[8];
            Felt* strides = stackalloc Felt[8];
            Felt* tail = stackalloc Felt[8];
            Felt x = step.Pow(8UL * (ulong)lo);
            for (int i = 0; i < 8; i++) { powers[i] = x; x *= step; strides[i] = stride; }
            int full = Math.Clamp(count / 8 - lo, 0, hi - lo);
            if (full > 0) NativeNtt.Load(from + 8L * lo, to + (long)lo * NativeNtt.GroupBytes, 8 * full, offset is null ? null : powers, strides);
            for (int j = lo + full; j < hi; j++)
            {
                byte* group = to + (long)j * NativeNtt.GroupBytes;
                if (8 * j >= count)
                {
                    new Span<byte>(group, NativeNtt.GroupBytes).Clear();
                    continue;
                }
                // The one group the values end inside: its values, then zeros, with powers from its own first index.
                for (int i = 0; i < 8; i++) tail[i] = 8 * j + i < count ? from[8 * j + i] : Felt.Zero;
                Felt y = step.Pow(8UL * (ulong)j);
                for (int i = 0; i < 8; i++) { powers[i] = y; y *= step; }
                NativeNtt.Load(tail, group, 8, offset is null ? null : powers, strides);
            }
        });
    }

    private static void StoreGroups(byte* groups, Felt* destination, int groupCount, int maxThreads)
    {
        nint gp = (nint)groups, dp = (nint)destination;
        int chunks = ChunkCount(groupCount << 3, maxThreads);
        Parallelism.For(chunks, maxThreads, c =>
        {
            (int lo, int hi) = Range(groupCount, chunks, c);
            NativeNtt.Store((byte*)gp + (long)lo * NativeNtt.GroupBytes, (Felt*)dp + 8L * lo, 8 * (hi - lo));
        });
    }

    /// <summary>
    /// The decimation-in-frequency stages on 2^log points held as groups (<see cref="Dif"/>'s schedule): the stages whose
    /// butterflies cross blocks of 2^<see cref="GroupBlockLog"/> groups as passes, two at a time where two do, split
    /// into contiguous ranges; then each block's remaining stages, down to the three inside each group.
    /// </summary>
    private static void DifGroups(byte* groups, int log, int maxThreads)
    {
        TwiddleGroups twiddles = TwiddleGroups.For(log);
        Felt[] elementTwiddles = TwiddleTable.For(log);
        int count = 1 << (log - 3);
        int blockLog = Math.Min(log - 3, GroupBlockLog), block = 1 << blockLog;
        nint gp = (nint)groups, tp = (nint)twiddles.Groups;
        int h = count >> 1;
        while (h >= block)
        {
            int hh = h;
            if (h / 2 >= block)
            {
                int quarter = count >> 2, chunks = ChunkCount(quarter << 3, maxThreads);
                Parallelism.For(chunks, maxThreads, c =>
                {
                    (int lo, int hi) = Range(quarter, chunks, c);
                    NativeNtt.DifPairs((byte*)gp, hh, (byte*)tp, lo, hi);
                });
                h >>= 2;
            }
            else
            {
                int half = count >> 1, chunks = ChunkCount(half << 3, maxThreads);
                Parallelism.For(chunks, maxThreads, c =>
                {
                    (int lo, int hi) = Range(half, chunks, c);
                    NativeNtt.DifStage((byte*)gp, hh, (byte*)tp, lo, hi);
                });
                h >>= 1;
            }
        }
        fixed (Felt* tw = elementTwiddles)
        {
            nint ep = (nint)tw;
            Parallelism.For(count >> blockLog, maxThreads, b =>
                NativeNtt.DifBlock((byte*)gp + ((long)b << blockLog) * NativeNtt.GroupBytes, block, (byte*)tp, (Felt*)ep));
        }
        GC.KeepAlive(twiddles);
    }

    /// <summary>
    /// The decimation-in-time stages from half-span 2^<paramref name="firstLog"/> on, on 2^log bit-reversed points held
    /// as groups (<see cref="Dit"/>'s schedule): each block of 2^<see cref="GroupBlockLog"/> groups through its own
    /// stages while cache-resident, then the stages that cross blocks as passes, two at a time where two remain.
    /// </summary>
    private static void DitGroups(byte* groups, int log, int firstLog, int maxThreads)
    {
        TwiddleGroups twiddles = TwiddleGroups.For(log);
        Felt[] elementTwiddles = TwiddleTable.For(log);
        int count = 1 << (log - 3);
        int blockLog = Math.Min(log - 3, GroupBlockLog), block = 1 << blockLog;
        nint gp = (nint)groups, tp = (nint)twiddles.Groups;
        int firstHalfSpan = 1 << firstLog;
        if (firstLog < blockLog + 3)
        {
            fixed (Felt* tw = elementTwiddles)
            {
                nint ep = (nint)tw;
                Parallelism.For(count >> blockLog, maxThreads, b =>
                    NativeNtt.DitBlock((byte*)gp + ((long)b << blockLog) * NativeNtt.GroupBytes, block, (byte*)tp, (Felt*)ep, firstHalfSpan));
            }
        }
        int h = Math.Max(block, firstHalfSpan >> 3);
        while (h < count)
        {
            int hh = h;
            if (2 * h < count)
            {
                int quarter = count >> 2, chunks = ChunkCount(quarter << 3, maxThreads);
                Parallelism.For(chunks, maxThreads, c =>
                {
                    (int lo, int hi) = Range(quarter, chunks, c);
                    NativeNtt.DitPairs((byte*)gp, hh, (byte*)tp, lo, hi);
                });
                h <<= 2;
            }
            else
            {
                int half = count >> 1, chunks = ChunkCount(half << 3, maxThreads);
                Parallelism.For(chunks, maxThreads, c =>
                {
                    (int lo, int hi) = Range(half, chunks, c);
                    NativeNtt.DitStage((byte*)gp, hh, (byte*)tp, lo, hi);
                });
                h <<= 1;
            }
        }
        GC.KeepAlive(twiddles);
    }
}
