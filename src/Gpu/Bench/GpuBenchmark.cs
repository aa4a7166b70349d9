using System.Diagnostics;
using Zetina.Gpu.Backend;
using Zetina.Gpu.Merkle;
using Zetina.Gpu.Ntt;

namespace Zetina.Gpu.Bench;

/// <summary>
/// Times the GPU pipelines on a backend: the NTT of one column (with its first stages in shared memory, and
/// again with every stage as its own launch), the coset LDE of 8 columns (blowup 4), and
/// the Keccak and Poseidon Merkle commitments of rows of 8 elements, each at 2^logSize, with host→device
/// copy, kernel time and device→host copy reported apart. Kernel time is wall time from the first launch to
/// the end of <see cref="IGpuBackend.Synchronize"/>, best of <c>repeats</c> runs after one warm-up.
/// </summary>
public static class GpuBenchmark
{
    /// <summary>Columns in the LDE and Merkle figures (a Cairo trace has a few dozen; 8 keeps 2^24 in memory).</summary>
    public const int Columns = 8;

    /// <summary>Runs every figure at 2^<paramref name="logSize"/>, handing each to <paramref name="report"/> as it is measured.</summary>
    public static void Run(IGpuBackend backend, int logSize, int repeats, Action<GpuFigure> report)
    {
        using var ntt = new GpuNtt(backend);
        using var merkle = new GpuMerkle(backend);

        // NTT of one column of 2^logSize.
        uint[] column = RandomElements(1L << logSize, seed: logSize);
        using (GpuBuffer data = backend.Allocate(column.Length))
        {
            double up = Best(repeats, () => backend.Upload(column, data), backend);
            double kernel = Best(repeats, () => ntt.Forward(data, 1, logSize), backend);
            double down = Best(repeats, () => backend.Download(data, column), backend);
            report(new GpuFigure("ntt.upload", logSize, "ms", up));
            report(new GpuFigure("ntt.kernel", logSize, "ms", kernel));
            // The same transform with every stage as its own global-memory launch (no shared-memory tiles):
            // what the shared stages save on this device.
            using var perStage = new GpuNtt(backend, maxSharedLog: 0);
            double perStageKernel = Best(repeats, () => perStage.Forward(data, 1, logSize), backend);
            report(new GpuFigure("ntt.kernel.per_stage", logSize, "ms", perStageKernel));
            report(new GpuFigure("ntt.download", logSize, "ms", down));
        }

        // Coset LDE of 8 columns of 2^(logSize − 2) to 2^logSize, then the Merkle tree over its rows.
        int logTrace = Math.Max(logSize - 2, 1);
        uint[] trace = RandomElements((long)Columns << logTrace, seed: 100 + logSize);
        using (GpuBuffer source = backend.Allocate(trace.Length))
        {
            double lde = Best(repeats, () =>
            {
                backend.Upload(trace, source);  // LDE overwrites its input: reload, then time the kernels only
                backend.Synchronize();
                long t0 = Stopwatch.GetTimestamp();
                using GpuBuffer extended = ntt.CosetLde(source, Columns, logTrace, logSize - logTrace, Stark.Field.Felt.FromUInt64(3));
                return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            });
            report(new GpuFigure($"lde.kernel.{Columns}cols.blowup{1 << (logSize - logTrace)}", logSize, "ms", lde));
        }

        uint[] rows = RandomElements((long)Columns << logSize, seed: 200 + logSize);
        using (GpuBuffer data = backend.Allocate(rows.Length))
        {
            double up = Best(repeats, () => backend.Upload(rows, data), backend);
            double commit = Best(repeats, () =>
            {
                long t0 = Stopwatch.GetTimestamp();
                using GpuBuffer nodes = merkle.Commit(data, Columns, logSize);
                backend.Synchronize();
                return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            });
            report(new GpuFigure($"merkle.upload.{Columns}cols", logSize, "ms", up));
            report(new GpuFigure($"merkle.kernel.{Columns}cols", logSize, "ms", commit));
            report(new GpuFigure($"merkle.kernel.{Columns}cols", logSize, "MB/s", rows.Length * 4.0 / 1e6 / (commit / 1e3)));
            double poseidon = Best(repeats, () =>
            {
                long t0 = Stopwatch.GetTimestamp();
                using GpuBuffer nodes = merkle.CommitPoseidon(data, Columns, logSize);
                backend.Synchronize();
                return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            });
            report(new GpuFigure($"merkle.poseidon.kernel.{Columns}cols", logSize, "ms", poseidon));
        }
    }

    /// <summary>
    /// Field elements as device words: random limbs with the top word below 2^27, so every value is below
    /// 2^251 &lt; p and therefore a valid (Montgomery-form) element.
    /// </summary>
    private static uint[] RandomElements(long count, int seed)
    {
        var words = new uint[count * 8];
        var rng = new Random(seed);
        // NextBytes in chunks: a span of bytes over the whole array may pass 2^31 bytes.
        const int Chunk = 1 << 24;
        for (long at = 0; at < words.Length; at += Chunk)
        {
            int len = (int)Math.Min(Chunk, words.Length - at);
            rng.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(words.AsSpan((int)at, len)));
        }
        for (long i = 7; i < words.Length; i += 8) words[i] &= 0x07FF_FFFFu;
        return words;
    }

    private static double Best(int repeats, Action action, IGpuBackend backend) => Best(repeats, () =>
    {
        backend.Synchronize();
        long t0 = Stopwatch.GetTimestamp();
        action();
        backend.Synchronize();
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    });

    private static double Best(int repeats, Func<double> run)
    {
        run();  // warm-up: module JIT, twiddle tables
        double best = double.MaxValue;
        for (int i = 0; i < Math.Max(repeats, 1); i++) best = Math.Min(best, run());
        return best;
    }
}
