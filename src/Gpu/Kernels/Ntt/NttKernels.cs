using ILGPU;
using Zetina.Gpu.Backend;
using Zetina.Gpu.Kernels.Field;

namespace Zetina.Gpu.Kernels.Ntt;

/// <summary>
/// Radix-2 NTT kernels over many columns at once. A batch is <c>columns</c> transforms of n = 2^logN
/// elements laid one column after another; a thread's column is its index shifted right by the per-column
/// thread count. See <c>GpuNtt</c> for the order they are launched in.
/// </summary>
public static class NttKernels
{
    /// <summary>
    /// Swaps element j with element rev(j) of its column when j &lt; rev(j), rev reversing logN bits; each
    /// pair is touched by exactly one thread, so one launch is the whole permutation.
    /// </summary>
    public static void BitReverse(Index1D i, ArrayView<uint> data, ArrayView<uint> unusedB, ArrayView<uint> unusedC, int logN, int unused1, int unused2)
    {
        int n = 1 << logN;
        int j = i & (n - 1);
        int column = i >> logN;
        int r = 0;
        for (int bit = 0; bit < logN; bit++) r |= ((j >> bit) & 1) << (logN - 1 - bit);
        if (j < r)
        {
            long o = (long)column << logN;
            DeviceFelt x = DeviceFelt.Load(data, o + j);
            DeviceFelt y = DeviceFelt.Load(data, o + r);
            DeviceFelt.Store(data, o + j, y);
            DeviceFelt.Store(data, o + r, x);
        }
    }

    /// <summary>
    /// One Cooley–Tukey stage on bit-reversed input: with h = 2^stage, butterfly k of a column joins
    /// positions u = 2h·⌊k/h⌋ + (k mod h) and u + h as (x + w·y, x − w·y), w = ω_{2h}^(k mod h) =
    /// twiddles[(k mod h) · n/(2h)], where twiddles[t] = ω_n^t for t &lt; n/2.
    /// </summary>
    public static void Butterfly(Index1D i, ArrayView<uint> data, ArrayView<uint> twiddles, ArrayView<uint> unusedC, int logN, int stage, int unused2)
    {
        int halfN = 1 << (logN - 1);
        int k = i & (halfN - 1);
        int column = i >> (logN - 1);
        int h = 1 << stage;
        int j = k & (h - 1);
        long u = ((long)column << logN) + (((k >> stage) << (stage + 1)) | j);
        DeviceFelt w = DeviceFelt.Load(twiddles, (long)j << (logN - 1 - stage));
        DeviceFelt x = DeviceFelt.Load(data, u);
        DeviceFelt y = DeviceFelt.Mul(DeviceFelt.Load(data, u + h), w);
        DeviceFelt.Store(data, u, DeviceFelt.Add(x, y));
        DeviceFelt.Store(data, u + h, DeviceFelt.Sub(x, y));
    }

    /// <summary>Words per element in a shared-memory tile: 8 limbs and one word of padding (see <see cref="SharedStages"/>).</summary>
    public const int SharedStride = GpuKernels.SharedWordsPerElement;

    /// <summary>
    /// The first logTile Cooley–Tukey stages (as <see cref="Butterfly"/> runs them one launch each) of every
    /// size-2^logN transform, in shared memory: explicitly grouped, group g holds tile g = elements
    /// g·2^logTile … (g+1)·2^logTile − 1 of the batch (1 ≤ logTile ≤ logN, so a tile never straddles two
    /// columns), with 2^(logTile−1) threads per group and 2^logTile · <see cref="SharedStride"/> words of
    /// dynamic shared memory.
    /// </summary>
    /// <remarks>
    /// Stage s &lt; logTile joins positions u and u + 2^s inside aligned blocks of 2^(s+1) elements, so the
    /// tile's stages need nothing outside the tile. Thread t copies words t, t + T/2, … of the tile between
    /// global and shared memory (consecutive threads, consecutive words: coalesced), then does butterfly t of
    /// every stage, with a group barrier between stages. In shared memory element e's limbs are words
    /// 9e … 9e+7: an odd stride puts the same limb of 32 consecutive elements in 32 different banks.
    /// Same twiddles, same products, same order as the per-stage launches: bit-identical results.
    /// </remarks>
    public static void SharedStages(ArrayView<uint> data, ArrayView<uint> twiddles, ArrayView<uint> unusedC, int logN, int logTile, int unused2)
    {
        ArrayView<uint> tile = SharedMemory.GetDynamic<uint>();
        int half = 1 << (logTile - 1);
        int t = Group.IdxX;
        long first = (long)Grid.IdxX << (logTile + 3);  // the tile's first word in the batch
        int words = 16 << (logTile - 1);  // 8 words · 2^logTile
        for (int q = t; q < words; q += half)
            tile[(q >> 3) * SharedStride + (q & 7)] = data[first + q];
        Group.Barrier();
        for (int stage = 0; stage < logTile; stage++)
        {
            int h = 1 << stage;
            int j = t & (h - 1);
            int u = ((t >> stage) << (stage + 1)) | j;
            DeviceFelt w = DeviceFelt.Load(twiddles, (long)j << (logN - 1 - stage));
            DeviceFelt x = LoadShared(tile, u);
            DeviceFelt y = DeviceFelt.Mul(LoadShared(tile, u + h), w);
            StoreShared(tile, u, DeviceFelt.Add(x, y));
            StoreShared(tile, u + h, DeviceFelt.Sub(x, y));
            Group.Barrier();
        }
        for (int q = t; q < words; q += half)
            data[first + q] = tile[(q >> 3) * SharedStride + (q & 7)];
    }

    /// <summary>
    /// destination column c (2^logDst elements) = source column c (2^logSrc elements) times factors[j] at
    /// j &lt; 2^logSrc, zero above: coefficients scaled by n⁻¹·g^j and zero-padded for a coset LDE.
    /// </summary>
    public static void Extend(Index1D i, ArrayView<uint> source, ArrayView<uint> destination, ArrayView<uint> factors, int logSrc, int logDst, int unused2)
    {
        int j = i & ((1 << logDst) - 1);
        int column = i >> logDst;
        DeviceFelt r = default;
        if (j < (1 << logSrc))
            r = DeviceFelt.Mul(DeviceFelt.Load(source, ((long)column << logSrc) + j), DeviceFelt.Load(factors, j));
        DeviceFelt.Store(destination, i, r);
    }

    /// <summary>
    /// destination[k·2^logM + j] = source[offsets[k] + j] for j &lt; 2^logM: gathers column slices that lie
    /// anywhere in a device buffer into consecutive columns (offsets in elements).
    /// </summary>
    public static void Gather(Index1D i, ArrayView<uint> source, ArrayView<uint> destination, ArrayView<uint> offsets, int logM, int unused1, int unused2)
    {
        int k = i >> logM;
        int j = i & ((1 << logM) - 1);
        DeviceFelt.Store(destination, i, DeviceFelt.Load(source, (long)offsets[k] + j));
    }

    private static DeviceFelt LoadShared(ArrayView<uint> tile, int element)
    {
        int o = element * SharedStride;
        return new DeviceFelt(tile[o], tile[o + 1], tile[o + 2], tile[o + 3], tile[o + 4], tile[o + 5], tile[o + 6], tile[o + 7]);
    }

    private static void StoreShared(ArrayView<uint> tile, int element, DeviceFelt value)
    {
        int o = element * SharedStride;
        tile[o] = value.X0; tile[o + 1] = value.X1; tile[o + 2] = value.X2; tile[o + 3] = value.X3;
        tile[o + 4] = value.X4; tile[o + 5] = value.X5; tile[o + 6] = value.X6; tile[o + 7] = value.X7;
    }
}

