using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Zetina.Cairo.Air;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Gpu.Prover;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;

namespace Zetina.Node.Cli;

/// <summary>
/// <c>zetina prove</c> and <c>zetina verify</c>: the Cairo prover and verifier from the command line
/// (docs/cairo-air.md).
/// </summary>
internal static class ProveCommands
{
    public static readonly CliCommand[] Commands =
    [
        new(["prove"], "prove a Cairo run (a program, or cairo-run's trace/memory/public-input files)", ProveUsage, Prove),
        new(["verify"], "verify a Cairo proof; exit 0 only when it is valid", VerifyUsage, Verify),
    ];

    private const string ProveUsage = """
        usage: zetina prove PROGRAM.json [--program_input FILE] [--layout L] -o proof.json [options]
               zetina prove --trace_file T --memory_file M --air_public_input P [--air_private_input Q] -o proof.json [options]
          Runs PROGRAM.json in proof mode on the Cairo VM, or reads the files cairo-run wrote, and proves the run.
          --layout: auto (default: the smallest layout with the program's builtins, printed to stderr) or any
          layout `zetina run` knows. Builtins proved: output, range_check, pedersen, bitwise, poseidon, ecdsa,
          range_check96, ec_op, add_mod, mul_mod, keccak; a run that uses another is refused, naming it.
          options:
            --job-id X, --executor A   binding data (felts) that the proof is bound to (default 0)
            --program FILE             the compiled program, for the program hash header with the file inputs
            --params FILE              cpu_air_params.json-style parameters (log_n_cosets, n_queries,
                                       proof_of_work_bits, fri_step_list, last_layer_degree_bound, commitment_hash)
            --optimize speed|size      without --params, the >= 96-bit preset: speed (default: blowup 2, 72 queries)
                                       or size (blowup 8, 26 queries: about half the bytes, ~3x the time)
            --threads N                threads (default: all)
            --format zetina|stone      stone: Stone's proof file, proof_hex as cpu_air_prover
                                       writes it; --params cpu_air_params.json (default: 96-bit parameters),
                                       --prover_config FILE, --statement_version stone6|stone5 (default stone6)
            --gpu                      say which device proves; without it a CUDA GPU found is still used for the
                                       LDE and Merkle commitments (the CPU otherwise, silently)
          Progress by phase goes to stderr. A run whose statement the verifier would refuse (not a proof-mode
          run of a Cairo 0 program, the program header missing for file inputs: give --program) is refused before
          proving.
        """;

    private const string VerifyUsage = """
        usage: zetina verify proof.json [--expected-program-hash H] [--job-id X --executor A] [--json]
          Prints program hash, output, n_steps, layout and security bits. Exit 0 only when the proof is valid
          (1 when it is not, 2 for bad input). Without --job-id/--executor the proof's own binding is used.
          A valid proof says: this program ran from its first instruction (pc 1, the proof-mode entry code) to its
          __end__ loop, and wrote this output. A statement that does not show this (a Cairo 1 run, a run stopped
          early, an output segment not bound to main's pointers) is refused with the reason named.
        """;

    /// <summary>
    /// Runs PROGRAM.json in proof mode with <c>--program_input</c> and <c>--layout</c> (auto: the smallest layout
    /// with the program's builtins); a failing program is bad input (exit 2). Rejects any option not read yet.
    /// </summary>
    internal static CairoRun RunInProofMode(CliArgs args, string programFile, out CairoLayout layout)
    {
        string? inputFile = args.Option("program_input");
        string? layoutName = args.Option("layout");
        args.RejectUnknown();
        var program = Zetina.Cairo.Program.ProgramLoader.LoadFile(programFile);
        layout = LayoutOption.Resolve(layoutName, program.Builtins);
        var runner = new CairoRunner(program, new RunOptions
        {
            Layout = layout,
            ProofMode = true,
            ProgramInputJson = inputFile is null ? null : ProgramInputFile.Read(inputFile),
        });
        try { runner.Run(); }
        catch (CairoException e) { throw new CliUsageException($"the program failed: {e.Message}"); }
        return runner.Result;
    }

    private static int Prove(CliArgs args)
    {
        (List<string> positionals, string? shortOut) = SplitShortOutput(args.Positionals);
        string output = shortOut ?? args.Option("out_file") ?? args.Required("output");
        string format = args.Option("format") ?? "zetina";
        if (format == "stone")
            return args.Option("trace_file") is null && positionals.Count > 0
                ? StoneProveCommand.RunProgram(args, positionals, output)
                : StoneProveCommand.Run(args, output);
        if (format != "zetina") throw new CliUsageException($"--format must be zetina or stone, got '{format}'");
        string? traceFile = args.Option("trace_file");
        Felt jobId = ParseFelt(args.Option("job_id"), "job-id");
        Felt executor = ParseFelt(args.Option("executor"), "executor");
        int threads = args.Int("threads", 0);
        bool gpu = args.Flag("gpu");
        string? paramsFile = args.Option("params");
        ProofOptimization optimize = OptimizeOption.Parse(args.Option("optimize"));
        var sw = Stopwatch.StartNew();
        CairoRun run;
        if (traceFile is not null)
        {
            string memoryFile = args.Required("memory_file");
            string publicInput = args.Required("air_public_input");
            string? privateInput = args.Option("air_private_input"); // the ecdsa signatures, when the run uses that builtin
            string? programFile = args.Option("program");
            args.RejectUnknown();
            if (positionals.Count > 0) throw new CliUsageException("give either PROGRAM.json or --trace_file/--memory_file/--air_public_input, not both");
            ulong main = 0;
            IReadOnlyList<string> builtins = [];
            if (programFile is not null)
            {
                // The header as the run laid the program out: cairo-run's proof mode adds the entry code to a
                // program compiled without --proof_mode, which moves main by its six words.
                Zetina.Cairo.Program.CairoProgram program = Zetina.Cairo.Program.ProgramLoader.LoadFile(programFile).WithProofModeHeader();
                main = (ulong)(program.Main ?? 0);
                builtins = program.Builtins;
            }
            run = CairoRun.FromFiles(traceFile, memoryFile, publicInput, main, builtins);
            if (privateInput is not null)
                run = run with { EcdsaSignatures = AirPrivateInput.Read(privateInput).EcdsaSignatures };
            Console.Error.WriteLine($"read: {run.Trace.Length} steps, {run.Memory.Count} memory cells, layout {run.PublicInput.Layout} ({sw.Elapsed.TotalSeconds:F2} s)");
        }
        else
        {
            if (positionals.Count != 1) throw new CliUsageException("expected one PROGRAM.json (or --trace_file ...)");
            run = RunInProofMode(args, positionals[0], out CairoLayout layout);
            Console.Error.WriteLine($"run: {run.Trace.Length} steps, {run.Memory.Count} memory cells, layout {layout.Name} ({sw.Elapsed.TotalSeconds:F2} s)");
        }
        StarkParameters? parameters = paramsFile is null ? null : ReadParams(paramsFile, System.Numerics.BitOperations.Log2((uint)run.Trace.Length));
        CairoProof proof;
        try
        {
            using GpuProverBackends device = OpenDevice(threads, gpu);
            using TerminalProgress progress = TerminalProgress.ForStderr();
            proof = CairoProver.Prove(run, new CairoBinding(jobId, executor), parameters, threads, progress.Report, device.Backends, optimize: optimize);
        }
        catch (CairoTraceException e)
        {
            throw new CliUsageException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(e.Message);
        }
        byte[] bytes = proof.ToJsonBytes();
        File.WriteAllBytes(output, bytes);
        Console.Error.WriteLine($"write: {output} ({bytes.Length} bytes), {sw.Elapsed.TotalSeconds:F2} s in all");
        Console.Out.WriteLine($"program hash {proof.Statement.ProgramHash.ToHexString()}");
        return 0;
    }

    private static int Verify(CliArgs args)
    {
        bool json = args.Flag("json");
        string? expected = args.Option("expected_program_hash");
        string? job = args.Option("job_id");
        string? exec = args.Option("executor");
        args.RejectUnknown();
        if (args.Positionals.Count != 1) throw new CliUsageException("expected one proof.json");
        byte[] bytes = File.ReadAllBytes(args.Positionals[0]);
        if (Zetina.Cairo.Stone.StoneProofFile.LooksLikeStone(bytes)) return StoneVerifyCommand.Run(bytes, json);
        Felt? want = expected is null ? null : ParseFelt(expected, "expected-program-hash");
        var sw = Stopwatch.StartNew();
        CairoVerifyResult r;
        if (job is null && exec is null) r = CairoVerifier.VerifyAsStated(bytes, want);
        else r = CairoVerifier.Verify(bytes, new CairoBinding(ParseFelt(job, "job-id"), ParseFelt(exec, "executor")), want);
        double ms = sw.Elapsed.TotalMilliseconds;
        if (json)
        {
            using var ms2 = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms2))
            {
                w.WriteStartObject();
                w.WriteBoolean("valid", r.IsValid);
                if (!r.IsValid)
                {
                    w.WriteString("error", r.Error.ToString());
                    if (r.Refusal != StatementRefusal.None) w.WriteString("refusal", r.Refusal.ToString());
                    w.WriteString("message", r.Message);
                }
                else
                {
                    w.WriteString("program_hash", r.ProgramHash.ToHexString());
                    w.WriteStartArray("output");
                    foreach (Felt o in r.Output) w.WriteStringValue(o.ToHexString());
                    w.WriteEndArray();
                    w.WriteNumber("n_steps", r.NSteps);
                    w.WriteString("layout", r.Layout);
                    w.WriteNumber("security_bits", r.SecurityBits);
                }
                w.WriteNumber("verify_ms", Math.Round(ms, 2));
                w.WriteEndObject();
            }
            Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(ms2.ToArray()));
        }
        else if (r.IsValid)
        {
            Console.Out.WriteLine("valid");
            Console.Out.WriteLine($"program hash  {r.ProgramHash.ToHexString()}");
            Console.Out.WriteLine($"output        [{string.Join(", ", Array.ConvertAll(r.Output, o => o.ToHexString()))}]");
            Console.Out.WriteLine($"n_steps       {r.NSteps}");
            Console.Out.WriteLine($"layout        {r.Layout}");
            Console.Out.WriteLine($"security bits {r.SecurityBits}");
            Console.Out.WriteLine("statement     the program ran from pc 1 to its __end__ loop; output and builtin segments bound to main's pointers");
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verified in   {ms:F1} ms"));
        }
        else
        {
            Console.Out.WriteLine($"invalid: {r.Error}: {r.Message}");
        }
        return r.IsValid ? 0 : 1;
    }

    /// <summary>
    /// The prover's backends: the first CUDA GPU's LDE and commitments when there is one, else the CPU's. The one
    /// line saying which goes to stderr when a GPU was found or <paramref name="announce"/> (<c>--gpu</c>) asks.
    /// </summary>
    internal static GpuProverBackends OpenDevice(int threads, bool announce)
    {
        GpuProverBackends device = GpuProverBackends.Create(threads);
        if (device.OnGpu || announce) Console.Error.WriteLine(device.OnGpu ? device.Line : device.Line + "; proving on the CPU");
        return device;
    }

    /// <summary>Takes <c>-o PATH</c> out of the positionals (the argument parser only knows <c>--name</c> options).</summary>
    private static (List<string> Others, string? Output) SplitShortOutput(IReadOnlyList<string> positionals)
    {
        var rest = new List<string>();
        string? output = null;
        for (int i = 0; i < positionals.Count; i++)
        {
            if (positionals[i] == "-o")
            {
                if (i + 1 >= positionals.Count) throw new CliUsageException("-o needs a path");
                output = positionals[++i];
            }
            else rest.Add(positionals[i]);
        }
        return (rest, output);
    }

    private static Felt ParseFelt(string? text, string name)
    {
        if (text is null) return Felt.Zero;
        return Felt.TryParse(text, out Felt f, out string? error) ? f : throw new CliUsageException($"--{name}: {error}");
    }

    /// <summary>
    /// Reads a cpu_air_params.json-style file. Stone's trace has 16 rows per step, ours one, so the FRI step list is
    /// recomputed for this trace length when the file's does not fit it (the smallest expected proof's, said on stderr).
    /// </summary>
    private static StarkParameters ReadParams(string path, int logRows)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement stark = doc.RootElement.GetProperty("stark");
            JsonElement fri = stark.GetProperty("fri");
            int logCosets = stark.GetProperty("log_n_cosets").GetInt32();
            int queries = fri.GetProperty("n_queries").GetInt32();
            int pow = fri.GetProperty("proof_of_work_bits").GetInt32();
            int last = fri.TryGetProperty("last_layer_degree_bound", out JsonElement l) ? l.GetInt32() : 64;
            var steps = new List<int>();
            if (fri.TryGetProperty("fri_step_list", out JsonElement fs)) foreach (JsonElement s in fs.EnumerateArray()) steps.Add(s.GetInt32());
            string hash = "keccak256";
            if (doc.RootElement.TryGetProperty("commitment_hash", out JsonElement h) && h.GetString() is { } hs && Zetina.Stark.Merkle.MerkleHashes.IsKnown(hs)) hash = hs;
            var p = new StarkParameters(logCosets, queries, pow, steps.ToArray(), last, hash);
            if (p.Validate(logRows) is not null)
            {
                p = CairoProver.FitFriSteps(p, logRows);
                Console.Error.WriteLine($"params: fri_step_list refitted to [{string.Join(", ", p.FriStepList)}], last_layer_degree_bound {p.LastLayerDegreeBound}, for 2^{logRows} rows (one row per step; Stone uses 16)");
            }
            string? err = p.Validate(logRows);
            if (err is not null) throw new CliUsageException($"--params: {err}");
            return p;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new CliUsageException($"--params {path}: {e.Message}");
        }
    }
}
