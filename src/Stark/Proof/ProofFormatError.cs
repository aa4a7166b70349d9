namespace Zetina.Stark.Proof;

/// <summary>Why proof bytes could not be read. Each member says when it is returned.</summary>
public enum ProofFormatError
{
    /// <summary>Returned when the bytes were read.</summary>
    None = 0,
    /// <summary>Returned when the input ends before a field it announces.</summary>
    Truncated,
    /// <summary>Returned when the first byte is not a version this reader knows.</summary>
    UnsupportedVersion,
    /// <summary>Returned when a count or length is negative, above its hard limit, or larger than the bytes left.</summary>
    LengthOutOfRange,
    /// <summary>Returned when a 32-byte field element is not below p.</summary>
    NonCanonicalFelt,
    /// <summary>Returned when bytes remain after the last field.</summary>
    TrailingBytes,
    /// <summary>Returned when a flag byte, a column width or a text field has a value outside its domain.</summary>
    InvalidField,
    /// <summary>Returned when a trace table's column is sent wider than its values need (a proof has one encoding).</summary>
    NonMinimalEncoding,
}
