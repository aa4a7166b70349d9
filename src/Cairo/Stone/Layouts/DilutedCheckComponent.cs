using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The diluted check: every pool value is a "diluted" number (its bits <c>spacing</c> apart), shown by
/// a permutation onto a sorted column whose consecutive differences u make a cumulative value
/// r_(i+1) = r_i (1 + z u_i) + α u_i² that ends at the value for the full sorted list of diluted numbers
/// (Stone's <c>diluted_check/permutation</c>, <c>init</c>, <c>first_element</c>, <c>step</c>, <c>last</c>;
/// <c>src/starkware/air/components/diluted_check</c>).
/// </summary>
internal static class DilutedCheckComponent
{
    /// <summary>
    /// Adds the 7 constraints in Stone's order: <paramref name="permutationZ"/> is the permutation's interaction element,
    /// <paramref name="z"/> and <paramref name="alpha"/> the cumulative value's, for <paramref name="bits"/>-bit values
    /// diluted by <paramref name="spacing"/>.
    /// </summary>
    public static void Add<T>(StoneConstraintSum<T> sum, DilutedCheckColumns c, Felt permutationZ, Felt z, Felt alpha, int spacing, int bits) where T : struct, IConstraintValue<T>
    {
        int step = c.Sorted.Step;
        T every = sum.Every(step);
        T last = sum.Row(-step);
        T first = sum.Row(0);
        T sorted0 = sum.Cell(c.Sorted), sorted1 = sum.Cell(c.Sorted, 1);
        T p0 = sum.Cell(c.CumulativeProduct), p1 = sum.Cell(c.CumulativeProduct, 1);
        T r0 = sum.Cell(c.CumulativeValue), r1 = sum.Cell(c.CumulativeValue, 1);

        // permutation of the pool onto the sorted column, as the range check's.
        sum.Add((permutationZ - sorted0) * p0 + sum.Cell(c.Pool) - permutationZ, first);
        sum.Add(((permutationZ - sorted1) * p1 - (permutationZ - sum.Cell(c.Pool, 1)) * p0) * last, every);
        sum.Add(p0 - Felt.One, last);
        // the cumulative value starts at 1, the sorted column at 0, steps by the recurrence and ends at the product.
        sum.Add(r0 - Felt.One, first);
        sum.Add(sorted0, first);
        T u = sorted1 - sorted0;
        sum.Add((r1 - (r0 * (Felt.One + z * u) + alpha * u * u)) * last, every);
        sum.Add(r0 - FinalCumulativeValue(z, alpha, spacing, bits), last);
    }

    /// <summary>
    /// The cumulative value over the sorted list of every <paramref name="bits"/>-bit diluted number:
    /// r_1 = 1, r_(j+1) = r_j (1 + z u_j) + α u_j² with u_j = dilute(j) − dilute(j − 1), j = 1 … 2^bits − 1, ending at
    /// r_(2^bits) (the value Stone's diluted check component proves the sorted column reaches).
    /// </summary>
    /// <remarks>
    /// Each step is the affine map r ↦ a_j r + b_j, a_j = 1 + z u_j, b_j = α u_j², and u_j depends only on the trailing
    /// zeros of j: u_((2k+1)·2^i) = x_i = dilute(2^i) − dilute(2^i − 1). So the composition F_i over j = 1 … 2^i − 1 obeys
    /// F_(i+1) = F_i ∘ G_i ∘ F_i with G_i the step for x_i; writing F_i(r) = A_i r + B_i (A_0 = 1, B_0 = 0):
    /// A_(i+1) = A_i² a, B_(i+1) = A_i (a B_i + b) + B_i, and r_(2^bits) = F_bits(1) = A_bits + B_bits:
    /// <paramref name="bits"/> steps instead of 2^bits.
    /// </remarks>
    public static Felt FinalCumulativeValue(Felt z, Felt alpha, int spacing, int bits)
    {
        Felt a = Felt.One, b = Felt.Zero;
        for (int i = 0; i < bits; i++)
        {
            Felt x = Dilute(1UL << i, spacing, bits) - Dilute((1UL << i) - 1, spacing, bits);
            Felt stepA = Felt.One + z * x, stepB = alpha * x * x;
            b = a * (stepA * b + stepB) + b;
            a = a * a * stepA;
        }
        return a + b;
    }

    /// <summary>The diluted form of <paramref name="x"/>: bit k moved to bit k · spacing.</summary>
    /// <remarks>Every published layout dilutes 16 bits by 4, so the result fits 64 bits; other shapes are refused.</remarks>
    internal static Felt Dilute(ulong x, int spacing, int bits)
    {
        if ((bits - 1) * spacing >= 64) throw new InvalidOperationException($"diluted values of {bits} bits spaced {spacing} exceed 64 bits");
        ulong d = 0;
        for (int k = 0; k < bits; k++) d |= ((x >> k) & 1) << (k * spacing);
        return Felt.FromUInt64(d);
    }
}
