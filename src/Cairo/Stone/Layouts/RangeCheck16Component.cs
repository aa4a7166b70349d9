using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The 16-bit range check: the pool is a permutation of a sorted column that moves by 0 or 1 from rc_min to rc_max
/// (Cairo paper §9.9; Stone's <c>range_check16/perm</c>, <c>diff_is_bit</c>, <c>minimum</c>, <c>maximum</c>).
/// </summary>
internal static class RangeCheck16Component
{
    /// <summary>Adds the 6 constraints in Stone's order; <paramref name="z"/> is the permutation's interaction element.</summary>
    public static void Add<T>(StoneConstraintSum<T> sum, RangeCheck16Columns c, Felt z) where T : struct, IConstraintValue<T>
    {
        var pi = sum.PublicInput;
        int step = c.Sorted.Step;
        T every = sum.Every(step);
        T last = sum.Row(-step);
        T first = sum.Row(0);
        T sorted0 = sum.Cell(c.Sorted), sorted1 = sum.Cell(c.Sorted, 1);
        T p0 = sum.Cell(c.CumulativeProduct), p1 = sum.Cell(c.CumulativeProduct, 1);

        // perm: (z − sorted_0) p_0 = z − pool_0; (z − sorted_(i+1)) p_(i+1) = (z − pool_(i+1)) p_i; p ends at 1.
        sum.Add((z - sorted0) * p0 + sum.Cell(c.Pool) - z, first);
        sum.Add(((z - sorted1) * p1 - (z - sum.Cell(c.Pool, 1)) * p0) * last, every);
        sum.Add(p0 - Felt.One, last);
        // the sorted values step by 0 or 1, from rc_min to rc_max.
        T diff = sorted1 - sorted0;
        sum.Add((diff * diff - diff) * last, every);
        sum.Add(sorted0 - Felt.FromUInt64((ulong)pi.RcMin), first);
        sum.Add(sorted0 - Felt.FromUInt64((ulong)pi.RcMax), last);
    }
}
