using System.Buffers;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Air;

/// <summary>
/// The CPU <see cref="ICompositionEvaluator"/>: the domain split into chunks over threads; per chunk the
/// boundary denominators are batch-inverted; 1/(x^n − 1) takes only blowup distinct values on the coset.
/// </summary>
public sealed class CpuCompositionEvaluator : ICompositionEvaluator
{
    private const int Chunk = 2048;

    /// <summary>Creates an evaluator using at most <paramref name="maxThreads"/> threads (0: all processors).</summary>
    public CpuCompositionEvaluator(int maxThreads = 0) => MaxThreads = Parallelism.Resolve(maxThreads);

    /// <summary>The most threads one call uses.</summary>
    public int MaxThreads { get; }

    /// <inheritdoc/>
    public void Evaluate(IAir air, in CompositionInputs inputs, Span<Felt> destination)
    {
        IReadOnlyList<Felt[]> ext = inputs.ExtendedColumns;
        int bigN = ext[0].Length, logBlowup = inputs.LogBlowup, blowup = 1 << logBlowup, n = bigN >> logBlowup;
        int logN = RootsOfUnity.Log2(bigN);
        if (destination.Length < bigN) throw new ArgumentException("destination shorter than the domain");
        Felt shift = inputs.Shift;
        Felt omegaN = RootsOfUnity.PrimitiveRoot(logN), omegaTrace = RootsOfUnity.PrimitiveRoot(RootsOfUnity.Log2(n));

        // 1/(x^n − 1): x^n = shift^n·ω_N^{i·n} = shift^n·ω_blowup^{i mod blowup}.
        var vanishingInv = new Felt[blowup];
        FeltSpan.Powers(shift.Pow((ulong)n), RootsOfUnity.PrimitiveRoot(logBlowup), vanishingInv);
        for (int k = 0; k < blowup; k++) vanishingInv[k] -= Felt.One;
        Felt.BatchInverse(vanishingInv, vanishingInv);

        // Exempted rows ω_n^{n−e}, e = 1..E.
        int exemptions = air.TransitionExemptions;
        var exempt = new Felt[exemptions];
        for (int e = 1; e <= exemptions; e++) exempt[e - 1] = omegaTrace.Pow((ulong)(n - e));

        // Periodic columns on the coset: q_j evaluated at (shift·ω_N^i)^(n/P), periodic in i with period P·blowup.
        IReadOnlyList<Felt[]> periodicCols = air.PeriodicColumns;
        var periodic = new Felt[periodicCols.Count][];
        for (int j = 0; j < periodic.Length; j++)
        {
            Felt[] coeffs = AirDomain.PeriodicCoefficients(periodicCols[j]);
            int period = periodicCols[j].Length;
            periodic[j] = new Felt[period * blowup];
            CpuLdeBackend.EvaluateOnCoset(coeffs, shift.Pow((ulong)(n / period)), periodic[j], 1);
        }

        // Boundary constraints grouped by row.
        IReadOnlyList<BoundaryConstraint> boundaries = inputs.Boundaries;
        var rows = new List<int>();
        foreach (BoundaryConstraint b in boundaries) if (!rows.Contains(b.Row)) rows.Add(b.Row);
        var rowPoints = new Felt[rows.Count];
        for (int r = 0; r < rows.Count; r++) rowPoints[r] = omegaTrace.Pow((ulong)rows[r]);

        MaskEntry[] mask = air.Mask.ToArray();
        int transitions = air.TransitionDegrees.Length;
        Felt[] alphas = inputs.Coefficients;
        Felt[] auxRandom = inputs.AuxRandom;
        int chunks = (bigN + Chunk - 1) / Chunk;
        Felt[] result = new Felt[bigN];
        Parallelism.For(chunks, MaxThreads, ch =>
        {
            int lo = ch * Chunk, hi = Math.Min(bigN, lo + Chunk), len = hi - lo;
            Felt[] frame = ArrayPool<Felt>.Shared.Rent(Math.Max(1, mask.Length));
            Felt[] per = ArrayPool<Felt>.Shared.Rent(Math.Max(1, periodic.Length));
            Felt[] tr = ArrayPool<Felt>.Shared.Rent(Math.Max(1, transitions));
            Felt[] xs = ArrayPool<Felt>.Shared.Rent(len);
            Felt[] dens = ArrayPool<Felt>.Shared.Rent(len * Math.Max(1, rows.Count));
            Felt x0 = Felt.Mul(shift, omegaN.Pow((ulong)lo));
            FeltSpan.Powers(x0, omegaN, xs.AsSpan(0, len));
            for (int r = 0; r < rows.Count; r++)
            {
                Span<Felt> d = dens.AsSpan(r * len, len);
                for (int i = 0; i < len; i++) d[i] = Felt.Sub(xs[i], rowPoints[r]);
                Felt.BatchInverse(d, d);
            }
            for (int i = 0; i < len; i++)
            {
                int idx = lo + i;
                for (int k = 0; k < mask.Length; k++)
                    frame[k] = ext[mask[k].Column][(idx + (mask[k].RowOffset << logBlowup)) & (bigN - 1)];
                for (int j = 0; j < periodic.Length; j++) per[j] = periodic[j][idx % periodic[j].Length];
                air.EvaluateTransition(frame.AsSpan(0, mask.Length), per.AsSpan(0, periodic.Length), auxRandom, tr.AsSpan(0, transitions));
                Felt acc = Felt.Zero;
                for (int k = 0; k < transitions; k++) acc = Felt.Add(acc, Felt.Mul(alphas[k], tr[k]));
                // Transitions: · Π_e (x − ω^{n−e}) / (x^n − 1).
                Felt x = xs[i];
                for (int e = 0; e < exemptions; e++) acc = Felt.Mul(acc, Felt.Sub(x, exempt[e]));
                acc = Felt.Mul(acc, vanishingInv[idx & (blowup - 1)]);
                // Boundaries: (T_c(x) − v) / (x − ω^r).
                for (int b = 0; b < boundaries.Count; b++)
                {
                    BoundaryConstraint bc = boundaries[b];
                    int r = rows.IndexOf(bc.Row);
                    Felt num = Felt.Sub(ext[bc.Column][idx], bc.Value);
                    acc = Felt.Add(acc, Felt.Mul(alphas[transitions + b], Felt.Mul(num, dens[r * len + i])));
                }
                result[idx] = acc;
            }
            ArrayPool<Felt>.Shared.Return(frame);
            ArrayPool<Felt>.Shared.Return(per);
            ArrayPool<Felt>.Shared.Return(tr);
            ArrayPool<Felt>.Shared.Return(xs);
            ArrayPool<Felt>.Shared.Return(dens);
        });
        result.AsSpan().CopyTo(destination);
    }
}
