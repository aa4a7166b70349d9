namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps the diluted pool (every diluted value the bitwise and keccak builtins use), its sorted copy,
/// and in the interaction trace the permutation's running product and the cumulative value that proves the sorted
/// copy steps through every diluted value (Stone's <c>diluted_pool</c>, <c>diluted_check/*</c>).
/// </summary>
internal sealed record DilutedCheckColumns(
    StoneVirtualColumn Pool,
    StoneVirtualColumn Sorted,
    StoneVirtualColumn CumulativeProduct,
    StoneVirtualColumn CumulativeValue);
