namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps the 16-bit range-check pool (every offset and range-checked part), its sorted copy and the
/// permutation's running product (Stone's <c>range_check16_pool</c>, <c>range_check16/sorted</c>,
/// <c>range_check16/perm/cum_prod0</c>).
/// </summary>
internal sealed record RangeCheck16Columns(StoneVirtualColumn Pool, StoneVirtualColumn Sorted, StoneVirtualColumn CumulativeProduct);
