using System.Buffers;
using Zetina.Stark.Air;
using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Prover;

/// <summary>
/// Evaluates the DEEP polynomial F(x) = Σ_k γ_k·(T_k(x) − v_k)/(x − z·ω^{o_k}) + Σ_i γ_{M+i}·(C_i(x) − C_i(z))/(x − z)
/// on the evaluation domain D, chunk by chunk, with one inversion of x − z over D for every offset.
/// </summary>
/// <remarks>
/// x − z·ω^o = ω^o·(x·ω^(−o) − z), and x·ω^(−o) is D's point o·blowup places back (ω = ω_n = ω_N^blowup): so
/// 1/(x_i − z·ω^o) = ω^(−o)·1/(x_(i − o·blowup) − z). The inverses of x − z are made once over D; an offset's
/// denominators are those read o·blowup places back, its factor ω^(−o) folded into its γ's and its constant.
/// <para>An entry's column may be a lifted column's extension over D^s (N/s points): its value at D's point i is at index
/// i mod (N/s). The lifted entries of one offset and lift are summed once over their N/s points, and each chunk reads
/// that sum at i mod (N/s), in place where the chunk does not wrap around it, else copied out.</para>
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
        int blowup = bigN >> domain.LogTraceLength, offsetCount = offsets.Count;
        // γ_k·ω^(−o_k): each offset's factor in its entries' weights.
        var scale = new Felt[offsetCount];
        Felt omegaInverse = omegaTrace.Inverse();
        for (int j = 0; j < offsetCount; j++) scale[j] = omegaInverse.Pow((ulong)offsets[j]);
        var weights = new Felt[entries];
        for (int k = 0; k < entries; k++) weights[k] = gammas[k] * scale[offsetOf[k]];
        // Σ_{k at o} γ'_k·(T_k(x) − v_k) = Σ_{k at o} γ'_k·T_k(x) − c_o with the constant c_o = Σ_{k at o} γ'_k·v_k: the
        // columns enter as one scaled sum per point in SIMD lanes, the values at z once.
        var constants = new Felt[offsetCount];
        for (int k = 0; k < entries; k++) constants[offsetOf[k]] += weights[k] * ood.Trace[k];
        for (int c = 0; c < chunkColumns.Length; c++) constants[0] += gammas[entries + c] * ood.Composition[c];
        Felt shift = domain.Shift;
        // 1/(x − z) on all of D.
        var inverse = HugePages.NewArray<Felt>(bigN);
        Parallelism.For((bigN + Chunk - 1) / Chunk, maxThreads, ch =>
        {
            int lo = ch * Chunk, len = Math.Min(Chunk, bigN - lo);
            Span<Felt> d = inverse.AsSpan(lo, len);
            FeltSpan.Powers(Felt.Mul(shift, omegaN.Pow((ulong)lo)), omegaN, d);
            for (int i = 0; i < len; i++) d[i] = Felt.Sub(d[i], ood.Z);
            Felt.BatchInverse(d, d);
        });
        // Lifted columns of one offset and lift enter as one sum Σ γ_k·T_k, which repeats every N/s points: it is made
        // once on those points (in SIMD lanes) and read like a column, instead of every column over all N points.
        // The full columns' entries grouped by column: every entry of a column reads the same values (only its
        // denominator differs), so a chunk of the column is read from memory once and from cache for its other offsets.
        var lifted = new Dictionary<(int Offset, int Length), Felt[]>();
        var liftedEntries = new Dictionary<(int Offset, int Length), List<int>>();
        var byColumn = new Dictionary<Felt[], List<int>>(ReferenceEqualityComparer.Instance);
        for (int k = 0; k < entries; k++)
        {
            Felt[] column = entryColumns[k];
            List<int>? list;
            if (column.Length == bigN)
            {
                if (!byColumn.TryGetValue(column, out list)) byColumn[column] = list = [];
            }
            else if (!liftedEntries.TryGetValue((offsetOf[k], column.Length), out list)) liftedEntries[(offsetOf[k], column.Length)] = list = [];
            list.Add(k);
        }
        int[] fullEntries = [.. byColumn.Values.SelectMany(list => list)];
        foreach (((int offset, int length), List<int> list) in liftedEntries)
        {
            Felt[] partial = lifted[(offset, length)] = new Felt[length];
            int pieces = (length + Chunk - 1) / Chunk;
            Parallelism.For(pieces, maxThreads, p =>
            {
                int lo = p * Chunk, len = Math.Min(Chunk, length - lo);
                foreach (int k in list) FeltSpan.MulAddScalar(entryColumns[k].AsSpan(lo, len), weights[k], partial.AsSpan(lo, len));
            });
        }
        (int Offset, Felt[] Sum)[] liftedSums = [.. lifted.Select(e => (e.Key.Offset, e.Value))];
        int chunks = (bigN + Chunk - 1) / Chunk;
        Parallelism.For(chunks, maxThreads, ch =>
        {
            int lo = ch * Chunk, hi = Math.Min(bigN, lo + Chunk), len = hi - lo;
            Felt[] sums = ArrayPool<Felt>.Shared.Rent(len * offsetCount);
            Felt[]? wrapped = null;
            Array.Clear(sums, 0, len * offsetCount);
            foreach (int k in fullEntries) FeltSpan.MulAddScalar(entryColumns[k].AsSpan(lo, len), weights[k], sums.AsSpan(offsetOf[k] * len, len));
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
            // F(x_i) = Σ_o (sums_o(x_i) − c_o)·1/(x_(i − o·blowup) − z), the inverses read o·blowup places back
            // (in two runs where that wraps around D).
            for (int j = 0; j < offsetCount; j++)
            {
                Span<Felt> term = sums.AsSpan(j * len, len);
                for (int i = 0; i < len; i++) term[i] = Felt.Sub(term[i], constants[j]);
                int start = (int)((lo - (long)offsets[j] * blowup) & (bigN - 1)), first = Math.Min(len, bigN - start);
                FeltSpan.Mul(term[..first], inverse.AsSpan(start, first), term[..first]);
                if (first < len) FeltSpan.Mul(term[first..], inverse.AsSpan(0, len - first), term[first..]);
            }
            Span<Felt> result = destination.AsSpan(lo, len);
            sums.AsSpan(0, len).CopyTo(result);
            for (int j = 1; j < offsetCount; j++)
            {
                ReadOnlySpan<Felt> term = sums.AsSpan(j * len, len);
                for (int i = 0; i < len; i++) result[i] = Felt.Add(result[i], term[i]);
            }
            ArrayPool<Felt>.Shared.Return(sums);
            if (wrapped is not null) ArrayPool<Felt>.Shared.Return(wrapped);
        });
    }
}
