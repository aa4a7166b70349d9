using System.Diagnostics;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;
using System.Globalization;
using Zetina.Cairo.Air;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Gpu.Prover;
using Zetina.Node.Cli;
using Zetina.Stark.Parameters;

namespace Zetina.Node.Bench;

/// <summary>
/// <c>zetina bench prove</c>: the whole Cairo prover on a built-in fibonacci-style program (<see cref="BenchProgram"/>)
/// at 2^K steps — proving throughput, a warm verification, the proof's size and the process's peak memory.
/// </summary>
internal static class ProveBench
{
    public static readonly CliCommand[] Commands =
    [
        new(["bench", "prove"], "prove a built-in fibonacci program at 2^K steps and report throughput", Usage, Run),
    ];

    private const string Usage = """
        usage: zetina bench prove [--json] [--log-steps K ...] [--threads N] [--gpu] [--optimize speed|size] [--stone-proof FILE]
               zetina bench prove --lanes [--case DIR] [--json] [--threads N] [--gpu]
               zetina bench prove --format stone [--log-steps K ... [--layout L] | --case DIR] [--params FILE] [--json] [--threads N]
          Proves a fibonacci-style program at 2^K steps (default K = 16) in the plain layout at the >= 96-bit
          parameters of the --optimize preset (default speed) and reports prove_steps_per_s, prove_s, verify_ms (a warm verification), proof_bytes (the binary
          STARK proof), peak_rss_bytes (the process's peak resident set). A CUDA GPU, when found, runs the LDE and the
          Merkle commitments; --gpu prints which device was used (stderr).
          stone_verify_ms: a warm in-process verification of a Stone proof (FILE, .json or .json.gz; by default the
          shared 2^16-step recursive proof when run from a checkout), the fastest of 10 after one warm-up, with
          stone_verify_cpu_ms the process CPU time it took (all threads; little affected by machine load). Skipped, with a note, without one.
          --stone-proof FILE without --log-steps measures only the Stone verification.
          --lanes: what the builtin lanes cost. Runs the case in DIR (its program.json[.gz] in the layout its
          air_public_input.json names; default the shared all-builtins case) and the fibonacci program at the same
          number of steps, proves both (default parameters), reports prove_s of each and their ratio, and per used
          lane builtin its instances, lanes, committed columns, mask entries, measured evaluation ns per row, fill
          time, its share of the extra prove time and ms per instance (docs/benchmarks.md, "Builtin lanes").
          --format stone: the Stone-format prover (Stone's proof file, as `zetina prove --format stone` writes it) on
          the fibonacci program at 2^K steps in Stone layout L (default recursive; proof mode pads the run until the
          layout's components fit, so the figures name the steps proved), or on the cairo-run files of
          case DIR (trace.bin, memory.bin, air_public_input.json, optional air_private_input.json; gzipped or not).
          With neither, from a checkout: the shared 16,384-step c0_fibonacci_hint_recursive run (the one Stone v3's
          timings are for), else 2^14 steps. Parameters: cpu_air_params.json FILE, else the 96-bit defaults. Reports prove_steps_per_s,
          trace_s (Stone's trace), prove_s, verify_ms (warm), proof_bytes (proof_hex), peak_rss_bytes.
        """;

    /// <summary>The shared 2^16-step recursive-layout Stone proof, relative to a checkout's root.</summary>
    private const string DefaultStoneProof = "../shared/testdata/cairo/proof_stonecli_fibonacci_recursive_builtins/proof_stone5_keccak160lsb.json.gz";

    private static int Run(CliArgs args)
    {
        bool json = args.Flag("json");
        int threads = args.Int("threads", 0);
        bool gpu = args.Flag("gpu");
        ProofOptimization optimize = OptimizeOption.Parse(args.Option("optimize"));
        var ks = new List<int>();
        foreach (string s in args.Options("log_steps"))
            foreach (string part in s.Split(',', StringSplitOptions.RemoveEmptyEntries))
                ks.Add(int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) && k is >= 4 and <= 24
                    ? k : throw new CliUsageException($"--log-steps expects integers in [4, 24], got '{part}'"));
        foreach (string p in args.Positionals)
            ks.Add(int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) && k is >= 4 and <= 24
                ? k : throw new CliUsageException($"unexpected argument '{p}'"));
        string? stoneProof = args.Option("stone_proof");
        bool lanes = args.Flag("lanes");
        string? caseDir = args.Option("case");
        string format = args.Option("format") ?? "zetina";
        string? paramsFile = args.Option("params");
        string? layoutName = args.Option("layout");
        args.RejectUnknown();
        if (format == "stone")
        {
            if (lanes || stoneProof is not null || gpu) throw new CliUsageException("--format stone takes no --lanes, --stone-proof or --gpu");
            if (caseDir is not null && (ks.Count > 0 || layoutName is not null)) throw new CliUsageException("--case takes no --log-steps or --layout");
            // Neither: the shared case Stone v3's timings are for, when run from a checkout.
            if (caseDir is null && ks.Count == 0)
            {
                if (Directory.Exists(StoneProveBench.DefaultCase)) caseDir = StoneProveBench.DefaultCase;
                else ks.Add(14);
            }
            StoneProveBench.Run(ks, caseDir, paramsFile, layoutName ?? "recursive", threads, new BenchReport(json, jsonDigits: 3));
            return 0;
        }
        if (format != "zetina") throw new CliUsageException($"--format must be zetina or stone, got '{format}'");
        if (paramsFile is not null || layoutName is not null) throw new CliUsageException("--params and --layout go with --format stone");
        if (caseDir is not null && !lanes) throw new CliUsageException("--case goes with --lanes or --format stone");
        if (lanes)
        {
            if (ks.Count > 0 || stoneProof is not null) throw new CliUsageException("--lanes takes no --log-steps or --stone-proof");
            caseDir ??= LaneCostBench.DefaultCase;
            if (!Directory.Exists(caseDir)) throw new CliUsageException($"--lanes: no such case directory '{caseDir}'");
            using GpuProverBackends laneDevice = ProveCommands.OpenDevice(threads, gpu);
            LaneCostBench.Run(caseDir, threads, laneDevice, new BenchReport(json, jsonDigits: 3));
            return 0;
        }
        if (stoneProof is not null && !File.Exists(stoneProof)) throw new CliUsageException($"--stone-proof: no such file '{stoneProof}'");
        // --stone-proof alone measures only the Stone verification.
        if (ks.Count == 0 && stoneProof is null) ks.Add(16);
        ks.Sort();
        int t = threads > 0 ? threads : Environment.ProcessorCount;
        using GpuProverBackends device = ProveCommands.OpenDevice(threads, gpu);
        var report = new BenchReport(json, jsonDigits: 3);
        if (ks.Count > 0) report.Row($"{"log_steps",-10} {"steps/s",12} {"prove_s",10} {"verify_ms",10} {"proof_bytes",12} {"peak_rss_MB",12}");
        foreach (int k in ks)
        {
            ProveMeasurement m = Measure(k, threads, device, json ? null : line => Console.Error.WriteLine("  " + line), optimize);
            long steps = m.Steps;
            double proveS = m.ProveSeconds, verifyMs = m.VerifyMilliseconds;
            long peak = m.PeakRssBytes;
            int proofBytes = m.ProofBytes;
            report.Figure(new("prove", "prove_steps_per_s", k, t, "steps/s", steps / proveS));
            report.Figure(new("prove", "prove_s", k, t, "s", proveS));
            report.Figure(new("prove", "verify_ms", k, t, "ms", verifyMs));
            report.Figure(new("prove", "proof_bytes", k, t, "bytes", proofBytes));
            report.Figure(new("prove", "peak_rss_bytes", k, t, "bytes", peak));
            report.Row(string.Create(CultureInfo.InvariantCulture,
                $"{k,-10} {steps / proveS,12:F0} {proveS,10:F2} {verifyMs,10:F1} {proofBytes,12} {peak / 1048576.0,12:F0}"));
        }
        stoneProof ??= File.Exists(DefaultStoneProof) ? DefaultStoneProof : null;
        if (stoneProof is null)
        {
            report.Notes.WriteLine("stone_verify: skipped (no --stone-proof FILE, and the shared proof is not at " + DefaultStoneProof + ")");
            return 0;
        }
        (int logSteps, double wallMs, double cpuMs) = MeasureStoneVerify(stoneProof);
        report.Figure(new("prove", "stone_verify_ms", logSteps, 1, "ms", wallMs));
        report.Figure(new("prove", "stone_verify_cpu_ms", logSteps, 1, "ms", cpuMs));
        report.Row(string.Create(CultureInfo.InvariantCulture,
            $"stone_verify 2^{logSteps} steps ({Path.GetFileName(stoneProof)}): {wallMs:F1} ms, {cpuMs:F1} ms CPU"));
        return 0;
    }

    /// <summary>The bench program run at 2^<paramref name="logSteps"/> steps in proof mode; the runner goes with this frame.</summary>
    private static CairoRun RunBenchProgram(int logSteps)
    {
        var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(logSteps)), new RunOptions { ProofMode = true, Layout = CairoLayout.Plain });
        runner.Run();
        return runner.Result;
    }

    /// <summary>
    /// A warm in-process Stone verification (the bytes already read): one untimed call (JIT, Pedersen tables),
    /// then the fastest of 10 by wall clock and by the process's CPU time (all threads: the decommitments are hashed in parallel). Throws when the proof does not verify.
    /// </summary>
    private static (int LogSteps, double WallMs, double CpuMs) MeasureStoneVerify(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            using var gz = new System.IO.Compression.GZipStream(new MemoryStream(bytes), System.IO.Compression.CompressionMode.Decompress);
            using var plain = new MemoryStream();
            gz.CopyTo(plain);
            bytes = plain.ToArray();
        }
        StoneVerificationResult first = StoneVerifier.Verify(bytes, StoneLayoutTable.Find);
        if (!first.IsValid) throw new InvalidOperationException($"Stone proof {path} did not verify: {first}");
        double wall = double.MaxValue, cpu = double.MaxValue;
        using var process = Process.GetCurrentProcess();
        for (int i = 0; i < 10; i++)
        {
            process.Refresh();
            TimeSpan c0 = process.TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            StoneVerifier.Verify(bytes, StoneLayoutTable.Find);
            wall = Math.Min(wall, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            process.Refresh();
            cpu = Math.Min(cpu, (process.TotalProcessorTime - c0).TotalMilliseconds);
        }
        int logSteps = System.Numerics.BitOperations.Log2((ulong)StoneProofFile.Parse(bytes).PublicInput.NSteps);
        return (logSteps, wall, cpu);
    }

    /// <summary>
    /// Runs the bench program at 2^<paramref name="logSteps"/> steps in proof mode, proves it and verifies the proof
    /// (twice: the figure is the warm call). Throws when the proof does not verify. <c>zetina calibrate</c> measures
    /// through here too, so its speed is the bench's.
    /// </summary>
    /// <remarks>
    /// Compiled optimized at once, so that the run is not reported live while it is proved (a first-tier method keeps
    /// every local to its end): the prover drops it once the trace is built (docs/benchmarks.md, "Memory").
    /// </remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static ProveMeasurement Measure(int logSteps, int threads, GpuProverBackends device, Action<string>? progress,
        ProofOptimization optimize = ProofOptimization.Speed)
    {
        var sw = Stopwatch.StartNew();
        CairoRun run = RunBenchProgram(logSteps);
        long steps = run.Trace.Length;
        double runS = sw.Elapsed.TotalSeconds;
        sw.Restart();
        CairoProof proof = CairoProver.Prove(run, default, null, threads, progress, device.Backends, optimize: optimize);
        double proveS = sw.Elapsed.TotalSeconds;
        byte[] doc = proof.ToJsonBytes();
        // The first verification in a process also builds the Pedersen tables (program hash) and JITs the
        // verifier; a node verifies many proofs, so the figure is the second, warm call.
        CairoVerifyResult r = CairoVerifier.Verify(doc, default);
        sw.Restart();
        r = CairoVerifier.Verify(doc, default);
        double verifyMs = sw.Elapsed.TotalMilliseconds;
        if (!r.IsValid) throw new InvalidOperationException($"bench proof did not verify: {r.Message}");
        return new ProveMeasurement(steps, runS, proveS, verifyMs, proof.StarkProof.Length, Process.GetCurrentProcess().PeakWorkingSet64);
    }
}

/// <summary>One measured run and proof of the bench program: its steps, the seconds to run and to prove it, a warm
/// verification's milliseconds, the proof's bytes and the process's peak resident set.</summary>
internal sealed record ProveMeasurement(long Steps, double RunSeconds, double ProveSeconds, double VerifyMilliseconds, int ProofBytes, long PeakRssBytes);
