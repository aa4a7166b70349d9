using Zetina.Stark.Field;

namespace Zetina.Cairo.Air;

/// <summary>
/// The main trace of a Cairo run laid out for <see cref="CairoAir"/>: column-major, <see cref="CairoTraceShape.MainWidth"/>
/// columns of <see cref="CairoTraceShape.Rows"/> values each, but a lifted lane's (<see cref="CairoAir.ColumnLifts"/>), which
/// holds its n/s rows: row i of the trace is its row i mod n/s.
/// </summary>
public sealed class CairoTrace
{
    /// <summary>Wraps columns built by <see cref="CairoTraceBuilder"/>.</summary>
    public CairoTrace(CairoTraceShape shape, Felt[][] columns)
    {
        if (columns.Length != shape.MainWidth) throw new ArgumentException($"expected {shape.MainWidth} columns, got {columns.Length}");
        Shape = shape;
        Columns = columns;
    }

    /// <summary>The layout.</summary>
    public CairoTraceShape Shape { get; }

    /// <summary>Column-major values.</summary>
    public Felt[][] Columns { get; }

    /// <summary>Copies row <paramref name="row"/> into <paramref name="destination"/> (length ≥ width).</summary>
    public void ReadRow(int row, Span<Felt> destination)
    {
        for (int c = 0; c < Columns.Length; c++) destination[c] = Columns[c][row & (Columns[c].Length - 1)];
    }
}
