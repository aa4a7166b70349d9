using Zetina.Cairo.Air.Files;
using Zetina.Cairo.Runner;

namespace Zetina.Cairo.Prover;

/// <summary>
/// What the prover needs from a proof-mode Cairo run: registers per step, the written memory, the AIR public input,
/// and the program header (main pc, builtins) for the program hash. Built from cairo-run's files or from our VM.
/// </summary>
public sealed record CairoRunInput(RegisterState[] Trace, MemoryImage Memory, AirPublicInput PublicInput, ulong ProgramMain, IReadOnlyList<string> ProgramBuiltins)
{
    /// <summary>
    /// Reads cairo-run's trace, memory and public-input files (each may be stored as <c>.gz</c>). The program header
    /// is unknown from these files: main 0 and no builtins unless given.
    /// </summary>
    public static CairoRunInput FromFiles(string tracePath, string memoryPath, string publicInputPath, ulong programMain = 0, IReadOnlyList<string>? builtins = null) =>
        new(TraceFile.Read(tracePath), MemoryImage.Read(memoryPath), AirPublicInput.Read(publicInputPath), programMain, builtins ?? []);

    /// <summary>
    /// Takes a finished proof-mode run of our VM, through the same byte formats cairo-run writes (so both paths
    /// share one reader). Throws <see cref="InvalidOperationException"/> when the run was not in proof mode.
    /// </summary>
    public static CairoRunInput FromRunner(CairoRunner runner)
    {
        PublicInput pi = runner.PublicInput ?? throw new InvalidOperationException("the run has no public input (not proof mode)");
        using var trace = new MemoryStream();
        TraceFileWriter.Write(trace, runner.RelocatedTrace);
        using var memory = new MemoryStream();
        MemoryFileWriter.Write(memory, runner.Memory);
        return new CairoRunInput(
            TraceFile.Parse(trace.ToArray()),
            MemoryImage.Parse(memory.ToArray()),
            AirPublicInput.Parse(AirInputJsonWriter.PublicInput(pi)),
            (ulong)(runner.Program.Main ?? 0),
            runner.Program.Builtins);
    }
}
