namespace Zetina.Cairo.Errors;

/// <summary>
/// The layout does not allot enough cells for the run at its current step count. Proof mode catches it and keeps
/// padding the trace to the next power of two; outside that loop it is a runner error.
/// </summary>
public sealed class InsufficientAllocatedCellsException(string message)
    : CairoException(CairoErrorKind.RunnerError, "insufficient allocated cells: " + message);
