using System.Buffers;
using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Prover;

/// <summary>
/// Evaluates the DEEP polynomial F(x) = Σ_k γ_k·(T_k(x) − v_k)/(x − z·ω^{o_k}) + Σ_i γ_{M+i}·(C_i(x) − C_i(z))/(x − z)
/// on the evaluation domain, chunk by chunk, with one batch inversion per distinct offset per chunk.
/// </summary>
internal static class DeepEvaluator
{
    private const int Chunk = 2048;

    public static void Evaluate(OutOfDomainValues ood, int traceLength, Felt[] gammas, Felt[][] entryColumns, Felt[][] chunkColumns,
        Felt[] destination, int maxThreads)
    {
        int bigN = destination.Length, entries = ood.Entries.Length;
        Felt omegaN = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(bigN));
        Felt omegaTrace = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(traceLength));
        // Distinct offsets; index 0 is offset 0 (the composition chunks' denominator x − z).
        var offsets = new List<int> { 0 };
        var offsetOf = new int[entries];
        for (int k = 0; k < entries; k++)
        {
            int o = ood.Entries[k].RowOffset;
            int idx = offsets.IndexOf(o);
            if (idx < 0) { idx = offsets.Count; offsets.Add(o); }
            offsetOf[k] = idx;
        }
        var points = new Felt[offsets.Count];
        for (int j = 0; j < points.Length; j++) points[j] = ood.Z * omegaTrace.Pow((ulong)offsets[j]);
        Felt shift = RootsOfUnity.Generator;
        int chunks = (bigN + Chunk - 1) / Chunk;
        Parallelism.For(chunks, maxThreads, ch =>
        {
            int lo = ch * Chunk, hi = Math.Min(bigN, lo + Chunk), len = hi - lo;
            Felt[] inv = ArrayPool<Felt>.Shared.Rent(len * points.Length);
            Span<Felt> xs = inv.AsSpan(0, len);
            FeltSpan.Powers(Felt.Mul(shift, omegaN.Pow((ulong)lo)), omegaN, xs);
            for (int j = points.Length - 1; j >= 0; j--)
            {
                Span<Felt> d = inv.AsSpan(j * len, len);
                for (int i = 0; i < len; i++) d[i] = Felt.Sub(xs[i], points[j]);
            }
            for (int j = 0; j < points.Length; j++) Felt.BatchInverse(inv.AsSpan(j * len, len), inv.AsSpan(j * len, len));
            // Per distinct point z·ω^o: Σ_{k at o} γ_k·(T_k(x) − v_k), then one product by 1/(x − z·ω^o). Column by
            // column over the chunk, so each column is read as one stream: point by point, a wide AIR's hundreds of
            // columns would cost a cache miss each per point.
            Felt[] sums = ArrayPool<Felt>.Shared.Rent(len);
            Span<Felt> acc = destination.AsSpan(lo, len);
            acc.Clear();
            for (int j = 0; j < points.Length; j++)
            {
                Span<Felt> sum = sums.AsSpan(0, len);
                sum.Clear();
                for (int k = 0; k < entries; k++)
                {
                    if (offsetOf[k] != j) continue;
                    ReadOnlySpan<Felt> column = entryColumns[k].AsSpan(lo, len);
                    Felt g = gammas[k], v = ood.Trace[k];
                    for (int i = 0; i < len; i++) sum[i] = Felt.Add(sum[i], Felt.Mul(g, Felt.Sub(column[i], v)));
                }
                if (j == 0)
                    for (int c = 0; c < chunkColumns.Length; c++)
                    {
                        ReadOnlySpan<Felt> column = chunkColumns[c].AsSpan(lo, len);
                        Felt g = gammas[entries + c], v = ood.Composition[c];
                        for (int i = 0; i < len; i++) sum[i] = Felt.Add(sum[i], Felt.Mul(g, Felt.Sub(column[i], v)));
                    }
                ReadOnlySpan<Felt> denominators = inv.AsSpan(j * len, len);
                for (int i = 0; i < len; i++) acc[i] = Felt.Add(acc[i], Felt.Mul(sum[i], denominators[i]));
            }
            ArrayPool<Felt>.Shared.Return(sums);
            ArrayPool<Felt>.Shared.Return(inv);
        });
    }
}
