namespace Zetina.Stark.Proof;

/// <summary>
/// The committed table of the main (or interaction) columns of one lift s &gt; 1 (<see cref="Air.IAir.ColumnLifts"/>,
/// <see cref="Air.IAir.AuxColumnLifts"/>): its root, absorbed right after the main (interaction) root and the short tables
/// of lower lift, and its opening at the short leaves of the queries (<see cref="ShortTableLeaves"/>).
/// </summary>
/// <param name="Lift">s, a power of two ≥ 2; a proof's short tables of one kind come in ascending lift.</param>
/// <param name="Root">The table's Merkle root.</param>
/// <param name="Opening">Round 8: the table's rows at its opened leaves.</param>
public sealed record ShortTable(int Lift, byte[] Root, TableOpening Opening);
