using System.Diagnostics;
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
        usage: zetina bench prove [--json] [--log-steps K ...] [--threads N] [--gpu] [--optimize speed|size]
          Proves a fibonacci-style program at 2^K steps (default K = 16) in the plain layout at the >= 96-bit
          parameters of the --optimize preset (default speed) and reports prove_steps_per_s, prove_s, verify_ms (a warm verification), proof_bytes (the binary
          STARK proof), peak_rss_bytes (the process's peak resident set). A CUDA GPU, when found, runs the LDE and the
          Merkle commitments; --gpu prints which device was used (stderr).
        """;

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
        args.RejectUnknown();
        if (ks.Count == 0) ks.Add(16);
        ks.Sort();
        int t = threads > 0 ? threads : Environment.ProcessorCount;
        using GpuProverBackends device = ProveCommands.OpenDevice(threads, gpu);
        var report = new BenchReport(json, jsonDigits: 3);
        report.Row($"{"log_steps",-10} {"steps/s",12} {"prove_s",10} {"verify_ms",10} {"proof_bytes",12} {"peak_rss_MB",12}");
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
        return 0;
    }

    /// <summary>
    /// Runs the bench program at 2^<paramref name="logSteps"/> steps in proof mode, proves it and verifies the proof
    /// (twice: the figure is the warm call). Throws when the proof does not verify. <c>zetina calibrate</c> measures
    /// through here too, so its speed is the bench's.
    /// </summary>
    internal static ProveMeasurement Measure(int logSteps, int threads, GpuProverBackends device, Action<string>? progress,
        ProofOptimization optimize = ProofOptimization.Speed)
    {
        var sw = Stopwatch.StartNew();
        var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(logSteps)), new RunOptions { ProofMode = true, Layout = CairoLayout.Plain });
        runner.Run();
        CairoRun run = runner.Result;
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
        return new ProveMeasurement(run.Trace.Length, runS, proveS, verifyMs, proof.StarkProof.Length, Process.GetCurrentProcess().PeakWorkingSet64);
    }
}

/// <summary>One measured run and proof of the bench program: its steps, the seconds to run and to prove it, a warm
/// verification's milliseconds, the proof's bytes and the process's peak resident set.</summary>
internal sealed record ProveMeasurement(long Steps, double RunSeconds, double ProveSeconds, double VerifyMilliseconds, int ProofBytes, long PeakRssBytes);
