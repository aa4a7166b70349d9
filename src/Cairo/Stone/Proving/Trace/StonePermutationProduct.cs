using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Trace;

/// <summary>
/// The running product that proves one column a permutation of another (Stone's
/// <c>PermutationComponent::WriteInteractionTrace</c>; Cairo paper §9.7.1):
/// p_i = Π_(j ≤ i) (z − original_j) / (z − sorted_j), written into cell i of the interaction column.
/// </summary>
/// <remarks>
/// The quotients' running product in parallel chunks (<see cref="RunningProduct"/>). The last cell is 1 for a true
/// permutation, or the public memory's quotient when the originals hold zeros in its slots.
/// </remarks>
internal static class StonePermutationProduct
{
    /// <summary>Writes p_0 … p_(n−1) into <paramref name="column"/>; returns p_(n−1).</summary>
    public static Felt Write(StoneTraceTable interaction, StoneVirtualColumn column, in Felt z, ReadOnlySpan<Felt> original, ReadOnlySpan<Felt> sorted)
    {
        int n = original.Length;
        if (sorted.Length != n) throw new ArgumentException($"{n} original values against {sorted.Length} sorted ones", nameof(sorted));
        var num = new Felt[n];
        var products = new Felt[n];
        for (int i = 0; i < n; i++)
        {
            num[i] = z - original[i];
            products[i] = z - sorted[i];
        }
        RunningProduct.OfQuotients(num, products, products);
        for (int i = 0; i < n; i++) interaction[column, i] = products[i];
        return products[n - 1];
    }
}
