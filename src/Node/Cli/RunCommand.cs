using System.Globalization;
using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;

namespace Zetina.Node.Cli;

/// <summary>
/// <c>zetina run PROGRAM.json</c>: runs a compiled Cairo 0 program with cairo-run's flags and file formats, so a
/// cairo-run command line works with the binary name changed.
/// </summary>
internal static class RunCommand
{
    private const string Usage = """
        usage: zetina run PROGRAM.json [options]     (or --program PROGRAM.json, or --run_from_cairo_pie PIE.zip)
          --layout NAME              auto (default: the smallest layout with the program's builtins, printed to
                                     stderr), plain, small, dex, recursive, starknet, starknet_with_keccak,
                                     recursive_large_output, recursive_with_poseidon, all_cairo, all_solidity
          --proof_mode               start at __start__ (added when the program lacks it), pad the trace to the layout
          --program_input FILE       JSON object read by the program's hints (program_input)
          --trace_file FILE          binary trace (ap, fp, pc as u64 LE per step)
          --memory_file FILE         binary memory (u64 LE address, 32-byte LE value), sorted by address
          --air_public_input FILE    air_public_input.json (proof mode)
          --air_private_input FILE   air_private_input.json (proof mode; needs --trace_file and --memory_file)
          --cairo_pie_output FILE    write a Cairo PIE zip (not with --proof_mode)
          --print_output             print the output builtin's values
          --max_steps N              stop with an error after N steps
          --steps N                  run exactly N steps (the end must come within them), no padding
          --min_steps N              keep stepping at the end until N steps have run, then pad as usual
          --allow_missing_builtins   run even if the layout lacks some of the program's builtins
        Option names also work with '-' instead of '_'. Exit codes: 0 ok, 1 the program failed, 2 bad input.
        """;

    public static readonly CliCommand[] Commands =
    [
        new(["run"], "run a compiled Cairo program (cairo-run's flags and files)", Usage, Run),
    ];

    private static int Run(CliArgs args)
    {
        string? programPath = args.Option("program") ?? (args.Positionals.Count > 0 ? args.Positionals[0] : null);
        string? piePath = args.Option("run_from_cairo_pie");
        string? layoutName = args.Option("layout");
        bool proofMode = args.Flag("proof_mode");
        string? inputPath = args.Option("program_input");
        string? traceFile = args.Option("trace_file");
        string? memoryFile = args.Option("memory_file");
        string? publicInputFile = args.Option("air_public_input");
        string? privateInputFile = args.Option("air_private_input");
        string? pieOutput = args.Option("cairo_pie_output");
        bool printOutput = args.Flag("print_output");
        bool allowMissing = args.Flag("allow_missing_builtins");
        string? maxStepsText = args.Option("max_steps");
        long? steps = PositiveOrNull(args.Option("steps"), "steps");
        long? minSteps = PositiveOrNull(args.Option("min_steps"), "min_steps");
        args.RejectUnknown();
        if (steps is not null && minSteps is not null) throw new CliUsageException("--steps and --min_steps cannot be both specified.");

        if (programPath is null == piePath is null) throw new CliUsageException("give exactly one of PROGRAM.json (or --program) and --run_from_cairo_pie");
        long maxSteps = long.MaxValue;
        if (maxStepsText is not null && (!long.TryParse(maxStepsText, NumberStyles.None, CultureInfo.InvariantCulture, out maxSteps) || maxSteps <= 0))
            throw new CliUsageException($"--max_steps expects a positive integer, got '{maxStepsText}'");
        if ((publicInputFile is not null || privateInputFile is not null) && !proofMode)
            throw new CliUsageException("--air_public_input and --air_private_input need --proof_mode");
        if (privateInputFile is not null && (traceFile is null || memoryFile is null))
            throw new CliUsageException("--air_private_input needs --trace_file and --memory_file");
        if (pieOutput is not null && proofMode) throw new CliUsageException("--cairo_pie_output cannot be combined with --proof_mode");

        string? input = inputPath is null ? null : ProgramInputFile.Read(inputPath);
        CairoRunner runner;
        try
        {
            CairoPie? pie = piePath is null ? null : CairoPie.Read(piePath);
            CairoProgram? program = programPath is null ? null : ProgramLoader.LoadFile(programPath);
            CairoLayout layout = LayoutOption.Resolve(layoutName, pie?.Builtins ?? program!.Builtins);
            var options = new RunOptions
            {
                Layout = layout,
                ProofMode = proofMode,
                Trace = traceFile is not null || proofMode,
                MaxSteps = maxSteps,
                ProgramInputJson = input,
                AllowMissingBuiltins = allowMissing,
                Steps = steps,
                MinSteps = minSteps,
            };
            if (pie is not null)
            {
                runner = CairoPie.Run(pie, options);
            }
            else
            {
                runner = new CairoRunner(program!, options);
                runner.Run();
            }
        }
        catch (CairoException e) when (e.Kind is CairoErrorKind.MalformedProgram or CairoErrorKind.WrongPrime or CairoErrorKind.UnknownBuiltin or CairoErrorKind.MalformedPie or CairoErrorKind.BadBootloaderInput)
        {
            throw new CliUsageException(e.Message);
        }
        catch (CairoException e)
        {
            Console.Error.WriteLine($"zetina run: {e.Message}");
            return 1;
        }

        if (traceFile is not null) TraceFile.WriteFile(traceFile, runner.RelocatedTrace);
        if (memoryFile is not null) runner.Memory.WriteFile(memoryFile);
        if (publicInputFile is not null) runner.Result.PublicInput.WriteFile(publicInputFile);
        if (privateInputFile is not null)
            (runner.PrivateInput() with { TracePath = Path.GetFullPath(traceFile!), MemoryPath = Path.GetFullPath(memoryFile!) }).WriteFile(privateInputFile);
        if (pieOutput is not null) CairoPie.Write(pieOutput, CairoPie.FromRunner(runner));
        if (printOutput)
        {
            Console.Out.WriteLine("Program output:");
            foreach (Felt v in runner.Output()) Console.Out.WriteLine("  " + Signed(v));
            Console.Out.WriteLine();
        }
        return 0;
    }

    private static long? PositiveOrNull(string? text, string name)
    {
        if (text is null) return null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) || v <= 0)
            throw new CliUsageException($"--{name} expects a positive integer, got '{text}'");
        return v;
    }

    /// <summary>cairo-run prints output felts as signed integers (values above p/2 as negatives).</summary>
    private static string Signed(Felt v)
    {
        BigInteger x = v.ToBigInteger();
        if (x > Felt.Modulus / 2) x -= Felt.Modulus;
        return x.ToString(CultureInfo.InvariantCulture);
    }
}
