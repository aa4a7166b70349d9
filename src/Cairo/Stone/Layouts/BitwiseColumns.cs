namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps the bitwise builtin: its five memory cells per instance (x, y, x&amp;y, x^y, x|y, the first
/// four also as the var pool, one per <see cref="VarPoolAddr"/> step) and the diluted cells that spell each of
/// x, y, x&amp;y, x^y (16 cells each; Stone's <c>bitwise/*</c>).
/// </summary>
internal sealed record BitwiseColumns(
    StoneVirtualColumn VarPoolAddr,
    StoneVirtualColumn VarPoolValue,
    StoneVirtualColumn XOrYAddr,
    StoneVirtualColumn XOrYValue,
    StoneVirtualColumn XAndYValue,
    StoneVirtualColumn XXorYAddr,
    StoneVirtualColumn XXorYValue,
    StoneVirtualColumn DilutedVarPool,
    StoneVirtualColumn X,
    StoneVirtualColumn Y,
    StoneVirtualColumn XAndY,
    StoneVirtualColumn XXorY,
    StoneVirtualColumn TrimUnpacking192,
    StoneVirtualColumn TrimUnpacking193,
    StoneVirtualColumn TrimUnpacking194,
    StoneVirtualColumn TrimUnpacking195);
