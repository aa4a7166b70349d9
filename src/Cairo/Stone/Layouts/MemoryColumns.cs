namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps the memory component's virtual columns: every memory access (address, value) in
/// <see cref="PoolAddr"/>/<see cref="PoolValue"/>, the same accesses sorted by address, the permutation's running
/// product in the interaction trace, and the public-memory slots (accesses written as (0, 0) by the prover).
/// </summary>
internal sealed record MemoryColumns(
    StoneVirtualColumn PoolAddr,
    StoneVirtualColumn PoolValue,
    StoneVirtualColumn SortedAddr,
    StoneVirtualColumn SortedValue,
    StoneVirtualColumn CumulativeProduct,
    StoneVirtualColumn PublicMemoryAddr,
    StoneVirtualColumn PublicMemoryValue);
