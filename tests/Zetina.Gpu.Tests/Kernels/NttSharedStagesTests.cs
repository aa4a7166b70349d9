using System.Runtime.InteropServices;
using Zetina.Gpu.Backend;
using Zetina.Gpu.Kernels;
using Zetina.Gpu.Ntt;
using Zetina.Gpu.Tests.Reference;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Gpu.Tests.Kernels;

/// <summary>
/// The shared-memory NTT stages kernel on its own (against the stages written from the definition and the
/// CPU engine's <see cref="Radix2Ntt"/>), and <see cref="GpuNtt"/> with and without it, bit for bit.
/// </summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class NttSharedStagesTests(CpuAcceleratorFixture fixture)
{
    private readonly IGpuBackend _gpu = fixture.Backend;

    public static TheoryData<int> LogSizes1To16 => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    [Theory]
    [MemberData(nameof(LogSizes1To16))]
    public void SharedStages_RandomAndEdgeColumns_EqualFirstStagesThenRadix2Ntt(int logN)
    {
        int n = 1 << logN;
        int columns = logN <= 10 ? 3 : 1;
        int tile = Math.Min(logN, new GpuNtt(_gpu).SharedLog);
        Assert.True(tile >= 1 && tile <= logN);
        Felt[] input = Columns(logN, columns, seed: 2000 + logN);

        // Bit-reverse each column on the host; the kernel expects that order.
        var data = new Felt[input.Length];
        for (int c = 0; c < columns; c++)
            for (int j = 0; j < n; j++) data[c * n + Radix2Ntt.ReverseBits(j, logN)] = input[c * n + j];
        Felt[] expectedStages = (Felt[])data.Clone();
        for (int c = 0; c < columns; c++) ReferenceNtt.FirstStages(expectedStages.AsSpan(c * n, n), tile);

        var ntt = new GpuNtt(_gpu);
        using GpuBuffer buffer = ntt.Upload(data);
        using GpuBuffer twiddles = ntt.Upload(Powers(GpuNtt.RootOfUnity(logN), Math.Max(n / 2, 1)));
        _gpu.LaunchGroups(GpuKernel.NttSharedStages, (columns * n) >> tile, 1 << (tile - 1),
            GpuKernels.SharedWordsPerElement << tile, new KernelArgs(buffer, twiddles, null, logN, tile));
        AssertEqual(expectedStages, Download(buffer, data.Length), $"log n {logN}, {tile} shared stages");

        for (int stage = tile; stage < logN; stage++)
            _gpu.Launch(GpuKernel.NttButterfly, (columns * n) / 2, new KernelArgs(buffer, twiddles, null, logN, stage));
        Felt[] expected = (Felt[])input.Clone();
        for (int c = 0; c < columns; c++) Radix2Ntt.Forward(expected.AsSpan(c * n, n));
        AssertEqual(expected, Download(buffer, data.Length), $"log n {logN}, whole transform");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(11)]
    [InlineData(14)]
    public void GpuNtt_SharedStagesOnAndOff_BitIdenticalToRadix2Ntt(int logN)
    {
        int n = 1 << logN;
        int columns = logN <= 11 ? 4 : 1;
        Felt[] input = Columns(logN, columns, seed: 2100 + logN);
        Felt[] expectedForward = (Felt[])input.Clone();
        Felt[] expectedInverse = (Felt[])input.Clone();
        for (int c = 0; c < columns; c++)
        {
            Radix2Ntt.Forward(expectedForward.AsSpan(c * n, n));
            Radix2Ntt.Inverse(expectedInverse.AsSpan(c * n, n));
        }
        foreach (int maxShared in new[] { 0, 1, 3, GpuNtt.DefaultSharedLog })
        {
            var counting = new CountingBackend(_gpu);
            using var ntt = new GpuNtt(counting, maxShared);
            Felt[] forward = (Felt[])input.Clone();
            ntt.Forward(forward, columns);
            AssertEqual(expectedForward, forward, $"forward, log n {logN}, shared ≤ {maxShared}");
            Felt[] inverse = (Felt[])input.Clone();
            ntt.Inverse(inverse, columns);
            AssertEqual(expectedInverse, inverse, $"inverse, log n {logN}, shared ≤ {maxShared}");
            int shared = Math.Min(logN, ntt.SharedLog);
            Assert.Equal(maxShared == 0 ? 0 : 2, counting.Launches(GpuKernel.NttSharedStages));
            Assert.Equal(2 * (logN - shared), counting.Launches(GpuKernel.NttButterfly));
        }
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(6, 2)]
    [InlineData(10, 2)]
    [InlineData(12, 3)]
    public void GpuNtt_CosetLdeSharedStagesOnAndOff_BitIdenticalToRadix2Lde(int logN, int logBlowup)
    {
        const int columns = 2;
        int n = 1 << logN, bigN = n << logBlowup;
        Felt[] input = Columns(logN, columns, seed: 2200 + logN);
        Felt shift = Felt.FromUInt64(3);
        var expected = new Felt[columns * bigN];
        for (int c = 0; c < columns; c++)
            ReferenceNtt.CosetLdeByRadix2(input.AsSpan(c * n, n), logBlowup, shift).CopyTo(expected, c * bigN);
        foreach (int maxShared in new[] { 0, GpuNtt.DefaultSharedLog })
        {
            using var ntt = new GpuNtt(_gpu, maxShared);
            AssertEqual(expected, ntt.CosetLde(input, columns, logBlowup, shift), $"log n {logN}, blowup 2^{logBlowup}, shared ≤ {maxShared}");
        }
    }

    [Fact]
    public void GpuNtt_TileOf512On256ThreadGroups_BitIdenticalToRadix2Ntt()
    {
        // The tile the CUDA node uses (2^9 elements, 256 threads per group), on a CPU accelerator whose
        // groups are that large: 9 stages in shared memory, then per-stage launches from 2^10 on.
        using IlgpuBackend wide = IlgpuBackend.CreateCpu(threadsPerWarp: 32, warpsPerGroup: 8);
        using var ntt = new GpuNtt(wide);
        Assert.Equal(9, ntt.SharedLog);
        foreach (int logN in new[] { 9, 11 })
        {
            int n = 1 << logN;
            Felt[] input = Columns(logN, 2, seed: 2300 + logN);
            Felt[] expected = (Felt[])input.Clone();
            Radix2Ntt.Forward(expected.AsSpan(0, n));
            Radix2Ntt.Forward(expected.AsSpan(n, n));
            Felt[] got = (Felt[])input.Clone();
            ntt.Forward(got, columns: 2);
            AssertEqual(expected, got, $"log n {logN}, 512-element tiles");
        }
    }

    [Fact]
    public void GpuNtt_SharedLog_CappedByTheDeviceGroupSize()
    {
        // A tile of 2^k elements needs 2^(k−1) threads in one group.
        int expected = Math.Min(GpuNtt.DefaultSharedLog, System.Numerics.BitOperations.Log2((uint)_gpu.MaxGroupSize) + 1);
        Assert.Equal(expected, new GpuNtt(_gpu).SharedLog);
        Assert.Equal(0, new GpuNtt(_gpu, 0).SharedLog);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GpuNtt(_gpu, GpuNtt.MaxSharedLog + 1));
    }

    [Fact]
    public void Launch_GroupedKernelFlatOrFlatKernelGrouped_Throws()
    {
        using GpuBuffer b = _gpu.Allocate(16);
        Assert.Throws<ArgumentException>(() => _gpu.Launch(GpuKernel.NttSharedStages, 2, new KernelArgs(b, b, null, 1, 1)));
        Assert.Throws<ArgumentException>(() => _gpu.LaunchGroups(GpuKernel.NttButterfly, 1, 1, 0, new KernelArgs(b, b, null, 1, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            _gpu.LaunchGroups(GpuKernel.NttSharedStages, 1, _gpu.MaxGroupSize + 1, 0, new KernelArgs(b, b, null, 1, 1)));
    }

    /// <summary>Random columns with edge values: the edge table at the start, then runs of 0, 1 and p − 1.</summary>
    private static Felt[] Columns(int logN, int columns, int seed)
    {
        int n = 1 << logN;
        Felt[] a = TestFelts.Random(columns * n, seed);
        for (int c = 0; c < columns; c++)
        {
            int o = c * n;
            for (int k = 0; k < Math.Min(n, TestFelts.Edges.Length); k++) a[o + k] = TestFelts.Edges[k];
            Felt[] runs = [Felt.Zero, Felt.One, Felt.MinusOne];
            if (c < runs.Length && n >= 4)
                for (int k = n / 2; k < n; k++) a[o + k] = runs[c];
        }
        return a;
    }

    private static Felt[] Powers(Felt w, int count)
    {
        var t = new Felt[count];
        Felt x = Felt.One;
        for (int i = 0; i < count; i++) { t[i] = x; x *= w; }
        return t;
    }

    private Felt[] Download(GpuBuffer buffer, int count)
    {
        var result = new Felt[count];
        _gpu.Download(buffer, MemoryMarshal.Cast<Felt, uint>(result.AsSpan()));
        return result;
    }

    private static void AssertEqual(Felt[] expected, Felt[] got, string context)
    {
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < expected.Length; i++)
            if (expected[i] != got[i]) Assert.Fail($"{context}: index {i}: expected {expected[i]}, got {got[i]}");
    }
}
