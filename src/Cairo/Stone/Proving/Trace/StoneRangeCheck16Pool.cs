using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Trace;

/// <summary>
/// The 16-bit range-check pool: the instructions' biased offsets and the range-check builtins' 16-bit parts, the
/// vacant cells filled as Stone fills them, the sorted copy and the permutation's running product (Stone's
/// <c>RangeCheckCell::Finalize</c>, <c>PermRangeCheckComponentProverContext</c>; Cairo paper §9.9).
/// </summary>
/// <remarks>
/// <para>0 is a legal 16-bit value, so vacancy cannot be read off a zero cell: every pool cell starts as
/// <see cref="Vacant"/> (p − 1, never a 16-bit value) and the components overwrite the cells they use.</para>
/// <para>Vacant cells, in pool order, take the values of [rc_min, rc_max] that no component wrote, in increasing
/// order, so the sorted column moves by 0 or 1 from rc_min to rc_max; once no hole is left, the rest take rc_max.</para>
/// </remarks>
internal sealed class StoneRangeCheck16Pool
{
    /// <summary>The mark of a pool cell no component has written.</summary>
    public static readonly Felt Vacant = Felt.MinusOne;

    private readonly StoneTraceTable _main;
    private readonly RangeCheck16Columns _columns;

    /// <summary>The pool of <paramref name="main"/> in <paramref name="columns"/>, every cell marked <see cref="Vacant"/>.</summary>
    public StoneRangeCheck16Pool(StoneTraceTable main, RangeCheck16Columns columns)
    {
        _main = main;
        _columns = columns;
        for (int k = 0; k < Size; k++) main[columns.Pool, k] = Vacant;
    }

    /// <summary>Cells in the pool: n / pool step.</summary>
    public int Size => _main.Size(_columns.Pool);

    /// <summary>
    /// Fills the vacant cells with the missing values of [<paramref name="rcMin"/>, <paramref name="rcMax"/>] (then
    /// rc_max) and writes the sorted copy; run after every component has written its cells.
    /// </summary>
    /// <exception cref="StoneTraceException">A written value lies outside [rc_min, rc_max], or the missing values outnumber the vacant cells.</exception>
    public void FillAndSort(long rcMin, long rcMax)
    {
        if (rcMin < 0 || rcMin >= rcMax || rcMax >= 1 << 16)
            throw new StoneTraceException($"the range-check bounds [{rcMin}, {rcMax}] are not an interval of 16-bit values");
        int size = Size;
        var values = new ulong[size];
        var vacant = new bool[size];
        var used = new bool[rcMax - rcMin + 1];
        for (int k = 0; k < size; k++)
        {
            Felt v = _main[_columns.Pool, k];
            if (v == Vacant) { vacant[k] = true; continue; }
            if (!FeltMath.TryToUInt64(v, out values[k]) || values[k] < (ulong)rcMin || values[k] > (ulong)rcMax)
                throw new StoneTraceException($"range-check pool cell {k}: {v} is outside [rc_min, rc_max] = [{rcMin}, {rcMax}]");
            used[values[k] - (ulong)rcMin] = true;
        }

        long hole = rcMin - 1;
        for (int k = 0; k < size; k++)
        {
            if (!vacant[k]) continue;
            // The next value nobody wrote, or rc_max once there is none.
            while (hole != rcMax)
            {
                hole++;
                if (!used[hole - rcMin]) break;
            }
            values[k] = (ulong)hole;
            _main[_columns.Pool, k] = Felt.FromUInt64((ulong)hole);
        }
        for (hole++; hole <= rcMax; hole++)
            if (!used[hole - rcMin])
                throw new StoneTraceException($"range-check value {hole} of [{rcMin}, {rcMax}] appears nowhere and the pool has no vacant cell left for it");

        Array.Sort(values);
        for (int k = 0; k < size; k++) _main[_columns.Sorted, k] = Felt.FromUInt64(values[k]);
    }

    /// <summary>The running product over the pool against its sorted copy into the interaction trace (ends at 1).</summary>
    public Felt WriteInteraction(StoneTraceTable interaction, in Felt z)
    {
        int size = Size;
        var original = new Felt[size];
        var sorted = new Felt[size];
        for (int k = 0; k < size; k++)
        {
            original[k] = _main[_columns.Pool, k];
            sorted[k] = _main[_columns.Sorted, k];
        }
        return StonePermutationProduct.Write(interaction, _columns.CumulativeProduct, z, original, sorted);
    }
}
