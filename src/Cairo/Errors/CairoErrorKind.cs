namespace Zetina.Cairo.Errors;

/// <summary>What went wrong in loading or running a Cairo program; carried by every <see cref="CairoException"/>.</summary>
public enum CairoErrorKind
{
    /// <summary>Returned when the program file is not the JSON that cairo-compile writes (syntax, missing or mistyped field).</summary>
    MalformedProgram,
    /// <summary>Returned when the program's <c>prime</c> is not the Stark252 prime 2^251 + 17·2^192 + 1.</summary>
    WrongPrime,
    /// <summary>Returned when the program names a builtin the runner does not know or the layout does not have.</summary>
    UnknownBuiltin,
    /// <summary>Returned when an instruction word is above 2^63 or one of its flag groups holds an invalid combination.</summary>
    InvalidInstruction,
    /// <summary>Returned when a memory cell already holding one value is written with another.</summary>
    WriteConflict,
    /// <summary>Returned when an <c>assert_eq</c> or call frame check fails.</summary>
    AssertionFailed,
    /// <summary>Returned when the pc points at a cell holding no instruction (a jump out of the program).</summary>
    PcOutOfProgram,
    /// <summary>Returned when operands cannot be deduced or have the wrong type (felt where an address is needed).</summary>
    InvalidOperands,
    /// <summary>Returned when the run goes past the <c>--max_steps</c> limit.</summary>
    MaxStepsExceeded,
    /// <summary>Returned when a hint's code is not one the runner implements natively.</summary>
    UnknownHint,
    /// <summary>Returned when a hint fails (bad program input, failed check in the hint).</summary>
    HintFailed,
    /// <summary>Returned when a builtin's input is out of range or its cells are inconsistent.</summary>
    BuiltinError,
    /// <summary>Returned when proof mode cannot be set up or finished (missing <c>__end__</c>, layout too small).</summary>
    RunnerError,
    /// <summary>Returned when a Cairo PIE archive is malformed.</summary>
    MalformedPie,
    /// <summary>Returned when a bootloader's input (tasks, packed outputs, config) is malformed or names a file that cannot be read.</summary>
    BadBootloaderInput,
}
