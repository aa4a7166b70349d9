namespace Zetina.Cairo.Air;

/// <summary>Why a Cairo statement is refused before its proof is looked at (<see cref="StatementCheck"/>).</summary>
public enum StatementRefusal
{
    /// <summary>Accepted.</summary>
    None = 0,
    /// <summary>Returned when the layout is not one this AIR proves.</summary>
    LayoutUnsupported,
    /// <summary>Returned when n_steps, the rc bounds or the trace shape disagree or are out of range.</summary>
    ShapeInvalid,
    /// <summary>Returned when a size (segments, public memory, output, bytecode) exceeds what the statement can hold; checked before anything is allocated.</summary>
    TooLarge,
    /// <summary>Returned when a segment is missing, duplicated, out of the address range or stops before it begins.</summary>
    SegmentInvalid,
    /// <summary>Returned when two non-empty segments share addresses.</summary>
    SegmentsOverlap,
    /// <summary>Returned when the public memory has address 0, an address out of range, or two values at one address.</summary>
    PublicMemoryInvalid,
    /// <summary>Returned when the program segment does not begin at address 1 (the initial pc is not the program's start).</summary>
    ProgramNotAtStart,
    /// <summary>Returned when a word of the program, from its start to the execution prefix, is not public.</summary>
    ProgramNotPublic,
    /// <summary>Returned when the program does not begin with the proof-mode entry code (a Cairo 1 run, or a program that is not a proof-mode program).</summary>
    EntryCodeMissing,
    /// <summary>Returned when the final pc is not the program's <c>__end__</c> loop: the run stopped before main returned.</summary>
    RunNotFinished,
    /// <summary>Returned when the cells below the execution segment are not the public prefix [initial_fp, 0].</summary>
    ExecutionPrefixMissing,
    /// <summary>Returned when the stated main differs from the entry code's call target.</summary>
    MainMismatch,
    /// <summary>Returned when the stated builtins differ in number from what the entry code reserves, repeat, or lack a segment.</summary>
    BuiltinsMismatch,
    /// <summary>Returned when a builtin pointer main received or returned is not public or differs from its segment's begin or stop.</summary>
    BuiltinPointerMismatch,
    /// <summary>Returned when a segment the program was not given holds cells.</summary>
    UndeclaredBuiltinUsed,
    /// <summary>Returned when a cell of the output segment is not public.</summary>
    OutputNotPublic,
}
