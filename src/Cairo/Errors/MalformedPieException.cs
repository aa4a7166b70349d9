namespace Zetina.Cairo.Errors;

/// <summary>What is wrong with a Cairo PIE archive; carried by <see cref="MalformedPieException"/>.</summary>
public enum PieDefect
{
    /// <summary>Returned when one of the five members (metadata.json, memory.bin, additional_data.json, execution_resources.json, version.json) is missing.</summary>
    MissingMember,
    /// <summary>Returned when version.json does not say <c>{"cairo_pie": "1.1"}</c>.</summary>
    UnsupportedVersion,
    /// <summary>Returned when a member is not the JSON or binary format the PIE format defines (syntax, missing or mistyped field, bad record).</summary>
    BadFormat,
    /// <summary>Returned when a member inflates past the size limit (by its declared or its actual uncompressed size), or a segment is declared larger than the limit.</summary>
    TooLarge,
    /// <summary>Returned when two segments of the metadata share an index.</summary>
    OverlappingSegments,
    /// <summary>Returned when a memory cell, or an address a cell holds, lies outside the segments the metadata declares.</summary>
    OutsideMemory,
    /// <summary>Returned when the program segment's cells differ from the program's data.</summary>
    ProgramMismatch,
}

/// <summary>A Cairo PIE archive that cannot be used; <see cref="Defect"/> says why, the message names the member and numbers.</summary>
public sealed class MalformedPieException(PieDefect defect, string message)
    : CairoException(CairoErrorKind.MalformedPie, "malformed Cairo PIE: " + message)
{
    /// <summary>What is wrong.</summary>
    public PieDefect Defect { get; } = defect;
}
