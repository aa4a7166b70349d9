using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Proof;

namespace Zetina.Stark.Verifier;

/// <summary>
/// One kind of columns (main or interaction) as a proof opens them at the queried leaves: a lift-1 column in the kind's
/// table, at its position among the lift-1 columns; a column of lift s in the kind's short table of lift s, at its
/// position among that table's columns, big row (leaf i, slot c) being row <see cref="ShortTableLeaves.Slot"/> of short
/// leaf i mod M' (docs/stark.md, "Lifted columns").
/// </summary>
/// <remarks>
/// The caller has checked the short tables' count and lifts against the AIR's and that every short table has at least
/// <c>arity</c> rows; the openings' sizes are checked by the table checks before <see cref="Value"/> is read.
/// </remarks>
internal sealed class OpenedColumns
{
    private readonly int[] _tableOf, _slotOf, _leaves, _shortLeafCount;
    private readonly int[][] _position;
    private readonly int _arity;

    /// <param name="lifts">The kind's column lifts (<see cref="AirDomain.ColumnLifts"/> or <see cref="AirDomain.AuxColumnLifts"/>).</param>
    /// <param name="table">The kind's table opening (its lift-1 columns).</param>
    /// <param name="shortTables">The kind's short tables, one per lift above 1 in <paramref name="lifts"/>, ascending.</param>
    /// <param name="leaves">The queried leaves of the big tables, sorted and distinct.</param>
    /// <param name="bigN">N, the evaluation domain's size.</param>
    /// <param name="arity">The rows a leaf holds (FRI's first folding arity).</param>
    public OpenedColumns(int[] lifts, TableOpening table, ShortTable[] shortTables, int[] leaves, int bigN, int arity)
    {
        int[] shortLifts = AirDomain.ShortTableLifts(lifts);
        _tableOf = new int[lifts.Length];
        _slotOf = new int[lifts.Length];
        ShortTableWidths = new int[shortLifts.Length];
        for (int c = 0; c < lifts.Length; c++)
        {
            int t = lifts[c] == 1 ? -1 : Array.IndexOf(shortLifts, lifts[c]);
            _tableOf[c] = t;
            _slotOf[c] = t < 0 ? TableWidth++ : ShortTableWidths[t]++;
        }
        Table = table;
        ShortTables = shortTables;
        _leaves = leaves;
        _arity = arity;
        _shortLeafCount = new int[shortTables.Length];
        ShortLeaves = new int[shortTables.Length][];
        _position = new int[shortTables.Length][];
        for (int t = 0; t < shortTables.Length; t++)
        {
            _shortLeafCount[t] = ShortTableLeaves.LeafCount(bigN, shortTables[t].Lift, arity);
            ShortLeaves[t] = ShortTableLeaves.Leaves(leaves, _shortLeafCount[t]);
            // Where each queried leaf's short leaf is among the short table's opened leaves.
            _position[t] = new int[leaves.Length];
            for (int l = 0; l < leaves.Length; l++) _position[t][l] = Array.BinarySearch(ShortLeaves[t], leaves[l] % _shortLeafCount[t]);
        }
    }

    /// <summary>The kind's table opening.</summary>
    public TableOpening Table { get; }

    /// <summary>The kind's short tables, in ascending lift.</summary>
    public ShortTable[] ShortTables { get; }

    /// <summary>The columns of the kind's table (its lift-1 columns).</summary>
    public int TableWidth { get; }

    /// <summary>The columns of each short table, in ascending lift.</summary>
    public int[] ShortTableWidths { get; }

    /// <summary>Per short table, the leaves it opens: {i mod M'} over the queried leaves i, sorted and distinct.</summary>
    public int[][] ShortLeaves { get; }

    /// <summary>Per short table, its leaf count M' = N/(s·arity).</summary>
    public int ShortLeafCount(int table) => _shortLeafCount[table];

    /// <summary>Column <paramref name="column"/> (the kind's index) at slot <paramref name="slot"/> of queried leaf number <paramref name="leaf"/>.</summary>
    public Felt Value(int column, int leaf, int slot)
    {
        int t = _tableOf[column];
        if (t < 0) return Table.Values[(leaf * _arity + slot) * TableWidth + _slotOf[column]];
        ShortTable st = ShortTables[t];
        int shortSlot = ShortTableLeaves.Slot(_leaves[leaf], slot, st.Lift, _shortLeafCount[t], _arity);
        return st.Opening.Values[(_position[t][leaf] * _arity + shortSlot) * ShortTableWidths[t] + _slotOf[column]];
    }
}
