using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The diluted pool that the bitwise and keccak builtins write their diluted values into, its finalization and its
/// sorted copy (Stone's <c>DilutedCheckCell</c> and <c>DilutedCheckComponentProverContext0::WriteTrace</c>), and the
/// interaction columns that prove the copy sorted and complete (<c>DilutedCheckComponentProverContext1::WriteTrace</c>).
/// </summary>
/// <remarks>
/// A builtin writes through its own views of the pool column (cell i of a view is a fixed pool cell), so the pool
/// keeps values by pool index with a written flag. Finalizing puts, in pool order, into each cell nobody wrote the
/// next 16-bit value whose diluted form is not in the pool yet, and once every value is present the last one
/// (2^16 − 1) again; the sorted column then steps through every diluted value from 0. Every published layout dilutes
/// 16 bits spaced 4 apart.
/// </remarks>
internal sealed class DilutedPoolTrace
{
    /// <summary>Bits between consecutive bits of a diluted value.</summary>
    public const int Spacing = 4;

    /// <summary>Bits of an undiluted value.</summary>
    public const int Bits = 16;

    private readonly StoneTraceTable _table;
    private readonly DilutedCheckColumns _columns;
    private readonly ulong[] _values;
    private readonly bool[] _written;

    /// <summary>An empty pool over <paramref name="columns"/>.Pool of <paramref name="table"/>.</summary>
    public DilutedPoolTrace(StoneTraceTable table, DilutedCheckColumns columns)
    {
        _table = table;
        _columns = columns;
        _values = new ulong[table.Size(columns.Pool)];
        _written = new bool[_values.Length];
    }

    /// <summary>Writes diluted value <paramref name="value"/> at cell <paramref name="index"/> of <paramref name="view"/>, a view of the pool column.</summary>
    public void Write(StoneVirtualColumn view, int index, ulong value)
    {
        StoneVirtualColumn pool = _columns.Pool;
        long row = view.Offset + (long)view.Step * index;
        if (view.Column != pool.Column || row < pool.Offset || (row - pool.Offset) % pool.Step != 0)
            throw new InvalidOperationException($"cell {index} of virtual column ({view.Column}, {view.Step}, {view.Offset}) is not in the diluted pool");
        int i = (int)((row - pool.Offset) / pool.Step);
        if (_written[i]) throw new InvalidOperationException($"diluted pool cell {i} is written twice");
        _written[i] = true;
        _values[i] = value;
        _table[pool, i] = Felt.FromUInt64(value);
    }

    /// <summary>Fills the cells nobody wrote with the missing diluted values and writes the sorted column.</summary>
    public void FillMissingAndSort()
    {
        int total = 1 << Bits;
        var present = new bool[total];
        for (int i = 0; i < _values.Length; i++)
        {
            if (!_written[i]) continue;
            ulong undiluted = Undilute(_values[i]);
            if (Dilute(undiluted) != _values[i]) throw new InvalidOperationException($"diluted pool cell {i} holds {_values[i]}, not a diluted value");
            present[undiluted] = true;
        }
        int current = 0;
        for (int i = 0; i < _values.Length; i++)
        {
            if (_written[i]) continue;
            while (current != total - 1 && present[current]) current++;
            present[current] = true;
            _written[i] = true;
            _values[i] = Dilute((ulong)current);
            _table[_columns.Pool, i] = Felt.FromUInt64(_values[i]);
        }
        int missing = 0;
        for (int v = 0; v < total; v++) if (!present[v]) missing++;
        if (missing > 0)
            throw new StoneBuiltinInputException($"the diluted pool of {_values.Length} cells is too short: {missing} of the {total} diluted values are missing");

        ulong[] sorted = (ulong[])_values.Clone();
        Array.Sort(sorted);
        for (int i = 0; i < sorted.Length; i++) _table[_columns.Sorted, i] = Felt.FromUInt64(sorted[i]);
    }

    /// <summary>
    /// Writes the interaction columns: the permutation's running product
    /// p_i = Π_(j≤i) (z − pool_j)/(z − sorted_j), and the cumulative value r_0 = 1,
    /// r_i = r_(i−1)(1 + z′ u_i) + α u_i², u_i = sorted_i − sorted_(i−1) (Stone's <c>diluted_check/permutation/cum_prod0</c>
    /// and <c>diluted_check/cumulative_value</c>).
    /// </summary>
    public static void WriteInteraction(StoneTraceTable interaction, StoneTraceTable main, DilutedCheckColumns c,
        Felt permutationZ, Felt z, Felt alpha)
    {
        int n = main.Size(c.Pool);
        var denominators = new Felt[n];
        for (int i = 0; i < n; i++) denominators[i] = permutationZ - main[c.Sorted, i];
        var inverses = new Felt[n];
        Felt.BatchInverse(denominators, inverses);
        Felt product = Felt.One;
        for (int i = 0; i < n; i++)
        {
            product *= (permutationZ - main[c.Pool, i]) * inverses[i];
            interaction[c.CumulativeProduct, i] = product;
        }

        Felt value = Felt.One;
        interaction[c.CumulativeValue, 0] = value;
        for (int i = 1; i < n; i++)
        {
            Felt u = main[c.Sorted, i] - main[c.Sorted, i - 1];
            value = value * (Felt.One + z * u) + alpha * u * u;
            interaction[c.CumulativeValue, i] = value;
        }
    }

    /// <summary>Bit k of <paramref name="x"/> moved to bit k · <see cref="Spacing"/>.</summary>
    public static ulong Dilute(ulong x)
    {
        ulong d = 0;
        for (int k = 0; k < Bits; k++) d |= ((x >> k) & 1) << (k * Spacing);
        return d;
    }

    private static ulong Undilute(ulong d)
    {
        ulong x = 0;
        for (int k = 0; k < Bits; k++) x |= ((d >> (k * Spacing)) & 1) << k;
        return x;
    }
}
