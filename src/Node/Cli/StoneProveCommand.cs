using System.Diagnostics;
using System.Text.Json;
using Zetina.Cairo.Run;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Trace;
using Zetina.Node.Proving;

namespace Zetina.Node.Cli;

/// <summary>
/// <c>zetina prove --format stone</c>: cairo-run's trace, memory and AIR input files proved as Stone's
/// <c>cpu_air_prover</c> proves them, written as its proof file (docs/stone.md, "Proving: the pipeline").
/// </summary>
internal static class StoneProveCommand
{
    public static int Run(CliArgs args, string output)
    {
        string traceFile = args.Required("trace_file");
        string memoryFile = args.Required("memory_file");
        string publicFile = args.Required("air_public_input");
        string? privateFile = args.Option("air_private_input");
        string? paramsFile = args.Option("params") ?? args.Option("parameter_file");
        string? configFile = args.Option("prover_config") ?? args.Option("prover_config_file");
        string versionName = args.Option("statement_version") ?? "stone6";
        int threads = args.Int("threads", 0);
        args.RejectUnknown();
        StoneStatementVersion version = versionName switch
        {
            "stone6" => StoneStatementVersion.Stone6,
            "stone5" => StoneStatementVersion.Stone5,
            _ => throw new CliUsageException($"--statement_version must be stone5 or stone6, got '{versionName}'"),
        };
        var sw = Stopwatch.StartNew();
        byte[] publicJson = DataFile.ReadAllBytes(publicFile);
        CairoRun run = CairoRun.FromFiles(traceFile, memoryFile, publicFile);
        byte[] privateJson = privateFile is null
            ? PrivateInputNaming(traceFile, memoryFile)
            : DataFile.ReadAllBytes(privateFile);
        if (privateFile is not null) run = run with { EcdsaSignatures = AirPrivateInput.Read(privateFile).EcdsaSignatures };
        if (StoneLayoutTable.Find(run.PublicInput.Layout) is not StoneCairoLayout layout)
            throw new CliUsageException($"layout '{run.PublicInput.Layout}' has no Stone prover here");
        int logTrace = System.Numerics.BitOperations.Log2((ulong)run.PublicInput.NSteps * (ulong)layout.RowsPerStep);
        StoneProofParameters parameters;
        byte[] parametersJson;
        try
        {
            if (paramsFile is null)
            {
                parameters = StoneDefaultParameters.For(logTrace);
                parametersJson = StoneProofJson.Parameters(parameters);
                Console.Error.WriteLine(DefaultsLine(parameters));
            }
            else
            {
                parametersJson = DataFile.ReadAllBytes(paramsFile);
                using JsonDocument doc = JsonDocument.Parse(parametersJson);
                parameters = StoneProofParameters.FromJson(doc.RootElement);
            }
            byte[] configJson = configFile is null ? System.Text.Encoding.UTF8.GetBytes(StoneProofJson.DefaultProverConfig) : DataFile.ReadAllBytes(configFile);
            Console.Error.WriteLine($"read: {run.Trace.Length} steps, layout {layout.Name} ({sw.Elapsed.TotalSeconds:F2} s)");
            StoneTraceBuilder trace = StoneTraceBuilder.Build(layout, run);
            Console.Error.WriteLine($"trace: {trace.Main.Columns.Length} columns of {trace.Main.Rows} rows ({sw.Elapsed.TotalSeconds:F2} s)");
            StoneProof proof = StoneProver.Prove(trace, layout, parameters, run.PublicInput, version,
                new StoneProverOptions { MaxThreads = threads, OnPhase = PrintPhase });
            string text = StoneProofJson.Write(proof.Proof, parametersJson, configJson, publicJson, privateJson);
            File.WriteAllText(output, text);
            Console.Error.WriteLine($"write: {output} ({proof.Proof.Length} proof bytes), {sw.Elapsed.TotalSeconds:F2} s in all");
        }
        catch (Exception e) when (e is StoneFormatException or JsonException or StoneTraceException or InvalidOperationException or NotSupportedException)
        {
            throw new CliUsageException(e.Message);
        }
        return 0;
    }

    /// <summary>
    /// <c>zetina prove PROGRAM.json --format stone</c>: our VM's proof-mode run of the program, proved in Stone's
    /// format with the default parameters (the executor's path for Stone-format jobs, <see cref="StoneRunProver"/>).
    /// </summary>
    public static int RunProgram(CliArgs args, List<string> positionals, string output)
    {
        if (positionals.Count != 1) throw new CliUsageException("expected one PROGRAM.json (or --trace_file ...)");
        int threads = args.Int("threads", 0);
        var sw = Stopwatch.StartNew();
        CairoRun run = ProveCommands.RunInProofMode(args, positionals[0], out Zetina.Cairo.Run.CairoLayout layout);
        Console.Error.WriteLine($"run: {run.Trace.Length} steps, layout {layout.Name} ({sw.Elapsed.TotalSeconds:F2} s)");
        (StoneCairoLayout Layout, StoneProofParameters Parameters) plan;
        try { plan = StoneRunProver.Plan(run); }
        catch (InvalidOperationException)
        {
            throw new CliUsageException($"layout '{layout.Name}' has no Stone prover here; give --layout with one of Stone's layouts (small, recursive, starknet, …)");
        }
        Console.Error.WriteLine(DefaultsLine(plan.Parameters));
        byte[] file;
        try { file = StoneRunProver.Prove(run, plan, threads, onPhase: PrintPhase); }
        catch (Exception e) when (e is StoneFormatException or StoneTraceException or InvalidOperationException or NotSupportedException)
        {
            throw new CliUsageException(e.Message);
        }
        File.WriteAllBytes(output, file);
        Console.Error.WriteLine($"write: {output} ({file.Length} bytes), {sw.Elapsed.TotalSeconds:F2} s in all");
        return 0;
    }

    /// <summary>One prover phase's line on stderr, as <c>zetina prove</c> prints the native prover's rounds.</summary>
    private static void PrintPhase(string phase, double seconds) => Console.Error.WriteLine($"  {phase}: {seconds:F2} s");

    /// <summary>What the user is told when no parameter file is given.</summary>
    private static string DefaultsLine(StoneProofParameters p) =>
        $"parameters: none given, so {p.NQueries * p.LogNCosets + p.ProofOfWorkBits}-bit ones Integrity accepts, chosen for proving speed: " +
        $"blowup {1 << p.LogNCosets}, {p.NQueries} queries, {p.ProofOfWorkBits} grinding bits, FRI steps [{string.Join(", ", p.FriStepList)}] " +
        $"to degree {p.LastLayerDegreeBound}, {p.ChannelHash} channel, {p.CommitmentHash}";

    /// <summary>A private input that names the trace and memory files, as Stone's prover expects one.</summary>
    private static byte[] PrivateInputNaming(string traceFile, string memoryFile)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("memory_path", memoryFile);
            w.WriteString("trace_path", traceFile);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }
}
