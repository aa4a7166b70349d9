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

    /// <summary>Writes the numerators and denominators of the quotients start … start + num.Length − 1.</summary>
    public delegate void QuotientTerms(int start, Span<Felt> num, Span<Felt> den);

    /// <summary>Receives the running products at start … start + products.Length − 1.</summary>
    public delegate void ProductSink(int start, ReadOnlySpan<Felt> products);

    /// <summary>
    /// The running products Π_{u ≤ t} num[u]/den[u] for t &lt; <paramref name="total"/>, handed to <paramref name="sink"/>
    /// block by block, with the terms computed by <paramref name="terms"/> where they are needed: no array of
    /// <paramref name="total"/> elements is held. Returns false, having written nothing, when a denominator is zero.
    /// </summary>
    /// <remarks>
    /// Per chunk, a first pass multiplies the chunk's numerators and its denominators (its quotient costs one inversion);
    /// a second pass computes the terms again, one batch inversion per block, and runs the product on from the product of
    /// the chunks before. The terms are computed twice, which for Cairo's permutation arguments (a product and a sum per
    /// term) is cheap next to the memory it saves: the memory argument's arrays were 10 felts per step in the plain layout.
    /// Each block is handed to <paramref name="sink"/> once, concurrently with other chunks' blocks.
    /// </remarks>
    public static bool TryOfQuotients(int total, QuotientTerms terms, ProductSink sink, int maxThreads = 0)
    {
        const int Block = 1024;
        int chunks = Math.Clamp(total / 4096, 1, 64);
        var chunkNum = new Felt[chunks];
        var chunkDen = new Felt[chunks];
        Parallelism.For(chunks, maxThreads, c =>
        {
            (int lo, int hi) = Range(total, chunks, c);
            Felt[] buffer = System.Buffers.ArrayPool<Felt>.Shared.Rent(2 * Block);
            Felt pn = Felt.One, pd = Felt.One;
            for (int b = lo; b < hi; b += Block)
            {
                int len = Math.Min(Block, hi - b);
                Span<Felt> num = buffer.AsSpan(0, len), den = buffer.AsSpan(Block, len);
                terms(b, num, den);
                for (int i = 0; i < len; i++) { pn *= num[i]; pd *= den[i]; }
            }
            chunkNum[c] = pn;
            chunkDen[c] = pd;
            System.Buffers.ArrayPool<Felt>.Shared.Return(buffer);
        });
        foreach (Felt d in chunkDen)
            if (d.IsZero) return false;
        var before = new Felt[chunks];
        Felt.BatchInverse(chunkDen, chunkDen);
        Felt running = Felt.One;
        for (int c = 0; c < chunks; c++) { before[c] = running; running *= chunkNum[c] * chunkDen[c]; }
        Parallelism.For(chunks, maxThreads, c =>
        {
            (int lo, int hi) = Range(total, chunks, c);
            Felt[] buffer = System.Buffers.ArrayPool<Felt>.Shared.Rent(2 * Block);
            Felt acc = before[c];
            for (int b = lo; b < hi; b += Block)
            {
                int len = Math.Min(Block, hi - b);
                Span<Felt> num = buffer.AsSpan(0, len), r = buffer.AsSpan(Block, len);
                terms(b, num, r);
                Felt.BatchInverse(r, r);
                FeltSpan.Mul(num, r, r);
                for (int i = 0; i < len; i++) r[i] = acc = acc * r[i];
                sink(b, r);
            }
            System.Buffers.ArrayPool<Felt>.Shared.Return(buffer);
        });
        return true;
    }

    private static (int Lo, int Hi) Range(int total, int chunks, int c) =>
        ((int)((long)total * c / chunks), (int)((long)total * (c + 1) / chunks));
}
