using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// What every builtin's trace writer shares: the table, the run's memory to read instance inputs from, and the
/// record of the pool cells written (Stone's <c>MemoryCellView::WriteTrace</c> and <c>TableCheckCellView::WriteTrace</c>).
/// </summary>
internal sealed class BuiltinCellWriter(StoneTraceTable table, MemoryImage memory, StoneBuiltinPoolWrites writes)
{
    /// <summary>The original trace being filled.</summary>
    public StoneTraceTable Table { get; } = table;

    /// <summary>The pool cells written so far.</summary>
    public StoneBuiltinPoolWrites Writes { get; } = writes;

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
        Writes.MarkMemory(addressColumn, index);
        Table[addressColumn, index] = Felt.FromUInt64(address);
        Table[valueColumn, index] = value;
    }

    /// <summary>Range-check-16 pool cell <paramref name="index"/> of <paramref name="column"/>: a 16-bit value.</summary>
    public void WriteRangeCheck(StoneVirtualColumn column, int index, ushort value)
    {
        Writes.MarkRangeCheck(column, index);
        Table[column, index] = Felt.FromUInt64(value);
    }
}
