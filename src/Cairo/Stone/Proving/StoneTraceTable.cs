using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// The cells of one committed Stone trace (the original trace or the interaction trace), column by column: a layout
/// places every component's values through its virtual columns (<see cref="StoneVirtualColumn"/>), so a trace builder
/// writes "cell i of cpu/decode/pc" and never computes a row by hand (Stone's <c>TraceGenerationContext</c>).
/// </summary>
/// <remarks>
/// Mask entries count the original trace's columns first and then the interaction's; <see cref="FirstColumn"/> is the
/// global number of this table's column 0, so a virtual column of the interaction trace is written with its global
/// column as the layout's constants name it.
/// </remarks>
internal sealed class StoneTraceTable
{
    /// <summary>An all-zero table of <paramref name="columns"/> columns of <paramref name="rows"/> rows (a power of two).</summary>
    public StoneTraceTable(int columns, int rows, int firstColumn = 0)
    {
        if (rows <= 0 || (rows & (rows - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "the trace length must be a power of two");
        if (columns < 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "a table has no negative column count");
        Rows = rows;
        FirstColumn = firstColumn;
        Columns = new Felt[columns][];
        for (int c = 0; c < columns; c++) Columns[c] = new Felt[rows];
    }

    /// <summary>The trace length n.</summary>
    public int Rows { get; }

    /// <summary>The global column number of <c>Columns[0]</c> (0 for the original trace, its width for the interaction).</summary>
    public int FirstColumn { get; }

    /// <summary>The cells, <c>Columns[c][row]</c>.</summary>
    public Felt[][] Columns { get; }

    /// <summary>How many cells <paramref name="column"/> has in a trace of this length: n / step.</summary>
    public int Size(StoneVirtualColumn column) => Rows / column.Step;

    /// <summary>Cell <paramref name="index"/> of <paramref name="column"/> (row offset + step · index).</summary>
    public Felt this[StoneVirtualColumn column, int index]
    {
        get => Columns[column.Column - FirstColumn][Row(column, index)];
        set => Columns[column.Column - FirstColumn][Row(column, index)] = value;
    }

    /// <summary>The cell at a global column and row, the row taken cyclically (the mask reads past the last row).</summary>
    public Felt Cell(int column, long row) => Columns[column - FirstColumn][(int)(((row % Rows) + Rows) % Rows)];

    private int Row(StoneVirtualColumn column, int index)
    {
        long row = column.Offset + (long)column.Step * index;
        if (index < 0 || row >= Rows)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"cell {index} of virtual column ({column.Column}, step {column.Step}, offset {column.Offset}) is outside a trace of {Rows} rows");
        return (int)row;
    }
}
