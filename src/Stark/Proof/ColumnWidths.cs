using Zetina.Stark.Field;

namespace Zetina.Stark.Proof;

/// <summary>
/// The byte widths of an opened table's columns in the binary format (version 3): column c's values are sent as their
/// last w_c big-endian bytes, with w_c the fewest bytes that hold every opened value of the column, and at least 1.
/// </summary>
/// <remarks>
/// Opened rows are values on the evaluation coset 3·⟨ω_N⟩, which is disjoint from the trace domain, so a column's
/// values there are those of its interpolant off the trace: random-looking felts for any column that is not constant
/// on the trace (docs/stark.md, "Proof format", measured). A constant column stays constant and small (Cairo's unused
/// slots: zero), and those are what the widths save. The width is the maximum over the column, so every table has one
/// encoding; a width of at least 1 keeps the decoded values within 32 times the bytes read.
/// </remarks>
internal static class ColumnWidths
{
    /// <summary>The widest column: a canonical felt is below p &lt; 2^252, 32 bytes.</summary>
    public const int MaxBytes = 32;

    /// <summary>The fewest big-endian bytes that hold <paramref name="x"/>'s canonical value (0 for zero).</summary>
    public static int ByteLength(in Felt x)
    {
        Span<byte> b = stackalloc byte[32];
        x.WriteBytesBigEndian(b);
        int lead = b.IndexOfAnyExcept((byte)0);
        return lead < 0 ? 0 : 32 - lead;
    }

    /// <summary>
    /// The minimal width of every column of a row-major table of <paramref name="width"/> columns: the largest
    /// <see cref="ByteLength"/> in the column, at least 1. <paramref name="values"/>'s length must be a multiple of the width.
    /// </summary>
    public static byte[] Of(ReadOnlySpan<Felt> values, int width)
    {
        if (width <= 0 || values.Length % width != 0)
            throw new ArgumentException($"{values.Length} values do not make rows of {width} columns", nameof(values));
        var widths = new byte[width];
        widths.AsSpan().Fill(1);
        for (int i = 0; i < values.Length; i++)
        {
            int c = i % width, l = ByteLength(values[i]);
            if (l > widths[c]) widths[c] = (byte)l;
        }
        return widths;
    }
}
