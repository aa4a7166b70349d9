using System.Collections;
using Zetina.Cairo.Stone.Layouts;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// Which cells of the two shared pools the builtins wrote: memory-pool address cells and range-check-16 pool cells.
/// The trace builder's finalization fills every pool cell nobody wrote (memory holes and spare accesses, Stone's
/// <c>MemoryCell::Finalize</c>; range-check holes, <c>RangeCheckCell::Finalize</c>), so it must know which ones the
/// builtins took (Stone keeps an <c>is_initialized_</c> flag per pool cell for the same reason).
/// </summary>
/// <remarks>
/// Kept by trace row per column, so the builder asks with its own pool virtual column. The memory cells of every
/// range_check instance count as written although their values come only after the range-check holes are filled
/// (<see cref="StoneBuiltinTraces.FinalizeRangeCheck"/>): they are written before the memory is finalized.
/// </remarks>
internal sealed class StoneBuiltinPoolWrites
{
    private readonly int _rows;
    private readonly Dictionary<int, BitArray> _memory = [];
    private readonly Dictionary<int, BitArray> _rangeCheck = [];

    /// <summary>An empty record for a trace of <paramref name="rows"/> rows.</summary>
    public StoneBuiltinPoolWrites(int rows) => _rows = rows;

    /// <summary>True when a builtin wrote the memory-pool address cell <paramref name="index"/> of <paramref name="poolAddress"/>.</summary>
    public bool IsMemoryWritten(StoneVirtualColumn poolAddress, int index) => IsSet(_memory, poolAddress, index);

    /// <summary>True when a builtin wrote range-check-16 pool cell <paramref name="index"/> of <paramref name="pool"/>.</summary>
    public bool IsRangeCheckWritten(StoneVirtualColumn pool, int index) => IsSet(_rangeCheck, pool, index);

    /// <summary>Memory-pool cells the builtins wrote.</summary>
    public int MemoryCells { get; private set; }

    /// <summary>Range-check-16 pool cells the builtins wrote.</summary>
    public int RangeCheckCells { get; private set; }

    internal void MarkMemory(StoneVirtualColumn address, int index)
    {
        if (Set(_memory, address, index)) MemoryCells++;
        else throw new InvalidOperationException($"memory cell {index} of virtual column ({address.Column}, {address.Step}, {address.Offset}) is written twice");
    }

    internal void MarkRangeCheck(StoneVirtualColumn pool, int index)
    {
        if (Set(_rangeCheck, pool, index)) RangeCheckCells++;
        else throw new InvalidOperationException($"range-check cell {index} of virtual column ({pool.Column}, {pool.Step}, {pool.Offset}) is written twice");
    }

    private bool Set(Dictionary<int, BitArray> cells, StoneVirtualColumn column, int index)
    {
        if (!cells.TryGetValue(column.Column, out BitArray? rows)) cells.Add(column.Column, rows = new BitArray(_rows));
        int row = column.Offset + column.Step * index;
        if (rows[row]) return false;
        rows[row] = true;
        return true;
    }

    private static bool IsSet(Dictionary<int, BitArray> cells, StoneVirtualColumn column, int index) =>
        cells.TryGetValue(column.Column, out BitArray? rows) && rows[column.Offset + column.Step * index];
}
