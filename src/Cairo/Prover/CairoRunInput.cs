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
    /// Takes a finished proof-mode run of our VM in memory (<see cref="AirInputs"/>: the trace copied once, the
    /// written cells, the public input). Throws <see cref="InvalidOperationException"/> when the run was not in proof mode.
    /// </summary>
    public static CairoRunInput FromRunner(CairoRunner runner)
    {
        if (runner.PublicInput is null) throw new InvalidOperationException("the run has no public input (not proof mode)");
        return new CairoRunInput(
            AirInputs.Trace(runner),
            AirInputs.Memory(runner),
            AirInputs.PublicInput(runner),
            (ulong)(runner.Program.Main ?? 0),
            runner.Program.Builtins);
    }
}
