using Zetina.Stark.Field;

namespace Zetina.Stark.Proof;

/// <summary>
/// The byte widths of an opened table's columns in the binary format (version 4): column c's values are sent as their
/// last w_c big-endian bytes, with w_c the fewest bytes that hold every opened value of the column in the row's class
/// (on the trace domain or off it), and at least 1.
/// </summary>
/// <remarks>
/// A row off the trace domain holds a column's interpolant off the trace: random-looking felts for any column that is
/// not constant on the trace (docs/stark.md, "Proof format", measured). A row on the trace domain holds the trace's own
/// values — Cairo's pc, ap, fp, offsets, flags and range-check slots take 1–8 bytes — and a constant column stays
/// constant and small everywhere (Cairo's unused slots: zero). Each class's widths are the maxima over its rows, so a
/// table has one encoding; a width of at least 1 keeps the decoded values within 32 times the bytes read.
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
    /// The minimal width of every column of a row-major table of <paramref name="width"/> columns over the rows whose
    /// <paramref name="onTrace"/> mark equals <paramref name="traceRows"/>: the largest <see cref="ByteLength"/> in the
    /// column there, at least 1 (all 1 when no row is in the class). <paramref name="values"/>'s length must be the
    /// width times the marks'.
    /// </summary>
    public static byte[] Of(ReadOnlySpan<Felt> values, int width, ReadOnlySpan<bool> onTrace, bool traceRows)
    {
        if (width <= 0 || values.Length != (long)width * onTrace.Length)
            throw new ArgumentException($"{values.Length} values do not make {onTrace.Length} rows of {width} columns", nameof(values));
        var widths = new byte[width];
        widths.AsSpan().Fill(1);
        for (int r = 0; r < onTrace.Length; r++)
        {
            if (onTrace[r] != traceRows) continue;
            for (int c = 0; c < width; c++)
            {
                int l = ByteLength(values[r * width + c]);
                if (l > widths[c]) widths[c] = (byte)l;
            }
        }
        return widths;
    }
}
