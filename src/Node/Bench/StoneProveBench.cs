using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Trace;
using Zetina.Node.Cli;
using Zetina.Node.Proving;

namespace Zetina.Node.Bench;

/// <summary>
/// <c>zetina bench prove --format stone</c>: the Stone-format prover's throughput — on the built-in fibonacci
/// program at 2^K steps in one of Stone's layouts, or on a case directory holding cairo-run's files (the comparison
/// with Stone's own <c>cpu_air_prover</c>, which reads the same files) — with a warm verification of the proof it made.
/// </summary>
internal static class StoneProveBench
{
    /// <summary>The shared 16,384-step recursive run that Stone v3's published timings are for, relative to a checkout's root.</summary>
    public const string DefaultCase = "../shared/testdata/cairo/c0_fibonacci_hint_recursive";

    /// <summary>Proves the bench program at each 2^K steps in <paramref name="layoutName"/>, or the files in <paramref name="caseDir"/>.</summary>
    public static void Run(IReadOnlyList<int> logSteps, string? caseDir, string? paramsFile, string layoutName, int threads, BenchReport report)
    {
        int t = threads > 0 ? threads : Environment.ProcessorCount;
        report.Row($"{"stone",-24} {"steps/s",10} {"trace_s",8} {"prove_s",8} {"verify_ms",10} {"proof_bytes",12} {"peak_rss_MB",12}");
        if (caseDir is not null)
        {
            CairoRun run = ReadCase(caseDir);
            Measure(Path.GetFileName(Path.TrimEndingDirectorySeparator(caseDir)), run, paramsFile, threads, t, report);
            return;
        }
        CairoLayout layout = CairoLayout.Find(layoutName) ?? throw new CliUsageException($"--layout: unknown layout '{layoutName}'");
        if (StoneLayoutTable.Find(layout.Name) is null) throw new CliUsageException($"--layout: '{layout.Name}' has no Stone-format prover here");
        foreach (int k in logSteps)
        {
            var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(k)), new RunOptions { ProofMode = true, Layout = layout });
            runner.Run();
            // Proof mode pads the run until every component of the layout fits (recursive: at least 2^14 steps for its
            // diluted pool), so the name gives the steps proved.
            long steps = runner.Result.PublicInput.NSteps;
            Measure($"fibonacci 2^{System.Numerics.BitOperations.Log2((ulong)steps)} {layout.Name}", runner.Result, paramsFile, threads, t, report);
        }
    }

    /// <summary>
    /// Builds Stone's trace, proves it (statement stone6; the parameters of <paramref name="paramsFile"/>, else
    /// <see cref="StoneDefaultParameters"/>), verifies the proof file twice and reports the warm verification.
    /// Throws when the proof does not verify.
    /// </summary>
    private static void Measure(string name, CairoRun run, string? paramsFile, int threads, int t, BenchReport report)
    {
        StoneCairoLayout layout = StoneLayoutTable.Find(run.PublicInput.Layout) as StoneCairoLayout
            ?? throw new CliUsageException($"layout '{run.PublicInput.Layout}' has no Stone-format prover here");
        int logTrace = System.Numerics.BitOperations.Log2((ulong)run.PublicInput.NSteps * (ulong)layout.RowsPerStep);
        StoneProofParameters parameters = paramsFile is null ? StoneDefaultParameters.For(logTrace) : ReadParameters(paramsFile);

        var sw = Stopwatch.StartNew();
        StoneTraceBuilder trace = StoneTraceBuilder.Build(layout, run);
        double traceS = sw.Elapsed.TotalSeconds;
        sw.Restart();
        StoneProof proof;
        try
        {
            proof = StoneProver.Prove(trace, layout, parameters, run.PublicInput, StoneStatementVersion.Stone6,
                new StoneProverOptions { MaxThreads = threads });
        }
        catch (StoneFormatException e)
        {
            throw new CliUsageException($"{name}: {e.Message}");
        }
        double proveS = sw.Elapsed.TotalSeconds;
        byte[] file = StoneRunProver.ProofFile(proof, parameters, run.PublicInput);

        // The first verification JITs the verifier and builds the Pedersen tables; the figure is the second.
        StoneVerificationResult first = StoneVerifier.Verify(file, StoneLayoutTable.Find);
        if (!first.IsValid) throw new InvalidOperationException($"the Stone-format proof of {name} did not verify: {first}");
        sw.Restart();
        StoneVerifier.Verify(file, StoneLayoutTable.Find);
        double verifyMs = sw.Elapsed.TotalMilliseconds;

        long steps = run.PublicInput.NSteps, peak = Process.GetCurrentProcess().PeakWorkingSet64;
        int log = System.Numerics.BitOperations.Log2((ulong)steps);
        report.Figure(new("prove_stone", "prove_steps_per_s", log, t, "steps/s", steps / proveS));
        report.Figure(new("prove_stone", "trace_s", log, t, "s", traceS));
        report.Figure(new("prove_stone", "prove_s", log, t, "s", proveS));
        report.Figure(new("prove_stone", "verify_ms", log, t, "ms", verifyMs));
        report.Figure(new("prove_stone", "proof_bytes", log, t, "bytes", proof.Proof.Length));
        report.Figure(new("prove_stone", "peak_rss_bytes", log, t, "bytes", peak));
        report.Row(string.Create(CultureInfo.InvariantCulture,
            $"{name,-24} {steps / proveS,10:F0} {traceS,8:F2} {proveS,8:F2} {verifyMs,10:F1} {proof.Proof.Length,12} {peak / 1048576.0,12:F0}"));
        report.Notes.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name}: blowup {1 << parameters.LogNCosets}, {parameters.NQueries} queries, {parameters.ProofOfWorkBits} grinding bits, " +
            $"FRI steps [{string.Join(", ", parameters.FriStepList)}], {parameters.CommitmentHash}, {parameters.ChannelHash} channel"));
    }

    /// <summary>A case directory as cairo-run writes it: trace.bin, memory.bin, air_public_input.json (each may be gzipped), and air_private_input.json for ecdsa signatures.</summary>
    private static CairoRun ReadCase(string dir)
    {
        if (!Directory.Exists(dir)) throw new CliUsageException($"--case: no such directory '{dir}'");
        foreach (string needed in new[] { "trace.bin", "memory.bin", "air_public_input.json" })
            if (!DataFile.Exists(Path.Combine(dir, needed))) throw new CliUsageException($"--case: '{dir}' has no {needed}");
        CairoRun run = CairoRun.FromFiles(Path.Combine(dir, "trace.bin"), Path.Combine(dir, "memory.bin"), Path.Combine(dir, "air_public_input.json"));
        string privateInput = Path.Combine(dir, "air_private_input.json");
        return DataFile.Exists(privateInput) ? run with { EcdsaSignatures = AirPrivateInput.Read(privateInput).EcdsaSignatures } : run;
    }

    private static StoneProofParameters ReadParameters(string path)
    {
        if (!File.Exists(path)) throw new CliUsageException($"--params: no such file '{path}'");
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return StoneProofParameters.FromJson(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or StoneFormatException)
        {
            throw new CliUsageException($"--params {path}: {e.Message}");
        }
    }
}
