using Zetina.Stark.Field;

namespace Zetina.Cairo.Run;

/// <summary>
/// A finished proof-mode Cairo run, as the runner leaves it and the AIR proves it: the registers per step, the
/// written memory (relocated), the public input (layout, range-check bounds, segments, public memory), the ecdsa
/// builtin's private witness, and the program header (main pc, builtins) that the program hash needs.
/// </summary>
/// <remarks>
/// Filled in memory by the runner (<c>CairoRunner</c>) or read from cairo-run's files
/// (<see cref="FromFiles"/>); each file format has one type that reads and writes it: <see cref="TraceFile"/>,
/// <see cref="MemoryImage"/>, <see cref="AirPublicInput"/>, <see cref="AirPrivateInput"/>. See docs/cairo-vm.md.
/// </remarks>
public sealed record CairoRun(RegisterState[] Trace, MemoryImage Memory, AirPublicInput PublicInput, ulong ProgramMain, IReadOnlyList<string> ProgramBuiltins)
{
    /// <summary>The ecdsa builtin's signatures (instance index → (r, w = s⁻¹)): the private witness its lane needs.</summary>
    public IReadOnlyDictionary<long, (Felt R, Felt W)> EcdsaSignatures { get; init; } = new Dictionary<long, (Felt, Felt)>();

    /// <summary>
    /// Reads cairo-run's trace, memory and public-input files (each may be stored as <c>.gz</c>). The program header
    /// is unknown from these files: main 0 and no builtins unless given.
    /// </summary>
    public static CairoRun FromFiles(string tracePath, string memoryPath, string publicInputPath, ulong programMain = 0, IReadOnlyList<string>? builtins = null) =>
        new(TraceFile.Read(tracePath), MemoryImage.Read(memoryPath), AirPublicInput.Read(publicInputPath), programMain, builtins ?? []);
}
