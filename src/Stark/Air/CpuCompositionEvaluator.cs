using System.Buffers;
using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Air;

/// <summary>
/// The CPU <see cref="ICompositionEvaluator"/>: the domain split into chunks over threads; per chunk the
/// boundary denominators are batch-inverted; 1/(x^n − 1) takes only blowup distinct values on the coset. An
/// <see cref="IRecordableAir"/>'s transitions are recorded once per call and run in lanes (<see cref="ConstraintProgramRunner"/>).
/// </summary>
public sealed unsafe class CpuCompositionEvaluator : ICompositionEvaluator
{
    private const int Chunk = 2048;

    /// <summary>Points whose frames are gathered together (a power of two dividing <see cref="Chunk"/>).</summary>
    private const int Gather = 32;

    /// <summary>Creates an evaluator using at most <paramref name="maxThreads"/> threads (0: all processors).</summary>
    public CpuCompositionEvaluator(int maxThreads = 0) => MaxThreads = Parallelism.Resolve(maxThreads);

    /// <summary>The most threads one call uses.</summary>
    public int MaxThreads { get; }

    /// <inheritdoc/>
    public void Evaluate(IAir air, in CompositionInputs inputs, Span<Felt> destination)
    {
        IReadOnlyList<Felt[]> ext = inputs.ExtendedColumns;
        int logStride = inputs.LogStride, first = inputs.First;
        if ((uint)first >= 1u << logStride) throw new ArgumentException($"first point {first} is not below the stride 2^{logStride}");
        // A lifted column's extension covers D^s (N/s points); the domain is the longest column's.
        int full = 0;
        foreach (Felt[] column in ext) full = Math.Max(full, column.Length);
        int bigN = full >> logStride, logBlowup = inputs.LogBlowup, blowup = 1 << logBlowup, n = bigN >> logBlowup;
        int logN = PowerOfTwo.Log2(bigN);
        if (destination.Length < bigN) throw new ArgumentException("destination shorter than the domain");
        Felt shift = inputs.Shift;
        Felt omegaN = RootsOfUnity.PrimitiveRoot(logN), omegaTrace = RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(n));

        // Per group: 1/(x^(n/step) − 1), where x^(n/step) = shift^(n/step)·ω_N^{i·n/step} takes step·blowup values
        // (ω_N^(n/step) is a primitive (step·blowup)-th root), and the exempt constants ω_n^(r·lift).
        TransitionGroup[] groups = AirDomain.TransitionGroups(air);
        var vanishingInv = new Felt[groups.Length][];
        var exempt = new Felt[groups.Length][];
        for (int g = 0; g < groups.Length; g++)
        {
            int period = groups[g].Step << logBlowup;
            vanishingInv[g] = new Felt[period];
            FeltSpan.Powers(shift.Pow((ulong)(n / groups[g].Step)), RootsOfUnity.PrimitiveRoot(PowerOfTwo.Log2(period)), vanishingInv[g]);
            for (int k = 0; k < period; k++) vanishingInv[g][k] -= Felt.One;
            Felt.BatchInverse(vanishingInv[g], vanishingInv[g]);
            exempt[g] = new Felt[groups[g].ExemptRows.Length];
            for (int e = 0; e < exempt[g].Length; e++) exempt[g][e] = omegaTrace.Pow((ulong)groups[g].ExemptRows[e] * (ulong)groups[g].Lift);
        }

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
        // Boundary b's coefficient index per row group: Σ_{b at row r} α_b·(T_{c_b}(x) − v_b), then one product by 1/(x − ω^r).
        var rowOf = new int[boundaries.Count];
        for (int b = 0; b < boundaries.Count; b++) rowOf[b] = rows.IndexOf(boundaries[b].Row);
        // Per row group r: c_r = Σ_{b at row r} α_b·v_b, so the boundary numerators are Σ α_b·T_{c_b}(x) − c_r.
        var rowConstants = new Felt[rows.Count];
        for (int b = 0; b < boundaries.Count; b++) rowConstants[rowOf[b]] += alphas[transitions + b] * boundaries[b].Value;
        // Where the AIR's constraints are written over any IConstraintValue, they are recorded once with these
        // challenges and weights and run Gather points at a time in lanes; else the AIR evaluates point by point.
        // A lifted group's numerators read only lifted columns and periodic columns of periods dividing n/lift, so they
        // depend on x through x^lift alone and repeat every bigN/lift points: each lift's groups are recorded as a program
        // of their own and run on the first bigN/lift points only, the lift-1 groups' on every point.
        ConstraintProgram? program = null;
        int[] programEntries = [], programPeriodic = [];
        var runners = new System.Collections.Concurrent.ConcurrentBag<ConstraintProgramRunner>();
        var liftedSums = new Felt[groups.Length][];
        bool recorded = air is IRecordableAir;
        int[] allEntries = [.. Enumerable.Range(0, mask.Length)];
        if (air is IRecordableAir recordable)
        {
            var groupOf = new int[transitions];
            for (int g = 0; g < groups.Length; g++) foreach (int k in groups[g].Constraints) groupOf[k] = g;
            var include = new bool[transitions];
            foreach (int lift in groups.Select(g => g.Lift).Distinct().Order())
            {
                // A constraint of weight zero adds nothing: it is not computed (the prover splits C by weights).
                for (int k = 0; k < transitions; k++) include[k] = groups[groupOf[k]].Lift == lift && !alphas[k].IsZero;
                if (lift > 1 && !include.Contains(true)) continue;
                ConstraintProgram p = TransitionRecorder.Record(recordable, auxRandom, alphas.AsSpan(0, transitions), groupOf, groups.Length, include);
                if (lift == 1) { program = p; programEntries = LoadedEntries(p); programPeriodic = Loaded(p, ProgramLoadKind.Periodic); continue; }
                int points = bigN / lift;
                for (int g = 0; g < groups.Length; g++) if (groups[g].Lift == lift) liftedSums[g] = new Felt[points];
                RunLifted(p, LoadedEntries(p), Loaded(p, ProgramLoadKind.Periodic), points, lift);
            }
        }

        // Gathers mask entries' values at Gather points from lo + i0, entry-major: each entry's column is read as one
        // short run (a wide AIR's hundreds of columns, gathered point by point, would cost a cache miss each per point).
        // A lifted column's index wraps at its N/s points (x^s = shift^s·ω_(N/s)^(i mod N/s)); a run that wraps neither
        // there nor around the domain is read straight (copied where the coset is the columns' own points).
        void GatherEntries(ReadOnlySpan<int> entries, int lo, int run, Felt[] frames)
        {
            foreach (int k in entries)
            {
                Felt[] column = ext[mask[k].Column];
                int start = (lo + (mask[k].RowOffset << logBlowup)) & (bigN - 1), wrap = column.Length - 1;
                int at = ((start << logStride) + first) & wrap;
                Span<Felt> frame = frames.AsSpan(k * Gather, run);
                if (start + run <= bigN && at + ((run - 1) << logStride) <= wrap)
                {
                    if (logStride == 0) column.AsSpan(at, run).CopyTo(frame);
                    else for (int t = 0; t < run; t++) frame[t] = column[at + (t << logStride)];
                    continue;
                }
                for (int t = 0; t < run; t++) frame[t] = column[((((start + t) & (bigN - 1)) << logStride) + first) & wrap];
            }
        }

        // Only the periodic columns a program loads; their lengths are powers of two.
        void GatherPeriodic(ReadOnlySpan<int> loaded, int lo, int run, Felt[] block)
        {
            foreach (int j in loaded)
            {
                Felt[] values = periodic[j];
                int wrap = values.Length - 1;
                for (int t = 0; t < run; t++) block[j * Gather + t] = values[(lo + t) & wrap];
            }
        }

        // One lift's program on points [0, points), its groups' sums kept for every later point of the same x^lift.
        void RunLifted(ConstraintProgram p, int[] entries, int[] periodicLoads, int points, int lift)
        {
            int liftedChunks = (points + Chunk - 1) / Chunk;
            Parallelism.For(liftedChunks, MaxThreads, ch =>
            {
                int lo = ch * Chunk, len = Math.Min(Chunk, points - lo);
                var liftedRunner = new ConstraintProgramRunner(p, Gather);
                Felt[] frames = ArrayPool<Felt>.Shared.Rent(Math.Max(1, mask.Length) * Gather);
                Felt[] periodicBlock = ArrayPool<Felt>.Shared.Rent(Math.Max(1, periodic.Length) * Gather);
                for (int i0 = 0; i0 < len; i0 += Gather)
                {
                    int run = Math.Min(Gather, len - i0);
                    GatherEntries(entries, lo + i0, run, frames);
                    GatherPeriodic(periodicLoads, lo + i0, run, periodicBlock);
                    fixed (Felt* framesAt = frames, periodicAt = periodicBlock) liftedRunner.Run(framesAt, periodicAt);
                    for (int g = 0; g < groups.Length; g++)
                        if (groups[g].Lift == lift) liftedRunner.GroupSum(g)[..run].CopyTo(liftedSums[g].AsSpan(lo + i0, run));
                }
                ArrayPool<Felt>.Shared.Return(frames);
                ArrayPool<Felt>.Shared.Return(periodicBlock);
            });
        }
        int chunks = (bigN + Chunk - 1) / Chunk;
        fixed (Felt* resultPtr = destination)
        {
        nint rp = (nint)resultPtr;
        Parallelism.For(chunks, MaxThreads, ch =>
        {
            Felt* result = (Felt*)rp;
            int lo = ch * Chunk, hi = Math.Min(bigN, lo + Chunk), len = hi - lo;
            Felt[] frame = ArrayPool<Felt>.Shared.Rent(Math.Max(1, mask.Length));
            // The frames of Gather points at a time, entry-major: each mask entry's column is read as one short run
            // (a wide AIR's hundreds of columns, gathered point by point, would cost a cache miss each per point).
            Felt[] frames = ArrayPool<Felt>.Shared.Rent(Math.Max(1, mask.Length) * Gather);
            Felt[] per = ArrayPool<Felt>.Shared.Rent(Math.Max(1, periodic.Length));
            Felt[] tr = ArrayPool<Felt>.Shared.Rent(Math.Max(1, transitions));
            // The constraint values of Gather points, constraint-major (cache-sized), folded into one α-sum per
            // group after each block: a chunk's whole constraint-major table would be len × transitions values.
            Felt[] block = ArrayPool<Felt>.Shared.Rent(Gather * Math.Max(1, transitions));
            Felt[] sums = ArrayPool<Felt>.Shared.Rent(len * Math.Max(1, groups.Length));
            Felt[] xs = ArrayPool<Felt>.Shared.Rent(len);
            Felt[] dens = ArrayPool<Felt>.Shared.Rent(len * Math.Max(1, rows.Count));
            Felt[] sum = ArrayPool<Felt>.Shared.Rent(len);
            Felt[] factor = ArrayPool<Felt>.Shared.Rent(len);
            Felt[] xsLifted = ArrayPool<Felt>.Shared.Rent(len);
            Span<Felt> acc = new(result + lo, len);
            Felt x0 = Felt.Mul(shift, omegaN.Pow((ulong)lo));
            FeltSpan.Powers(x0, omegaN, xs.AsSpan(0, len));
            for (int r = 0; r < rows.Count; r++)
            {
                Span<Felt> d = dens.AsSpan(r * len, len);
                for (int i = 0; i < len; i++) d[i] = Felt.Sub(xs[i], rowPoints[r]);
                Felt.BatchInverse(d, d);
            }
            // The constraints Gather rows at a time: a recorded AIR's program over the whole block, which leaves
            // Σ_{k in g} α_k·t_k per group g; otherwise the AIR's code row by row, then those sums over the rows (SIMD lanes).
            sums.AsSpan(0, len * groups.Length).Clear();
            ConstraintProgramRunner? runner = null;
            if (program is not null && !runners.TryTake(out runner)) runner = new ConstraintProgramRunner(program, Gather);
            Felt[] periodicBlock = ArrayPool<Felt>.Shared.Rent(Math.Max(1, periodic.Length) * Gather);
            for (int g = 0; g < groups.Length; g++)
            {
                // A lifted group's sums repeat every bigN/lift points (a power of two): read from its first period.
                if (liftedSums[g] is not { } repeating) continue;
                for (int i = 0; i < len; i++) sums[g * len + i] = repeating[(lo + i) & (repeating.Length - 1)];
            }
            for (int i0 = 0; i0 < len; i0 += Gather)
            {
                int run = Math.Min(Gather, len - i0);
                if (recorded)
                {
                    if (runner is null) continue;
                    // The whole block in lanes; a block shorter than Gather (a tiny trace) runs on stale tail values
                    // whose sums are not read.
                    GatherEntries(programEntries, lo + i0, run, frames);
                    GatherPeriodic(programPeriodic, lo + i0, run, periodicBlock);
                    fixed (Felt* framesAt = frames, periodicAt = periodicBlock) runner.Run(framesAt, periodicAt);
                    for (int g = 0; g < groups.Length; g++)
                        if (groups[g].Lift == 1) runner.GroupSum(g)[..run].CopyTo(sums.AsSpan(g * len + i0, run));
                    continue;
                }
                GatherEntries(allEntries, lo + i0, run, frames);
                for (int t = 0; t < run; t++)
                {
                    int idx = lo + i0 + t;
                    for (int k = 0; k < mask.Length; k++) frame[k] = frames[k * Gather + t];
                    for (int j = 0; j < periodic.Length; j++) per[j] = periodic[j][idx % periodic[j].Length];
                    air.EvaluateTransition(frame.AsSpan(0, mask.Length), per.AsSpan(0, periodic.Length), auxRandom, tr.AsSpan(0, transitions));
                    for (int k = 0; k < transitions; k++) block[k * Gather + t] = tr[k];
                }
                for (int g = 0; g < groups.Length; g++)
                {
                    Span<Felt> sg = sums.AsSpan(g * len + i0, run);
                    foreach (int k in groups[g].Constraints) FeltSpan.MulAddScalar(block.AsSpan(k * Gather, run), alphas[k], sg);
                }
            }
            // Σ_g (Σ_{k in g} α_k·t_k)·Π_{r exempt}(x^lift − ω^(r·lift)) / (x^(n/step) − 1), over the chunk's rows (SIMD lanes).
            acc.Clear();
            Span<Felt> s = sum.AsSpan(0, len), f = factor.AsSpan(0, len), lifted = xsLifted.AsSpan(0, len);
            for (int g = 0; g < groups.Length; g++)
            {
                Span<Felt> sg = sums.AsSpan(g * len, len);
                int lift = groups[g].Lift;
                // x^lift = x0^lift·(ω_N^lift)^i for a lifted group; x itself otherwise.
                if (lift > 1 && exempt[g].Length > 0) FeltSpan.Powers(x0.Pow((ulong)lift), omegaN.Pow((ulong)lift), lifted);
                ReadOnlySpan<Felt> xg = lift > 1 ? lifted : xs.AsSpan(0, len);
                foreach (Felt r in exempt[g])
                {
                    for (int i = 0; i < len; i++) f[i] = Felt.Sub(xg[i], r);
                    FeltSpan.Mul(sg, f, sg);
                }
                Felt[] vi = vanishingInv[g];
                for (int i = 0; i < len; i++) f[i] = vi[(lo + i) & (vi.Length - 1)];
                FeltSpan.Mul(sg, f, sg);
                FeltSpan.Add(acc, sg, acc);
            }
            // Boundaries: Σ_r (Σ_{b at row r} α_b·T_{c_b}(x) − c_r) / (x − ω^r).
            for (int r = 0; r < rows.Count; r++)
            {
                s.Clear();
                for (int b = 0; b < boundaries.Count; b++)
                {
                    if (rowOf[b] != r) continue;
                    Felt[] column = ext[boundaries[b].Column];
                    if (logStride == 0 && column.Length == full)
                    {
                        FeltSpan.MulAddScalar(column.AsSpan(lo, len), alphas[transitions + b], s);
                        continue;
                    }
                    int wrap = column.Length - 1;
                    for (int i = 0; i < len; i++) f[i] = column[(((lo + i) << logStride) + first) & wrap];
                    FeltSpan.MulAddScalar(f, alphas[transitions + b], s);
                }
                for (int i = 0; i < len; i++) s[i] = Felt.Sub(s[i], rowConstants[r]);
                FeltSpan.Mul(s, dens.AsSpan(r * len, len), s);
                FeltSpan.Add(acc, s, acc);
            }
            if (runner is not null) runners.Add(runner);
            ArrayPool<Felt>.Shared.Return(periodicBlock);
            ArrayPool<Felt>.Shared.Return(frame);
            ArrayPool<Felt>.Shared.Return(frames);
            ArrayPool<Felt>.Shared.Return(per);
            ArrayPool<Felt>.Shared.Return(tr);
            ArrayPool<Felt>.Shared.Return(block);
            ArrayPool<Felt>.Shared.Return(sums);
            ArrayPool<Felt>.Shared.Return(xs);
            ArrayPool<Felt>.Shared.Return(dens);
            ArrayPool<Felt>.Shared.Return(sum);
            ArrayPool<Felt>.Shared.Return(factor);
            ArrayPool<Felt>.Shared.Return(xsLifted);
        });
        }
    }

    /// <summary>The mask entries <paramref name="program"/> loads, ascending: what a run of it needs gathered.</summary>
    private static int[] LoadedEntries(ConstraintProgram program) => Loaded(program, ProgramLoadKind.Mask);

    /// <summary>The indices of the values of <paramref name="kind"/> that <paramref name="program"/> loads, ascending.</summary>
    private static int[] Loaded(ConstraintProgram program, ProgramLoadKind kind)
    {
        var indices = new SortedSet<int>();
        foreach (ProgramLoad load in program.Loads) if (load.Kind == kind) indices.Add(load.Index);
        return [.. indices];
    }
}
