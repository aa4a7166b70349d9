namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps one Pedersen hash's subset-sum columns (Stone's <c>pedersen/hash&lt;k&gt;/ec_subset_sum/*</c>):
/// the bits of the input being consumed (<see cref="Selector"/>, the input shifted right one bit per cell), the
/// running point, the slope of each addition, and two products that pin the top bits below the field's modulus.
/// </summary>
internal sealed record PedersenHashColumns(
    StoneVirtualColumn Selector,
    StoneVirtualColumn PartialSumX,
    StoneVirtualColumn PartialSumY,
    StoneVirtualColumn Slope,
    StoneVirtualColumn ProdOnes196,
    StoneVirtualColumn ProdOnes192);

/// <summary>
/// Where a layout keeps the Pedersen builtin: the memory cells of each instance's inputs and output (cell r of each
/// for repetition r) and the subset-sum columns of each repetition.
/// </summary>
internal sealed record PedersenColumns(
    StoneVirtualColumn Input0Addr,
    StoneVirtualColumn Input0Value,
    StoneVirtualColumn Input1Addr,
    StoneVirtualColumn Input1Value,
    StoneVirtualColumn OutputAddr,
    StoneVirtualColumn OutputValue,
    IReadOnlyList<PedersenHashColumns> Hashes);
