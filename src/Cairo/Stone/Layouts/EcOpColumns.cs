namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps the ec_op builtin (Stone's <c>ec_op/*</c>): the 7 memory cells of an instance
/// (P.x, P.y, Q.x, Q.y, m, R.x, R.y), Q's doublings, and the subset sum of m over them starting at P.
/// </summary>
internal sealed record EcOpColumns(
    StoneVirtualColumn PXAddr, StoneVirtualColumn PXValue,
    StoneVirtualColumn PYAddr, StoneVirtualColumn PYValue,
    StoneVirtualColumn QXAddr, StoneVirtualColumn QXValue,
    StoneVirtualColumn QYAddr, StoneVirtualColumn QYValue,
    StoneVirtualColumn MAddr, StoneVirtualColumn MValue,
    StoneVirtualColumn RXAddr, StoneVirtualColumn RXValue,
    StoneVirtualColumn RYAddr, StoneVirtualColumn RYValue,
    StoneVirtualColumn DoubledX, StoneVirtualColumn DoubledY, StoneVirtualColumn DoublingSlope,
    StoneVirtualColumn PartialSumX, StoneVirtualColumn PartialSumY, StoneVirtualColumn Slope,
    StoneVirtualColumn Selector, StoneVirtualColumn XDiffInv,
    StoneVirtualColumn ProdOnes196, StoneVirtualColumn ProdOnes192);
