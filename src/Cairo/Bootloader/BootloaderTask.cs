using System.Text.Json;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Program;
using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Bootloader;

/// <summary>
/// One task of a bootloader run (cairo-lang <c>simple_bootloader/objects.py</c>, <c>Task</c>): a program the
/// bootloader loads into its own memory, hashes into its output and calls.
/// </summary>
/// <remarks>
/// The program hash the bootloader writes per task is a hash chain over the program header and
/// <see cref="Data"/> (Pedersen, or Poseidon when <see cref="UsePoseidon"/>; see <see cref="TaskProgramHash"/>).
/// </remarks>
/// <param name="UsePoseidon">Hash the task with Poseidon rather than Pedersen (where the bootloader lets a task choose).</param>
public abstract record BootloaderTask(bool UsePoseidon)
{
    /// <summary>The task's bytecode.</summary>
    public abstract MaybeRelocatable[] Data { get; }

    /// <summary>The task's builtins, in the canonical order.</summary>
    public abstract IReadOnlyList<string> Builtins { get; }

    /// <summary>The pc of the task's entry point, relative to its bytecode.</summary>
    public abstract int Main { get; }
}

/// <summary>
/// A compiled program run with its hints (cairo-lang <c>RunProgramTask</c>): the bootloader loads the code and
/// its hints, which see <c>program_input</c> = <see cref="ProgramInput"/>.
/// </summary>
/// <param name="Program">The compiled task program (not proof-mode).</param>
/// <param name="ProgramInput">The task's <c>program_input</c>.</param>
/// <param name="UsePoseidon">Hash the task with Poseidon.</param>
public sealed record ProgramTask(CairoProgram Program, JsonElement ProgramInput, bool UsePoseidon) : BootloaderTask(UsePoseidon)
{
    /// <inheritdoc/>
    public override MaybeRelocatable[] Data => Program.Data;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Builtins => Program.Builtins;

    /// <inheritdoc/>
    public override int Main => Program.Main ?? throw new Errors.CairoException(Errors.CairoErrorKind.BadBootloaderInput, "the task program has no main function");
}

/// <summary>
/// A finished run replayed from its PIE (cairo-lang <c>CairoPieTask</c>, from a <c>CairoPiePath</c>): the
/// bootloader relocates the PIE's memory into its own (<see cref="PieTaskLoader"/>) and executes the program
/// without hints, every value a hint wrote already in memory.
/// </summary>
/// <param name="Pie">The PIE of the task's run.</param>
/// <param name="UsePoseidon">Hash the task with Poseidon.</param>
public sealed record PieTask(CairoPie Pie, bool UsePoseidon) : BootloaderTask(UsePoseidon)
{
    /// <inheritdoc/>
    public override MaybeRelocatable[] Data => Pie.ProgramData;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Builtins => Pie.Builtins;

    /// <inheritdoc/>
    public override int Main => Pie.Main;
}
