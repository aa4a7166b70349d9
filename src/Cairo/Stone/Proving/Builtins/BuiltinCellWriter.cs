using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// What every builtin's trace writer shares: the table and the run's memory to read instance inputs from; memory
/// accesses and 16-bit range-check values go into the shared pools' cells (Stone's <c>MemoryCellView::WriteTrace</c>
/// and <c>TableCheckCellView::WriteTrace</c>).
/// </summary>
/// <remarks>
/// The trace builder finalizes both pools afterwards and tells a vacant cell by its content (a memory cell with address
/// 0, Cairo addresses starting at 1; a range-check cell it marked vacant), so writing the cell is all it takes.
/// </remarks>
internal sealed class BuiltinCellWriter(StoneTraceTable table, MemoryImage memory)
{
    /// <summary>The original trace being filled.</summary>
    public StoneTraceTable Table { get; } = table;

    /// <summary>The run's value at <paramref name="address"/>, if the run wrote it.</summary>
    public bool TryRead(ulong address, out Felt value) => memory.TryGet(address, out value);

    /// <summary>
    /// Reads <paramref name="inputs"/>.Length consecutive cells from <paramref name="address"/>: true when the run wrote
    /// them all, which is when cairo-run lists the instance in its private input (an instance is used).
    /// </summary>
    public bool TryReadAll(ulong address, Span<Felt> inputs)
    {
        for (int k = 0; k < inputs.Length; k++)
            if (!memory.TryGet(address + (ulong)k, out inputs[k])) return false;
        return true;
    }

    /// <summary>Memory-pool access <paramref name="index"/> of a builtin's cell: (address, value) into its two virtual columns.</summary>
    public void WriteMemory(StoneVirtualColumn addressColumn, StoneVirtualColumn valueColumn, int index, ulong address, in Felt value)
    {
        Table[addressColumn, index] = Felt.FromUInt64(address);
        Table[valueColumn, index] = value;
    }

    /// <summary>Range-check-16 pool cell <paramref name="index"/> of <paramref name="column"/>: a 16-bit value.</summary>
    public void WriteRangeCheck(StoneVirtualColumn column, int index, ushort value)
    {
        Table[column, index] = Felt.FromUInt64(value);
    }
}
