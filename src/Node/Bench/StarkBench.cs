using System.Diagnostics;
using System.Runtime.Intrinsics;
using Zetina.Gpu.Prover;
using Zetina.Node.Cli;
using Zetina.Stark.Air.Examples;
using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;
using Zetina.Stark.Verifier;

namespace Zetina.Node.Bench;

/// <summary>
/// <c>zetina bench stark</c>: throughput of the STARK engine's parts (proof-of-work grinding, NTT, LDE, Merkle, FRI) and of a whole
/// Fibonacci proof, for a range of sizes, as a table or as JSON lines (ARCHITECTURE.md, "Benchmarks users can run").
/// </summary>
internal static class StarkBench
{
    public static readonly CliCommand[] Commands =
    [
        new(["bench", "stark"], "STARK engine throughput: proof of work, NTT, LDE, Merkle, FRI, Fibonacci prove/verify",
            """
            usage: zetina bench stark [--json] [--threads N] [--max-log-size K] [--gpu]
              --threads N        threads for the parallel figures (default: all processors); NTT and proof of
                                 work are also run on 1 (pow_*: Keccak/BLAKE2s grinding, scalar and SIMD lanes)
              --max-log-size K   largest log2 size measured (default 20, at least 14)
              --gpu              run NTT, LDE, Merkle, FRI and the Fibonacci proof on the CUDA GPU (names end in
                                 _gpu; the constraint evaluation stays on the CPU); without a GPU it says so, exits 0
              --cref PATH        also time a plain C NTT (the cref yardstick, built with gcc -O3; run as
                                 `PATH ntt K 1`) at the largest size on one thread in the same run, and report
                                 ntt_vs_cref: our NTT on --threads divided by it
              --json             one JSON object per line instead of a table
            Progress goes to stderr while it runs.
            """, Run),
    ];

    private static int Run(CliArgs args)
    {
        bool json = args.Flag("json");
        int threads = args.Int("threads", Environment.ProcessorCount);
        int maxLog = args.Int("max-log-size", 20);
        bool gpu = args.Flag("gpu");
        string? cref = args.Option("cref");
        args.RejectUnknown();
        if (cref is not null && !File.Exists(cref)) throw new CliUsageException($"--cref: no such file: {cref}");
        if (threads < 1 || threads > 1024) throw new CliUsageException($"--threads must be in [1, 1024], got {threads}");
        if (maxLog is < 14 or > 22) throw new CliUsageException($"--max-log-size must be in [14, 22], got {maxLog}");

        var report = new BenchReport(json, jsonDigits: null);
        using GpuProverBackends? device = gpu ? GpuProverBackends.Create(threads) : null;
        if (device is not null)
        {
            report.Notes.WriteLine(device.Line);
            if (!device.OnGpu)
            {
                report.Notes.WriteLine("note: --gpu needs a CUDA GPU; run without --gpu for the CPU figures");
                return 0;
            }
        }
        ProverBackends backends = device?.Backends ?? ProverBackends.Cpu(threads);
        string suffix = device is null ? "" : "_gpu";

        void Emit(BenchResult r) => report.Figure(r, Row);
        report.Row($"zetina bench stark — {Environment.ProcessorCount} processors, --threads {threads}, field arithmetic: {FeltLanes.Description}");

        int[] threadCounts = threads == 1 || device is not null ? [threads] : [1, threads];
        ProofOfWorkRows(report, threadCounts);
        for (int log = 14; log <= maxLog; log += 2)
            foreach (int t in threadCounts)
            {
                Progress($"ntt 2^{log}, {t} thread(s)");
                Emit(new("stark", "ntt" + suffix, log, t, "ms", Ntt(log, t, device?.Backends.Lde)));
            }
        if (device is null) FallbackLaneRows(report, maxLog, threadCounts, cref);
        for (int log = 14; log <= maxLog; log += 2)
        {
            Progress($"lde 2^{log} → 2^{log + 2}, {threads} thread(s)");
            Emit(new("stark", "lde" + suffix, log, threads, "ms", Lde(log, backends.Lde)));
        }
        for (int log = 14; log <= maxLog; log += 2)
        {
            Progress($"merkle keccak 2^{log} leaves, {threads} thread(s)");
            Emit(new("stark", "merkle_keccak" + suffix, log, threads, "ms", Merkle(log, backends.Commitments)));
        }
        for (int log = 14; log <= maxLog; log += 2)
        {
            Progress($"fri commit 2^{log}, {threads} thread(s)");
            Emit(new("stark", "fri_commit" + suffix, log, threads, "ms", FriCommit(log, threads, backends)));
        }
        for (int log = 14; log <= maxLog; log += 2)
        {
            Progress($"prove fibonacci 2^{log} rows, {threads} thread(s)");
            (double prove, double verify, int bytes) = Fibonacci(log, backends);
            Emit(new("stark", "prove_fib" + suffix, log, threads, "s", prove / 1000.0));
            Emit(new("stark", "verify_fib", log, 1, "ms", verify));
            Emit(new("stark", "proof_bytes", log, null, "bytes", bytes));
        }
        Emit(new("stark", "peak_memory", null, null, "bytes", Process.GetCurrentProcess().PeakWorkingSet64));
        Progress("done");
        return 0;
    }

    /// <summary>
    /// The NTT at the largest size on the lane paths this CPU would otherwise fall back to — the managed 52-bit lanes
    /// without the native kernel, the 32-bit digit lanes — for before/after ratios from one run; and, with
    /// <paramref name="cref"/>, the plain C NTT on one thread and our ratio to it.
    /// </summary>
    private static void FallbackLaneRows(BenchReport report, int maxLog, int[] threadCounts, string? cref)
    {
        bool native = FeltLanes.UsesNative, fma = FeltLanes.UsesFma52;
        try
        {
            if (native)
            {
                FeltLanes.UsesNative = false;
                foreach (int t in threadCounts)
                {
                    Progress($"ntt 2^{maxLog}, {t} thread(s), managed lanes only");
                    report.Figure(new("stark", "ntt_managed", maxLog, t, "ms", Ntt(maxLog, t, null)), Row);
                }
            }
            if (fma)
            {
                FeltLanes.UsesNative = false;
                FeltLanes.UsesFma52 = false;
                foreach (int t in threadCounts)
                {
                    Progress($"ntt 2^{maxLog}, {t} thread(s), 32-bit digit lanes");
                    report.Figure(new("stark", "ntt_digits32", maxLog, t, "ms", Ntt(maxLog, t, null)), Row);
                }
            }
        }
        finally
        {
            FeltLanes.UsesFma52 = fma;
            FeltLanes.UsesNative = native;
        }
        if (cref is null) return;
        Progress($"cref ntt 2^{maxLog}, 1 thread, then ours on {threadCounts[^1]}");
        double c = CrefNtt(cref, maxLog);
        double ours = Ntt(maxLog, threadCounts[^1], null);
        report.Figure(new("stark", "cref_ntt", maxLog, 1, "ms", c), Row);
        report.Figure(new("stark", "ntt_vs_cref", maxLog, threadCounts[^1], "ratio", ours / c), Row);
    }

    /// <summary>The cref yardstick's own timing of a 2^log NTT on one thread (its JSON line's "value", in ms).</summary>
    private static double CrefNtt(string path, int log)
    {
        var info = new ProcessStartInfo(path) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { "ntt", log.ToString(System.Globalization.CultureInfo.InvariantCulture), "1" }) info.ArgumentList.Add(a);
        using Process process = Process.Start(info) ?? throw new CliUsageException($"--cref: could not start {path}");
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(120_000)) { process.Kill(); throw new CliUsageException($"--cref: {path} ran over two minutes"); }
        using var doc = System.Text.Json.JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        return doc.RootElement.GetProperty("value").GetDouble();
    }

    private static string Row(BenchResult r) =>
        $"  {r.Name,-16} {(r.LogSize is int l ? $"2^{l}" : ""),-6} {(r.Threads is int t ? $"{t} thr" : ""),-7} {r.Value,14:0.###} {r.Unit}";

    private static void Progress(string what) => Console.Error.WriteLine($"[bench stark] {what} …");

    /// <summary>
    /// The proof-of-work search (<see cref="ProofOfWork"/>) in hashes per second, every lane width this CPU runs, on one
    /// thread (thread CPU time, so load on the machine does not count) and on all (wall clock: compare rows of one run
    /// only), then what 24 and 30 bits cost on average (2^bits hashes) at the fastest width.
    /// </summary>
    private static void ProofOfWorkRows(BenchReport report, int[] threadCounts)
    {
        var widths = new List<GrindingLanes> { GrindingLanes.Scalar, GrindingLanes.Vector256 };
        if (Vector512.IsHardwareAccelerated) widths.Add(GrindingLanes.Vector512);
        if (Zetina.Stark.Hashing.NativeKeccak.IsSupported) widths.Add(GrindingLanes.Native);
        foreach ((ProofOfWorkHash hash, string name) in new[] { (ProofOfWorkHash.Keccak256, "keccak"), (ProofOfWorkHash.Blake2s256, "blake2s") })
        {
            var best = new Dictionary<int, double>();
            // The native kernel grinds Keccak only (BLAKE2s would fall back to the AVX2 row).
            foreach (GrindingLanes lanes in widths.Where(l => l != GrindingLanes.Native || hash == ProofOfWorkHash.Keccak256))
                foreach (int t in threadCounts)
                {
                    Progress($"pow {name} {lanes}, {t} thread(s)");
                    double rate = ProofOfWorkRate(hash, lanes, t);
                    best[t] = Math.Max(best.GetValueOrDefault(t), rate);
                    string width = lanes switch { GrindingLanes.Vector256 => "v256", GrindingLanes.Vector512 => "v512", GrindingLanes.Native => "native", _ => "scalar" };
                    report.Figure(new("stark", $"pow_{name}_{width}", null, t, "Mhash/s", rate / 1e6), Row);
                }
            foreach ((int t, double rate) in best)
                report.Notes.WriteLine($"  pow {name}, {t} thread(s): 24 bits ≈ {Math.Pow(2, 24) / rate:0.##} s, 30 bits ≈ {Math.Pow(2, 30) / rate:0.#} s on average");
        }
    }

    /// <summary>Hashes per second of a search over a fixed range that holds no valid nonce (64 bits of difficulty).</summary>
    private static double ProofOfWorkRate(ProofOfWorkHash hash, GrindingLanes lanes, int threads)
    {
        byte[] prefix = new byte[ProofOfWork.PrefixBytes];
        for (int i = 0; i < prefix.Length; i++) prefix[i] = (byte)(31 * i + 7);
        ulong count = lanes == GrindingLanes.Scalar ? 1UL << 18 : 1UL << 20;
        bool cpuClock = threads == 1 && ThreadCpuClock.IsSupported;
        double seconds = BenchTiming.Fastest(3, () =>
        {
            double t0 = cpuClock ? ThreadCpuClock.Now() : 0;
            long w0 = Stopwatch.GetTimestamp();
            if (ProofOfWork.TryFindNonce(hash, prefix, 64, 0, count - 1, threads, lanes, out _))
                throw new InvalidOperationException("benchmark range unexpectedly holds a 64-bit proof of work");
            return cpuClock ? ThreadCpuClock.Now() - t0 : Stopwatch.GetElapsedTime(w0).TotalSeconds;
        });
        return count / seconds;
    }

    private static int Runs(int log) => log >= 20 ? 2 : log >= 18 ? 3 : 5;

    private static Felt[] Random(int n, int seed)
    {
        var rnd = new Random(seed);
        var xs = new Felt[n];
        for (int i = 0; i < n; i++) xs[i] = Felt.FromLimbsReduced((ulong)rnd.NextInt64(), (ulong)rnd.NextInt64(), (ulong)rnd.NextInt64(), (ulong)rnd.NextInt64());
        return xs;
    }

    /// <summary>One forward NTT: <see cref="Radix2Ntt"/> on <paramref name="threads"/> threads, or <paramref name="device"/>'s.</summary>
    private static double Ntt(int log, int threads, ILdeBackend? device)
    {
        Felt[] source = Random(1 << log, log), work = new Felt[source.Length];
        return BenchTiming.FastestMs(Runs(log), () => source.CopyTo(work, 0), () =>
        {
            if (device is null) Radix2Ntt.Forward(work, threads);
            else device.Forward(work);
        });
    }

    private static double Lde(int log, ILdeBackend backend)
    {
        Felt[][] trace = [Random(1 << log, 1), Random(1 << log, 2)];
        Felt[][] coeffs = [new Felt[1 << log], new Felt[1 << log]];
        Felt[][] ext = [new Felt[4 << log], new Felt[4 << log]];
        return BenchTiming.FastestMs(Runs(log), () => { }, () => backend.ExtendColumns(trace, RootsOfUnity.Generator, coeffs, ext));
    }

    private static double Merkle(int log, IVectorCommitmentBackend backend)
    {
        IMerkleHasher hasher = MerkleHashes.Create("keccak256");
        ReadOnlyMemory<Felt>[] columns = [Random(1 << log, 3)];
        return BenchTiming.FastestMs(Runs(log), () => { }, () => backend.Commit(columns, hasher));
    }

    private static double FriCommit(int log, int threads, ProverBackends backends)
    {
        ILdeBackend lde = backends.Lde;
        Felt[] coeffs = Random(1 << (log - 2), 4);
        var layer0 = new Felt[1 << log];
        lde.EvaluateOnCoset(coeffs, RootsOfUnity.Generator, layer0);
        int logLast = Math.Min(6, log - 2);
        var steps = new List<int>();
        for (int rest = log - 2 - logLast; rest > 0; rest -= 3) steps.Add(Math.Min(3, rest));
        var layout = new FriLayout(log, steps.Count == 0 ? [0] : [.. steps], 1 << logLast, RootsOfUnity.Generator);
        IMerkleHasher hasher = MerkleHashes.Create("keccak256");
        return BenchTiming.FastestMs(Runs(log), () => { }, () =>
            FriProver.Commit(layer0, layout, new HashChannel(MerkleHashes.ChannelHashFor("keccak256"), "bench"u8), lde, backends.Commitments, hasher, threads));
    }

    private static (double ProveMs, double VerifyMs, int Bytes) Fibonacci(int log, ProverBackends backends)
    {
        int n = 1 << log;
        Felt[][] trace = FibonacciAir.BuildTrace(n, Felt.One, Felt.One);
        var air = new FibonacciAir(n, Felt.One, Felt.One, trace[1][n - 1], Felt.FromUInt64(1), Felt.FromUInt64(2));
        StarkParameters p = StarkParameters.Default(log);
        var prover = new StarkProver(p, backends);
        byte[] bytes = [];
        double prove = BenchTiming.FastestMs(log >= 20 ? 1 : 2, () => { }, () => bytes = ProofSerializer.Write(prover.Prove(air, trace)));
        double verify = BenchTiming.FastestMs(10, () => { }, () =>
        {
            VerifyResult r = StarkVerifier.Verify(air, bytes, 96);
            if (!r.IsValid) throw new InvalidOperationException($"benchmark proof rejected: {r}");
        });
        return (prove, verify, bytes.Length);
    }
}
