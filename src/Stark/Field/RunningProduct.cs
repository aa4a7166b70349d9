using Zetina.Stark.Common;

namespace Zetina.Stark.Field;

/// <summary>
/// The running product of quotients, products[t] = Π_{u ≤ t} num[u]/den[u]: the column of a permutation argument (Cairo
/// paper §9.7.1; Stone's <c>PermutationComponent::WriteInteractionTrace</c>). In parallel chunks: each chunk's own running
/// product after one batch inversion, then each chunk times the product of the chunks before it. Field arithmetic is
/// exact, so the grouping changes no value.
/// </summary>
public static class RunningProduct
{
    /// <summary>
    /// Writes Π_{u ≤ t} num[u]/den[u] into products[t]; every den[u] must be nonzero. <paramref name="products"/> may be
    /// <paramref name="den"/> itself.
    /// </summary>
    /// <exception cref="ArgumentException">The three lengths differ.</exception>
    public static void OfQuotients(Felt[] num, Felt[] den, Felt[] products, int maxThreads = 0)
    {
        int total = num.Length;
        if (den.Length != total || products.Length != total)
            throw new ArgumentException($"{total} numerators, {den.Length} denominators, room for {products.Length} products");
        int chunks = Math.Clamp(total / 4096, 1, 64);
        var chunkProducts = new Felt[chunks];
        Parallelism.For(chunks, maxThreads, c =>
        {
            (int lo, int hi) = Range(total, chunks, c);
            Span<Felt> r = products.AsSpan(lo, hi - lo);
            Felt.BatchInverse(den.AsSpan(lo, hi - lo), r);
            FeltSpan.Mul(num.AsSpan(lo, hi - lo), r, r);
            Felt acc = Felt.One;
            for (int i = 0; i < r.Length; i++) r[i] = acc = acc * r[i];
            chunkProducts[c] = acc;
        });
        var before = new Felt[chunks];
        Felt running = Felt.One;
        for (int c = 0; c < chunks; c++) { before[c] = running; running *= chunkProducts[c]; }
        Parallelism.For(chunks, maxThreads, c =>
        {
            if (c == 0) return;
            (int lo, int hi) = Range(total, chunks, c);
            FeltSpan.MulScalar(products.AsSpan(lo, hi - lo), before[c], products.AsSpan(lo, hi - lo));
        });
    }

    private static (int Lo, int Hi) Range(int total, int chunks, int c) =>
        ((int)((long)total * c / chunks), (int)((long)total * (c + 1) / chunks));
}
