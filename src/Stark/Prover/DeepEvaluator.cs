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
            Felt x = Felt.Mul(shift, omegaN.Pow((ulong)lo));
            for (int i = 0; i < len; i++)
            {
                for (int j = 0; j < points.Length; j++) inv[j * len + i] = Felt.Sub(x, points[j]);
                x = Felt.Mul(x, omegaN);
            }
            for (int j = 0; j < points.Length; j++) Felt.BatchInverse(inv.AsSpan(j * len, len), inv.AsSpan(j * len, len));
            Span<Felt> sums = stackalloc Felt[points.Length];
            for (int i = 0; i < len; i++)
            {
                int idx = lo + i;
                // Per distinct point z·ω^o: Σ_{k at o} γ_k·(T_k(x) − v_k), then one product by 1/(x − z·ω^o).
                sums.Clear();
                for (int k = 0; k < entries; k++)
                {
                    Felt num = Felt.Sub(entryColumns[k][idx], ood.Trace[k]);
                    sums[offsetOf[k]] = Felt.Add(sums[offsetOf[k]], Felt.Mul(gammas[k], num));
                }
                for (int c = 0; c < chunkColumns.Length; c++)
                    sums[0] = Felt.Add(sums[0], Felt.Mul(gammas[entries + c], Felt.Sub(chunkColumns[c][idx], ood.Composition[c])));
                Felt acc = Felt.Zero;
                for (int j = 0; j < points.Length; j++) acc = Felt.Add(acc, Felt.Mul(sums[j], inv[j * len + i]));
                destination[idx] = acc;
            }
            ArrayPool<Felt>.Shared.Return(inv);
        });
    }
}
