using Zetina.Stark.Common;

namespace Zetina.Stark.Field;

/// <summary>
/// The running product of quotients, products[t] = Π_{u ≤ t} num[u]/den[u]: the column of a permutation argument (Cairo
/// paper §9.7.1; Stone's <c>PermutationComponent::WriteInteractionTrace</c>). In parallel chunks: each chunk's own running
/// product (a batch inversion per block), then each chunk times the product of the chunks before it. Field arithmetic is
/// exact, so the grouping changes no value.
/// </summary>
public static class RunningProduct
{
    /// <summary>
    /// Writes Π_{u ≤ t} num[u]/den[u] into products[t]; every den[u] must be nonzero. <paramref name="products"/> may be
    /// <paramref name="den"/> itself.
    /// </summary>
    /// <exception cref="ArgumentException">The three lengths differ, or a denominator is zero.</exception>
    public static void OfQuotients(Felt[] num, Felt[] den, Felt[] products, int maxThreads = 0)
    {
        int total = num.Length;
        if (den.Length != total || products.Length != total)
            throw new ArgumentException($"{total} numerators, {den.Length} denominators, room for {products.Length} products");
        // Each block's terms are copied out before its products are stored, so products may be den itself.
        bool ok = TryOfQuotients(total,
            (start, n, d) => { num.AsSpan(start, n.Length).CopyTo(n); den.AsSpan(start, d.Length).CopyTo(d); },
            (start, p) => p.CopyTo(products.AsSpan(start)),
            (start, count, factor) => FeltSpan.MulScalar(products.AsSpan(start, count), factor, products.AsSpan(start, count)),
            maxThreads);
        if (!ok) throw new ArgumentException("a denominator is zero");
    }

    /// <summary>Writes the numerators and denominators of the quotients start … start + num.Length − 1.</summary>
    public delegate void QuotientTerms(int start, Span<Felt> num, Span<Felt> den);

    /// <summary>Receives the running products at start … start + products.Length − 1 (to store them).</summary>
    public delegate void ProductSink(int start, ReadOnlySpan<Felt> products);

    /// <summary>Multiplies the stored products at start … start + count − 1 by <paramref name="factor"/>.</summary>
    public delegate void ProductRescale(int start, int count, Felt factor);

    /// <summary>
    /// The running products Π_{u ≤ t} num[u]/den[u] for t &lt; <paramref name="total"/>, stored by the caller through
    /// <paramref name="sink"/> and <paramref name="rescale"/>, the terms computed by <paramref name="terms"/> block by
    /// block where they are needed: no array of <paramref name="total"/> elements is held here. Returns false when a
    /// denominator is zero (what was stored is then meaningless).
    /// </summary>
    /// <remarks>
    /// In parallel chunks: each chunk's own running product (one batch inversion per block of 1,024 terms), stored as it
    /// goes; then every chunk after the first is rescaled by the product of the chunks before it. <see cref="OfQuotients"/>
    /// is this over two arrays; what the callbacks save is those arrays of terms (Cairo's memory and range-check
    /// arguments: 18 felts per step in the plain layout). Blocks of different chunks reach
    /// <paramref name="sink"/> and <paramref name="rescale"/> concurrently, each position once in each.
    /// </remarks>
    public static bool TryOfQuotients(int total, QuotientTerms terms, ProductSink sink, ProductRescale rescale, int maxThreads = 0)
    {
        const int Block = 1024;
        int chunks = Math.Clamp(total / 4096, 1, 64);
        var chunkProducts = new Felt[chunks];
        int zero = 0;
        Parallelism.For(chunks, maxThreads, c =>
        {
            (int lo, int hi) = Range(total, chunks, c);
            Felt[] buffer = System.Buffers.ArrayPool<Felt>.Shared.Rent(2 * Block);
            Felt acc = Felt.One;
            for (int b = lo; b < hi && Volatile.Read(ref zero) == 0; b += Block)
            {
                int len = Math.Min(Block, hi - b);
                Span<Felt> num = buffer.AsSpan(0, len), r = buffer.AsSpan(Block, len);
                terms(b, num, r);
                foreach (Felt d in r)
                    if (d.IsZero) { Volatile.Write(ref zero, 1); break; }
                if (Volatile.Read(ref zero) != 0) break;
                Felt.BatchInverse(r, r);
                FeltSpan.Mul(num, r, r);
                for (int i = 0; i < len; i++) r[i] = acc = acc * r[i];
                sink(b, r);
            }
            chunkProducts[c] = acc;
            System.Buffers.ArrayPool<Felt>.Shared.Return(buffer);
        });
        if (zero != 0) return false;
        var before = new Felt[chunks];
        Felt running = Felt.One;
        for (int c = 0; c < chunks; c++) { before[c] = running; running *= chunkProducts[c]; }
        Parallelism.For(chunks, maxThreads, c =>
        {
            if (c == 0) return;
            (int lo, int hi) = Range(total, chunks, c);
            rescale(lo, hi - lo, before[c]);
        });
        return true;
    }

    private static (int Lo, int Hi) Range(int total, int chunks, int c) =>
        ((int)((long)total * c / chunks), (int)((long)total * (c + 1) / chunks));
}
