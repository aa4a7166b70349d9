using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Errors;

/// <summary>
/// A Cairo program could not be loaded or run. <see cref="Kind"/> says why; <see cref="Pc"/> is the instruction
/// being executed when the run failed (null before the run starts).
/// </summary>
/// <remarks>
/// Bad programs are expected input, so every failure is one of these typed errors with a one-line message that
/// names the numbers involved; callers (the CLI) print <see cref="Exception.Message"/> and exit non-zero.
/// </remarks>
public class CairoException : Exception
{
    public CairoException(CairoErrorKind kind, string message, Relocatable? pc = null, Exception? inner = null)
        : base(pc is { } p ? $"Error at pc={p}: {message}" : message, inner)
    {
        Kind = kind;
        Pc = pc;
    }

    /// <summary>The category of failure.</summary>
    public CairoErrorKind Kind { get; }

    /// <summary>The pc of the failing instruction, when the failure happened during the run.</summary>
    public Relocatable? Pc { get; }
}
