namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// One of Stone's virtual columns: the cells of trace column <see cref="Column"/> at rows
/// <c>Offset + Step · i</c> (Stone's <c>VirtualColumn(column, step, row_offset)</c> in each
/// <c>cpu_air_definition&lt;n&gt;.inl</c>). The constraints of a component name virtual columns, never trace cells, so
/// the same constraint serves every layout; the layout's constants file says where each virtual column lives.
/// </summary>
/// <param name="Column">The trace column, counting the first commitment's columns, then the interaction's.</param>
/// <param name="Step">Rows between consecutive cells of the virtual column.</param>
/// <param name="Offset">The row of cell 0.</param>
internal readonly record struct StoneVirtualColumn(int Column, int Step, int Offset)
{
    /// <summary>The mask entry of cell <paramref name="index"/> (may be past the component's instance: the next one's).</summary>
    public StoneMaskEntry At(int index) => new(Column, Offset + Step * index);
}
