using System.Diagnostics;
using Zetina.Gpu;
using Zetina.Gpu.Backend;
using Zetina.Gpu.Merkle;
using Zetina.Gpu.Ntt;
using Zetina.Node.Cli;

namespace Zetina.Node.Bench;

/// <summary>
/// <c>zetina bench gpu</c>: the CUDA device found, and the GPU pipelines timed on it: the NTT of one column (with its first stages in shared memory, and
/// again with every stage as its own launch), the coset LDE of 8 columns (blowup 4), and
/// the Keccak and Poseidon Merkle commitments of rows of 8 elements, each at 2^logSize, with host→device
/// copy, kernel time and device→host copy reported apart. Kernel time is wall time from the first launch to
/// the end of <see cref="IGpuBackend.Synchronize"/>, best of <c>repeats</c> runs after one warm-up.
/// </summary>
internal static class GpuBench
{
    public static readonly CliCommand[] Commands =
    [
        new(["bench", "gpu"], "GPU device and NTT/LDE/Merkle figures (no GPU: says so, exits 0)",
            """
            usage: zetina bench gpu [--log-size N]... [--repeats N] [--json]

            Finds the CUDA device through the driver (libcuda.so.1) and times, at each 2^N (default 16, 20, 24):
            the NTT of one column, the coset LDE of 8 columns (blowup 4) and the Keccak Merkle commitment of rows
            of 8 elements, with host→device copies reported apart from kernel time. Without a GPU it prints one
            line saying why and exits 0. --json prints one JSON object per figure:
              {"suite":"gpu","name":"ntt.kernel","log_size":20,"unit":"ms","value":1.9}
            """,
            Command),
    ];

    /// <summary>Columns in the LDE and Merkle figures (a Cairo trace has a few dozen; 8 keeps 2^24 in memory).</summary>
    public const int Columns = 8;

    private static int Command(CliArgs args)
    {
        bool json = args.Flag("json");
        int repeats = args.Int("repeats", 3);
        var sizes = new List<int>();
        foreach (string s in args.Options("log-size"))
        {
            if (!int.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v) || v < 2 || v > 26)
                throw new CliUsageException($"--log-size expects an integer in 2..26, got '{s}'");
            sizes.Add(v);
        }
        if (sizes.Count == 0) sizes.AddRange([16, 20, 24]);
        if (repeats < 1) throw new CliUsageException($"--repeats must be at least 1, got {repeats}");
        args.RejectUnknown();

        var report = new BenchReport(json, jsonDigits: 4);
        using IGpuBackend? backend = GpuSelection.TryOpen(out string line);
        report.Notes.WriteLine(line);
        if (backend is null)
        {
            report.Notes.WriteLine("note: nothing to measure without a CUDA GPU; the kernels are tested on ILGPU's CPU accelerator (tests/Zetina.Gpu.Tests)");
            return 0;
        }

        report.Row($"{"name",-32} {"log_size",8} {"value",12} unit");
        foreach (int logSize in sizes)
            Run(backend, logSize, repeats, f => report.Figure(f, f => $"{f.Name,-32} {f.LogSize,8} {f.Value,12:F3} {f.Unit}"));
        return 0;
    }

    /// <summary>Runs every figure at 2^<paramref name="logSize"/>, handing each to <paramref name="report"/> as it is measured.</summary>
    public static void Run(IGpuBackend backend, int logSize, int repeats, Action<BenchResult> report)
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
            report(Figure("ntt.upload", logSize, "ms", up));
            report(Figure("ntt.kernel", logSize, "ms", kernel));
            // The same transform with every stage as its own global-memory launch (no shared-memory tiles):
            // what the shared stages save on this device.
            using var perStage = new GpuNtt(backend, maxSharedLog: 0);
            double perStageKernel = Best(repeats, () => perStage.Forward(data, 1, logSize), backend);
            report(Figure("ntt.kernel.per_stage", logSize, "ms", perStageKernel));
            report(Figure("ntt.download", logSize, "ms", down));
        }

        // Coset LDE of 8 columns of 2^(logSize − 2) to 2^logSize, then the Merkle tree over its rows.
        int logTrace = Math.Max(logSize - 2, 1);
        uint[] trace = RandomElements((long)Columns << logTrace, seed: 100 + logSize);
        using (GpuBuffer source = backend.Allocate(trace.Length))
        {
            double lde = BenchTiming.Fastest(repeats, () =>
            {
                backend.Upload(trace, source);  // LDE overwrites its input: reload, then time the kernels only
                backend.Synchronize();
                long t0 = Stopwatch.GetTimestamp();
                using GpuBuffer extended = ntt.CosetLde(source, Columns, logTrace, logSize - logTrace, Zetina.Stark.Field.Felt.FromUInt64(3));
                return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            });
            report(Figure($"lde.kernel.{Columns}cols.blowup{1 << (logSize - logTrace)}", logSize, "ms", lde));
        }

        uint[] rows = RandomElements((long)Columns << logSize, seed: 200 + logSize);
        using (GpuBuffer data = backend.Allocate(rows.Length))
        {
            double up = Best(repeats, () => backend.Upload(rows, data), backend);
            double commit = Commit(repeats, backend, () => merkle.Commit(data, Columns, logSize));
            report(Figure($"merkle.upload.{Columns}cols", logSize, "ms", up));
            report(Figure($"merkle.kernel.{Columns}cols", logSize, "ms", commit));
            report(Figure($"merkle.kernel.{Columns}cols", logSize, "MB/s", rows.Length * 4.0 / 1e6 / (commit / 1e3)));
            double poseidon = Commit(repeats, backend, () => merkle.CommitPoseidon(data, Columns, logSize));
            report(Figure($"merkle.poseidon.kernel.{Columns}cols", logSize, "ms", poseidon));
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

    /// <summary>
    /// Milliseconds of the fastest of <paramref name="repeats"/> Merkle commitments: from the launch until the device
    /// has drained, the tree's buffer freed after each run (the input is already on the device).
    /// </summary>
    private static double Commit(int repeats, IGpuBackend backend, Func<GpuBuffer> commit) => BenchTiming.Fastest(repeats, () =>
    {
        long t0 = Stopwatch.GetTimestamp();
        using GpuBuffer nodes = commit();
        backend.Synchronize();
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    });

    private static BenchResult Figure(string name, int logSize, string unit, double value) => new("gpu", name, logSize, null, unit, value);

    /// <summary>Milliseconds of the fastest of <paramref name="repeats"/> runs of <paramref name="action"/>, the device idle before and drained after each.</summary>
    private static double Best(int repeats, Action action, IGpuBackend backend) => BenchTiming.Fastest(repeats, () =>
    {
        backend.Synchronize();
        long t0 = Stopwatch.GetTimestamp();
        action();
        backend.Synchronize();
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    });
}
