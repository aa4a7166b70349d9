namespace Zetina.Cairo.Air;

/// <summary>
/// Thrown when a run cannot be laid out as a Cairo AIR trace: a step reads an address that the memory file
/// does not hold, an instruction word does not decode, the trace length is not a power of two (not a proof-mode
/// run), an offset lies outside [rc_min, rc_max]. The message names the step and the values involved.
/// </summary>
public class CairoTraceException : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public CairoTraceException(string message) : base(message) { }
}
