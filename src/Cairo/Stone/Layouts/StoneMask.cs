namespace Zetina.Cairo.Stone.Layouts;

/// <summary>Builds a layout's mask from its per-column row lists.</summary>
/// <remarks>
/// Every published Stone layout lists its mask column by column, rows ascending within a column
/// (<c>GetMask()</c> in <c>cpu_air_definition&lt;n&gt;.inl</c>), so a column's row list is the natural way to write it.
/// </remarks>
internal static class StoneMask
{
    /// <summary>The mask: column 0's rows, then column 1's, …; <paramref name="rowsByColumn"/>[c] are column c's row offsets.</summary>
    public static StoneMaskEntry[] FromColumns(params int[][] rowsByColumn)
    {
        var mask = new List<StoneMaskEntry>();
        for (int column = 0; column < rowsByColumn.Length; column++)
            foreach (int row in rowsByColumn[column]) mask.Add(new StoneMaskEntry(column, row));
        return [.. mask];
    }
}
