namespace Zetina.Cairo.Air;

/// <summary>
/// The variable part of the trace layout: rows and the number of extra memory slots (k) and extra
/// range-check slots (r) per row. Column indices of the tail (see <see cref="CairoColumns"/>) derive from it.
/// </summary>
/// <param name="LogRows">log2 of the number of rows (= n_steps).</param>
/// <param name="ExtraMemorySlots">k ≥ 1: free memory slots per row (public-memory dummies, holes, fillers).</param>
/// <param name="ExtraRangeCheckSlots">r ≥ 1: free range-check slots per row (holes of [rc_min, rc_max], fillers).</param>
public sealed record CairoTraceShape(int LogRows, int ExtraMemorySlots, int ExtraRangeCheckSlots)
{
    /// <summary>Rows of the trace.</summary>
    public int Rows => 1 << LogRows;

    /// <summary>Memory accesses per row: 4 CPU accesses + k.</summary>
    public int MemorySlots => 4 + ExtraMemorySlots;

    /// <summary>Range-checked values per row: 3 offsets + r.</summary>
    public int RangeCheckSlots => 3 + ExtraRangeCheckSlots;

    /// <summary>Address column of extra memory slot j (its value is the next column).</summary>
    public int ExtraMemoryAddress(int j) => CairoColumns.CpuWidth + 2 * j;

    /// <summary>Address column of sorted memory slot j (its value is the next column).</summary>
    public int SortedMemoryAddress(int j) => CairoColumns.CpuWidth + 2 * ExtraMemorySlots + 2 * j;

    /// <summary>Column of extra range-check slot j.</summary>
    public int ExtraRangeCheck(int j) => CairoColumns.CpuWidth + 2 * ExtraMemorySlots + 2 * MemorySlots + j;

    /// <summary>Column of sorted range-check slot j.</summary>
    public int SortedRangeCheck(int j) => ExtraRangeCheck(ExtraRangeCheckSlots) + j;

    /// <summary>Main-trace width.</summary>
    public int MainWidth => SortedRangeCheck(RangeCheckSlots);

    /// <summary>Interaction column of memory running product after slot j.</summary>
    public int MemoryProduct(int j) => j;

    /// <summary>Interaction column of range-check running product after slot j.</summary>
    public int RangeCheckProduct(int j) => MemorySlots + j;

    /// <summary>Interaction-trace width.</summary>
    public int InteractionWidth => MemorySlots + RangeCheckSlots;

    /// <summary>The unsorted (address, value) columns of memory slot j: CPU accesses for j &lt; 4, extra slots after.</summary>
    public (int Address, int Value) UnsortedMemory(int j) => j switch
    {
        0 => (CairoColumns.Pc, CairoColumns.Inst),
        1 => (CairoColumns.DstAddr, CairoColumns.Dst),
        2 => (CairoColumns.Op0Addr, CairoColumns.Op0),
        3 => (CairoColumns.Op1Addr, CairoColumns.Op1),
        _ => (ExtraMemoryAddress(j - 4), ExtraMemoryAddress(j - 4) + 1),
    };

    /// <summary>The unsorted range-check column of slot j: the three biased offsets, then the extra slots.</summary>
    public int UnsortedRangeCheck(int j) => j < 3 ? CairoColumns.OffDst + j : ExtraRangeCheck(j - 3);
}
