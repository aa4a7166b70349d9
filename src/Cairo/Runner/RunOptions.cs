using Zetina.Cairo.Run;

namespace Zetina.Cairo.Runner;

/// <summary>How to run a program (cairo-run's flags).</summary>
public sealed record RunOptions
{
    /// <summary>The layout (<c>--layout</c>); plain by default.</summary>
    public CairoLayout Layout { get; init; } = CairoLayout.Plain;

    /// <summary>Proof mode (<c>--proof_mode</c>): start at <c>__start__</c>, pad the trace, finalize segments.</summary>
    public bool ProofMode { get; init; }

    /// <summary>Record the trace (needed for trace files, the public input and the prover).</summary>
    public bool Trace { get; init; } = true;

    /// <summary>Step limit (<c>--max_steps</c>).</summary>
    public long MaxSteps { get; init; } = long.MaxValue;

    /// <summary>The <c>--program_input</c> JSON text, if any.</summary>
    public string? ProgramInputJson { get; init; }

    /// <summary>
    /// The input of a bootloader run given as objects (a PIE already in memory as a task) instead of as
    /// <see cref="ProgramInputJson"/>; the bootloader's input hints read it when set.
    /// </summary>
    public Bootloader.SimpleBootloaderInput? BootloaderInput { get; init; }

    /// <summary>Allow program builtins the layout lacks (their pointers are zero), as cairo-run's <c>--allow_missing_builtins</c>.</summary>
    public bool AllowMissingBuiltins { get; init; }

    /// <summary>
    /// Proof mode only: each program builtin the layout lacks gets its own segment with no cells allotted (its pointer
    /// is that segment's base, and main must return it unmoved), instead of the zero pointer of
    /// <see cref="AllowMissingBuiltins"/>. A run that writes such a segment fails with
    /// <see cref="Errors.CairoErrorKind.UnknownBuiltin"/> before padding.
    /// </summary>
    /// <remarks>
    /// The bootloader declares eight builtins, keccak among them, and only two layouts have keccak; its ratio (16
    /// instances per 2048 steps) pads every run to 2^15 steps or more. The native AIR proves builtins in lanes sized
    /// by use, so a bootloader run whose tasks use fewer builtins is proved in a smaller layout: the unused ones stay
    /// empty segments, named in the statement like any builtin of the program (its pointers are public and equal the
    /// segment's begin and stop), so the proof-mode statement needs no special case.
    /// </remarks>
    public bool EmptySegmentsForMissingBuiltins { get; init; }

    /// <summary>Skip padding the trace to the layout's n_steps in proof mode (<c>--disable_trace_padding</c>).</summary>
    public bool DisableTracePadding { get; init; }

    /// <summary>
    /// cairo-run's <c>--steps N</c>: run exactly N steps (the program must reach its end within them; in proof mode
    /// N includes the extra step at <c>__end__</c>), then no padding.
    /// </summary>
    public long? Steps { get; init; }

    /// <summary>
    /// cairo-run's <c>--min_steps N</c>: after the program's end, keep stepping (at <c>__end__</c>'s <c>jmp rel 0</c>)
    /// until N steps have run; proof-mode padding applies afterwards.
    /// </summary>
    public long? MinSteps { get; init; }
}
