using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// FRI's first layer, the DEEP composition on the evaluation domain (Stone's <c>oods.cc</c>, <c>CreateBoundaryAir</c>):
/// Σₖ βᵏ·(column_k(x) − y_k)/(x − x_k) over the boundary conditions — the mask cells (column, z·g^offset, value), then
/// the composition columns (W + i, z^D, hᵢ(z^D)) — with β the OODS random element, at every row's x_r. The verifier
/// computes the same sum at the opened rows (<see cref="StoneVerifier"/>, <c>DeepValues</c>).
/// </summary>
/// <remarks>
/// <para>
/// The conditions share few points (one per mask row offset, and z^D). Grouped by point p_j, the sum is
/// Q(x) = Σ_j Q_j(x), Q_j(x) = (Σ_{k at p_j} βᵏ·P_{c_k}(x) − Σ_{k at p_j} βᵏ·y_k)/(x − p_j), with P_c column c's
/// polynomial (degree below n). Every y_k is P_{c_k}(p_j), so each numerator vanishes at p_j and Q_j is a polynomial
/// of degree below n − 1: Q is found in coefficient form — each numerator a linear combination of column
/// coefficients (n products per condition), each quotient by synthetic division (n products per point) — and
/// evaluated on the domain with the tables' own low-degree extension, one NTT of the domain's size.
/// </para>
/// <para>
/// Field arithmetic is exact, so these are the values the point-by-point sum gives (the verifier's formula), at
/// 1/2^log_n_cosets of its products. A nonzero remainder means an OODS value is not its column's value at its point:
/// the proof would be refused, so the prover stops and names the value.
/// </para>
/// </remarks>
internal static class StoneDeepComposition
{
    /// <summary>
    /// The DEEP values in row order. <paramref name="columns"/>[c] are column c's polynomial's coefficients, n each
    /// (trace columns in global order, then the D composition columns); <paramref name="oodsValues"/> the values the
    /// proof sent.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// An OODS value is not its column's value at its point, or a point lies on the evaluation domain.
    /// </exception>
    public static Felt[] Evaluate(
        IStoneLayout layout, Felt[][] columns, Felt z, Felt traceGenerator, Felt[] oodsValues, Felt oodsAlpha, int logN, int maxThreads)
    {
        Felt[] quotient = Quotient(layout, columns, z, traceGenerator, oodsValues, oodsAlpha, logN, maxThreads);
        return StoneLowDegreeExtension.Extend(quotient, logN, maxThreads);
    }

    /// <summary>The coefficients of Q = Σ_j Q_j (see the remarks), n of them.</summary>
    internal static Felt[] Quotient(
        IStoneLayout layout, Felt[][] columns, Felt z, Felt traceGenerator, Felt[] oodsValues, Felt oodsAlpha, int logN, int maxThreads)
    {
        var conditions = new StoneOodsPoints(layout, columns.Length, z, traceGenerator);
        if (oodsValues.Length != conditions.Count)
            throw new ArgumentException($"expected {conditions.Count} OODS values, got {oodsValues.Length}", nameof(oodsValues));
        // Value k weighs βᵏ.
        var weight = new Felt[conditions.Count];
        weight[0] = Felt.One;
        for (int k = 1; k < weight.Length; k++) weight[k] = weight[k - 1] * oodsAlpha;
        int n = columns[0].Length;
        foreach (Felt[] c in columns)
            if (c.Length != n) throw new ArgumentException($"every column needs {n} coefficients, one has {c.Length}", nameof(columns));
        foreach (Felt p in conditions.Points)
            if (OnEvaluationDomain(p, logN))
                throw new InvalidOperationException("the out-of-domain point lies on the evaluation domain");

        // Points to threads, heaviest first onto the least loaded: a point costs one pass per condition, plus its division.
        int threads = Math.Min(Parallelism.Resolve(maxThreads), conditions.Points.Count);
        var work = new List<int>[threads];
        var load = new long[threads];
        for (int t = 0; t < threads; t++) work[t] = [];
        foreach (int j in Enumerable.Range(0, conditions.Points.Count).OrderByDescending(j => conditions.AtPoint[j].Count))
        {
            int t = Array.IndexOf(load, load.Min());
            work[t].Add(j);
            load[t] += conditions.AtPoint[j].Count + 1;
        }

        var sums = new Felt[threads][];
        var failures = new string?[threads];
        Parallelism.For(threads, threads, t =>
        {
            var sum = new Felt[n];
            int done = 0;
            // Eight points at a time in the kernel's lanes, the rest one by one.
            if (FeltLanes.UsesNative)
                for (; done + NativeLanes.Lanes <= work[t].Count && failures[t] is null; done += NativeLanes.Lanes)
                    failures[t] = AddQuotientsInLanes(work[t].GetRange(done, NativeLanes.Lanes), conditions, columns, weight, oodsValues, sum);
            var numerator = new Felt[n];
            for (; done < work[t].Count && failures[t] is null; done++)
            {
                int j = work[t][done];
                Numerator(conditions, j, columns, weight, oodsValues, 0, numerator);
                if (!DivideAndAddByPowers(numerator, conditions.Points[j], sum)) failures[t] = Inconsistency(conditions, j, columns, oodsValues);
            }
            sums[t] = sum;
        });
        // Thrown here, not on the worker, so the caller sees the message rather than an aggregate of it.
        foreach (string? failure in failures)
            if (failure is not null) throw new InvalidOperationException(failure);
        for (int t = 1; t < threads; t++) FeltSpan.Add(sums[0], sums[t], sums[0]);
        return sums[0];
    }

    /// <summary>
    /// Coefficients s … s + |destination| − 1 of N_j = Σ_{k at p_j} βᵏ·P_{c_k} − Σ_{k at p_j} βᵏ·y_k (the constant only
    /// in the block holding coefficient 0).
    /// </summary>
    private static void Numerator(StoneOodsPoints conditions, int j, Felt[][] columns, Felt[] weight, Felt[] oodsValues, int s, Span<Felt> destination)
    {
        destination.Clear();
        Felt constant = Felt.Zero;
        foreach (int k in conditions.AtPoint[j])
        {
            FeltSpan.MulAddScalar(columns[conditions.ColumnOf[k]].AsSpan(s, destination.Length), weight[k], destination);
            constant += weight[k] * oodsValues[k];
        }
        if (s == 0) destination[0] -= constant;
    }

    /// <summary>Coefficients per block of <see cref="AddQuotientsInLanes"/>: the eight numerators' blocks stay in cache.</summary>
    internal const int Block = 1024;

    /// <summary>
    /// Q_j for eight points at once, added into <paramref name="sum"/>: the numerators built a block of coefficients
    /// at a time from the top down and divided by <see cref="NativeLanes.DivideLanes"/>, one point per lane (one
    /// product per coefficient and point, against <see cref="DivideAndAddByPowers"/>' two and its suffix sums), each
    /// lane's running quotient carried from block to block. Returns the message for a point whose numerator does not
    /// vanish there, or null.
    /// </summary>
    private static unsafe string? AddQuotientsInLanes(List<int> points, StoneOodsPoints conditions, Felt[][] columns, Felt[] weight,
        Felt[] oodsValues, Felt[] sum)
    {
        const int Lanes = NativeLanes.Lanes;
        int n = sum.Length, block = Math.Min(Block, n);
        Felt[] buffer = GC.AllocateUninitializedArray<Felt>(Lanes * block, pinned: true);
        Felt[] lanePoints = GC.AllocateArray<Felt>(Lanes, pinned: true), carry = GC.AllocateArray<Felt>(Lanes, pinned: true);
        for (int l = 0; l < Lanes; l++) lanePoints[l] = conditions.Points[points[l]];
        Felt** numerators = stackalloc Felt*[Lanes];
        fixed (Felt* first = buffer, p = lanePoints, q = carry)
        {
            for (int l = 0; l < Lanes; l++) numerators[l] = first + l * block;
            for (int s = n - block; s >= 0; s -= block)
            {
                for (int l = 0; l < Lanes; l++) Numerator(conditions, points[l], columns, weight, oodsValues, s, buffer.AsSpan(l * block, block));
                NativeLanes.DivideLanes(numerators, p, q, block);
                // Entry i of a lane's block is now q_(s+i−1); at s = 0 entry 0 is the remainder.
                for (int l = 0; l < Lanes; l++)
                {
                    Span<Felt> quotient = buffer.AsSpan(l * block, block);
                    if (s > 0) FeltSpan.Add(sum.AsSpan(s - 1, block), quotient, sum.AsSpan(s - 1, block));
                    else if (!quotient[0].IsZero) return Inconsistency(conditions, points[l], columns, oodsValues);
                    else FeltSpan.Add(sum.AsSpan(0, block - 1), quotient[1..], sum.AsSpan(0, block - 1));
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Synthetic division of a (degree below n) by x − p, the quotient added into <paramref name="sum"/>:
    /// with a(x) = (x − p)·q(x) + r, q_{i−1} = a_i + p·q_i from the top down and r = a_0 + p·q_0. True when r = 0.
    /// </summary>
    internal static bool DivideAndAdd(ReadOnlySpan<Felt> a, Felt p, Span<Felt> sum)
    {
        Felt carry = Felt.Zero;
        for (int i = a.Length - 1; i >= 1; i--)
        {
            carry = a[i] + p * carry;
            sum[i - 1] += carry;
        }
        return (a[0] + p * carry).IsZero;
    }

    /// <summary>
    /// <see cref="DivideAndAdd"/> in lanes, overwriting <paramref name="a"/>: the quotient's coefficient is
    /// q_i = Σ_{m&gt;i} a_m·p^{m−i−1} = p^{−(i+1)}·S_{i+1} with S_k = Σ_{m≥k} a_m·p^m, and r = S_0 = a(p). So: scale
    /// by p's powers, take suffix sums (additions only), scale by p⁻¹'s powers — two lane-wise passes and a chain of
    /// additions instead of a chain of multiplications. True when r = 0. p = 0 takes the scalar route.
    /// </summary>
    internal static bool DivideAndAddByPowers(Span<Felt> a, Felt p, Span<Felt> sum)
    {
        if (p.IsZero) return DivideAndAdd(a, p, sum);
        int n = a.Length;
        Stark.Ntt.Radix2Ntt.ScaleByPowers(a, Felt.One, p, 1);
        FeltSpan.SuffixSums(a);
        if (!a[0].IsZero) return false;
        Felt inverse = p.Inverse();
        Span<Felt> quotient = a[1..];
        Stark.Ntt.Radix2Ntt.ScaleByPowers(quotient, inverse, inverse, 1);
        FeltSpan.Add(sum[..(n - 1)], quotient, sum[..(n - 1)]);
        return true;
    }

    /// <summary>
    /// Whether p is some x_r = 3·ω_N^m: then (p/3)^N = 1. A point there would make the verifier divide by zero at
    /// that row.
    /// </summary>
    private static bool OnEvaluationDomain(Felt p, int logN)
    {
        Felt y = p * Stark.Ntt.RootsOfUnity.Generator.Inverse();
        for (int i = 0; i < logN; i++) y *= y;
        return y.IsOne;
    }

    /// <summary>The message for a point whose numerator does not vanish there: the first OODS value that is wrong.</summary>
    private static string Inconsistency(StoneOodsPoints conditions, int j, Felt[][] columns, Felt[] oodsValues)
    {
        foreach (int k in conditions.AtPoint[j])
        {
            int column = conditions.ColumnOf[k];
            if (StoneLowDegreeExtension.Evaluate(columns[column], conditions.Points[j]) != oodsValues[k])
                return $"OODS value {k} (column {column}, {conditions.PointName(j)}) is not the column's value at its point";
        }
        return $"the OODS values at {conditions.PointName(j)} are inconsistent with the columns";
    }
}
