namespace Zetina.Cairo.Stone.Layouts;

/// <summary>Where a layout keeps the range_check builtin: each instance's memory cell and its parts in the 16-bit pool.</summary>
internal sealed record RangeCheckBuiltinColumns(StoneVirtualColumn Addr, StoneVirtualColumn Value, StoneVirtualColumn Parts);
