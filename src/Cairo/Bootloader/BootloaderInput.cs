using System.Numerics;

namespace Zetina.Cairo.Bootloader;

/// <summary>
/// The bootloader's own configuration, written at the start of its output (cairo-lang <c>BootloaderConfig</c>):
/// the hash of the simple bootloader program a composite task must have verified, and the Cairo verifier program
/// hashes it accepts.
/// </summary>
/// <param name="SimpleBootloaderProgramHash">The simple bootloader's program hash a composite task's verifier output must name.</param>
/// <param name="SupportedCairoVerifierProgramHashes">The Cairo verifier programs whose outputs a composite task may carry.</param>
public sealed record BootloaderConfig(BigInteger SimpleBootloaderProgramHash, IReadOnlyList<BigInteger> SupportedCairoVerifierProgramHashes);

/// <summary>
/// The simple bootloader's input (cairo-lang <c>SimpleBootloaderInput</c>): the tasks, whether its output is one
/// page (<see cref="SinglePage"/>) or a page per task fact, and where to write the fact topologies, if anywhere.
/// </summary>
/// <param name="Tasks">The tasks, run in order.</param>
/// <param name="FactTopologiesPath">Where to write fact_topologies.json (absolute), or null.</param>
/// <param name="SinglePage">True to leave the whole output on page 0.</param>
public record SimpleBootloaderInput(IReadOnlyList<BootloaderTask> Tasks, string? FactTopologiesPath, bool SinglePage);

/// <summary>
/// The bootloader's input (cairo-lang <c>BootloaderInput</c>): the simple bootloader's, plus the config and one
/// <see cref="PackedOutput"/> per task saying how to unpack its output. Read from JSON by
/// <see cref="BootloaderInputReader"/>, or built in code (a PIE object as a task).
/// </summary>
/// <param name="Tasks">The tasks, run in order.</param>
/// <param name="FactTopologiesPath">Where to write fact_topologies.json (absolute), or null.</param>
/// <param name="SinglePage">True to leave the whole output on page 0 (the bootloader itself always pages its plain tasks).</param>
/// <param name="Config">The config written at the head of the output.</param>
/// <param name="PackedOutputs">How to unpack each task's output, one per task.</param>
public sealed record BootloaderInput(
    IReadOnlyList<BootloaderTask> Tasks, string? FactTopologiesPath, bool SinglePage,
    BootloaderConfig Config, IReadOnlyList<PackedOutput> PackedOutputs)
    : SimpleBootloaderInput(Tasks, FactTopologiesPath, SinglePage)
{
    /// <summary>One plain task per entry of <paramref name="tasks"/>, no verifier hashes, program hash 0: what a prover network's job needs.</summary>
    public static BootloaderInput Plain(params BootloaderTask[] tasks)
    {
        var packed = new PackedOutput[tasks.Length];
        for (int i = 0; i < tasks.Length; i++) packed[i] = new PlainPackedOutput();
        return new BootloaderInput(tasks, null, false, new BootloaderConfig(BigInteger.Zero, []), packed);
    }
}
