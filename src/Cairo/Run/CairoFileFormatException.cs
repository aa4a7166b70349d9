namespace Zetina.Cairo.Run;

/// <summary>
/// Thrown when a trace, memory or AIR input file is malformed: a record length that is not a multiple of
/// the record size, a felt not below p, a missing JSON field. The message names the file's problem with
/// numbers ("memory file length 41 is not a multiple of 40").
/// </summary>
/// <remarks>Derives from <see cref="FormatException"/> so command-line callers report it as bad input (exit 2).</remarks>
public sealed class CairoFileFormatException : FormatException
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public CairoFileFormatException(string message) : base(message) { }
}
