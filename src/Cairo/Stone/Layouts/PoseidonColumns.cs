namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps the Poseidon builtin (Stone's <c>poseidon/*</c>): for each of the 3 lanes its memory cells
/// (input then output, every <c>Step</c> rows), the full rounds' states and squares (8 cells per instance: rounds 0–3,
/// then 4–7), and for each part of the partial rounds the third lane's state and square, one cell per round;
/// <c>PartialRoundsPartition</c> gives the rounds per part, the parts overlapping by 3 (64 + 22 = 83 + 3).
/// </summary>
internal sealed record PoseidonColumns(
    StoneVirtualColumn[] ParamAddr,
    StoneVirtualColumn[] ParamValue,
    StoneVirtualColumn[] FullState,
    StoneVirtualColumn[] FullStateSquared,
    StoneVirtualColumn[] PartialState,
    StoneVirtualColumn[] PartialStateSquared,
    int[] PartialRoundsPartition);
