namespace Zetina.Cairo.Program;

/// <summary>
/// The six words <c>cairo-compile --proof_mode</c> places at pc 0, and that the runner adds to a program compiled
/// without it:
/// <code>
/// pc 0  __start__:  ap += k          0x40780017fff7fff, k      (k = main.Args.SIZE + main.ImplicitArgs.SIZE)
/// pc 2              call rel c       0x1104800180018000, c     (main = 2 + c)
/// pc 4  __end__:    jmp rel 0        0x10780017fff7fff, 0
/// </code>
/// </summary>
/// <remarks>
/// The verifier's pinning rests on these words (cairo-lang <c>cairo_verifier</c>, Integrity's
/// <c>verify_cairo0</c>): a run whose first pc is <c>__start__</c> and whose last pc is <c>__end__</c> executed
/// <c>main</c> from its entry to its return, and <c>main</c> received its k builtin pointers at
/// <c>[initial_ap + i]</c> and returned them at <c>[final_ap − k + i]</c>.
/// </remarks>
public static class ProofModeEntryCode
{
    /// <summary><c>ap += imm</c>.</summary>
    public const ulong ApAddImmediate = 0x40780017fff7fffUL;

    /// <summary><c>call rel imm</c>.</summary>
    public const ulong CallRelImmediate = 0x1104800180018000UL;

    /// <summary><c>jmp rel imm</c> (with imm = 0: the <c>__end__</c> loop).</summary>
    public const ulong JumpRelImmediate = 0x10780017fff7fffUL;

    /// <summary>Words of the entry code.</summary>
    public const int Length = 6;

    /// <summary>The <c>call</c>'s offset from the program's start; main = this + the call's immediate.</summary>
    public const int CallOffset = 2;

    /// <summary><c>__end__</c>'s offset from the program's start: the final pc of every finished proof-mode run.</summary>
    public const int EndOffset = 4;
}
