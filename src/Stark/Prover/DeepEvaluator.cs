using System.Buffers;
using Zetina.Stark.Air;
using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Prover;

/// <summary>
/// Evaluates the DEEP polynomial F(x) = Σ_k γ_k·(T_k(x) − v_k)/(x − z·ω^{o_k}) + Σ_i γ_{M+i}·(C_i(x) − C_i(z))/(x − z)
/// on the evaluation domain D, chunk by chunk, with one batch inversion per distinct offset per chunk.
/// </summary>
/// <remarks>
/// An entry's column may be a lifted column's extension over D^s (N/s points): its value at D's point i is at index
/// i mod (N/s). The lifted entries of one offset and lift are summed once over their N/s points, and each chunk reads
/// that sum at i mod (N/s), in place where the chunk does not wrap around it, else copied out.
/// </remarks>
internal static class DeepEvaluator
{
    private const int Chunk = 2048;

    public static void Evaluate(OutOfDomainValues ood, EvaluationDomain domain, Felt[] gammas, Felt[][] entryColumns, Felt[][] chunkColumns,
        Felt[] destination, int maxThreads)
    {
        int bigN = destination.Length, entries = ood.Entries.Length;
        Felt omegaN = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(bigN));
        Felt omegaTrace = RootsOfUnity.PrimitiveRoot(domain.LogTraceLength);
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
        // Σ_{k at o} γ_k·(T_k(x) − v_k) = Σ_{k at o} γ_k·T_k(x) − c_o with the constant c_o = Σ_{k at o} γ_k·v_k: the
        // columns enter as one scaled sum per point in SIMD lanes, the values at z once.
        var constants = new Felt[points.Length];
        for (int k = 0; k < entries; k++) constants[offsetOf[k]] += gammas[k] * ood.Trace[k];
        for (int c = 0; c < chunkColumns.Length; c++) constants[0] += gammas[entries + c] * ood.Composition[c];
        Felt shift = domain.Shift;
        // Lifted columns of one offset and lift enter as one sum Σ γ_k·T_k, which repeats every N/s points: it is made
        // once on those points (in SIMD lanes) and read like a column, instead of every column over all N points.
        var lifted = new Dictionary<(int Offset, int Length), Felt[]>();
        var liftedEntries = new Dictionary<(int Offset, int Length), List<int>>();
        for (int k = 0; k < entries; k++)
        {
            int length = entryColumns[k].Length;
            if (length == bigN) continue;
            if (!liftedEntries.TryGetValue((offsetOf[k], length), out List<int>? list)) liftedEntries[(offsetOf[k], length)] = list = [];
            list.Add(k);
        }
        foreach (((int offset, int length), List<int> list) in liftedEntries)
        {
            Felt[] partial = lifted[(offset, length)] = new Felt[length];
            int pieces = (length + Chunk - 1) / Chunk;
            Parallelism.For(pieces, maxThreads, p =>
            {
                int lo = p * Chunk, len = Math.Min(Chunk, length - lo);
                foreach (int k in list) FeltSpan.MulAddScalar(entryColumns[k].AsSpan(lo, len), gammas[k], partial.AsSpan(lo, len));
            });
        }
        (int Offset, Felt[] Sum)[] liftedSums = [.. lifted.Select(e => (e.Key.Offset, e.Value))];
        int chunks = (bigN + Chunk - 1) / Chunk;
        Parallelism.For(chunks, maxThreads, ch =>
        {
            int lo = ch * Chunk, hi = Math.Min(bigN, lo + Chunk), len = hi - lo;
            Felt[] inv = ArrayPool<Felt>.Shared.Rent(len * points.Length);
            Felt[] sums = ArrayPool<Felt>.Shared.Rent(len * points.Length);
            Felt[]? wrapped = null;
            Felt x = Felt.Mul(shift, omegaN.Pow((ulong)lo));
            for (int i = 0; i < len; i++)
            {
                for (int j = 0; j < points.Length; j++) inv[j * len + i] = Felt.Sub(x, points[j]);
                x = Felt.Mul(x, omegaN);
            }
            for (int j = 0; j < points.Length; j++) Felt.BatchInverse(inv.AsSpan(j * len, len), inv.AsSpan(j * len, len));
            Array.Clear(sums, 0, len * points.Length);
            for (int k = 0; k < entries; k++)
                if (entryColumns[k].Length == bigN) FeltSpan.MulAddScalar(entryColumns[k].AsSpan(lo, len), gammas[k], sums.AsSpan(offsetOf[k] * len, len));
            foreach ((int offset, Felt[] sum) in liftedSums)
            {
                int start = lo & (sum.Length - 1);
                ReadOnlySpan<Felt> values;
                if (start + len <= sum.Length) values = sum.AsSpan(start, len);
                else
                {
                    wrapped ??= ArrayPool<Felt>.Shared.Rent(len);
                    for (int i = 0; i < len; i++) wrapped[i] = sum[(start + i) & (sum.Length - 1)];
                    values = wrapped.AsSpan(0, len);
                }
                FeltSpan.Add(sums.AsSpan(offset * len, len), values, sums.AsSpan(offset * len, len));
            }
            for (int c = 0; c < chunkColumns.Length; c++) FeltSpan.MulAddScalar(chunkColumns[c].AsSpan(lo, len), gammas[entries + c], sums.AsSpan(0, len));
            // F(x) = Σ_o (sums_o(x) − c_o) / (x − z·ω^o).
            for (int j = 0; j < points.Length; j++)
            {
                Span<Felt> term = sums.AsSpan(j * len, len);
                for (int i = 0; i < len; i++) term[i] = Felt.Sub(term[i], constants[j]);
                FeltSpan.Mul(term, inv.AsSpan(j * len, len), term);
            }
            Span<Felt> result = destination.AsSpan(lo, len);
            sums.AsSpan(0, len).CopyTo(result);
            for (int j = 1; j < points.Length; j++)
            {
                ReadOnlySpan<Felt> term = sums.AsSpan(j * len, len);
                for (int i = 0; i < len; i++) result[i] = Felt.Add(result[i], term[i]);
            }
            ArrayPool<Felt>.Shared.Return(inv);
            ArrayPool<Felt>.Shared.Return(sums);
            if (wrapped is not null) ArrayPool<Felt>.Shared.Return(wrapped);
        });
    }
}
