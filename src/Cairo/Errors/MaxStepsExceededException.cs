namespace Zetina.Cairo.Errors;

/// <summary>The run reached its step limit (<c>--max_steps</c>) before the program ended.</summary>
public sealed class MaxStepsExceededException(long maxSteps)
    : CairoException(CairoErrorKind.MaxStepsExceeded, $"Execution reached the maximum number of steps ({maxSteps}) before the program ended")
{
    public long MaxSteps { get; } = maxSteps;
}
