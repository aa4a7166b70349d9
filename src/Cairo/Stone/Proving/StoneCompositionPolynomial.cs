using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// The composition polynomial h = Σ αⁱ·constraintᵢ/domainᵢ (Stone's <c>CompositionPolynomial</c>) and its split into
/// D = <see cref="IStoneLayout.ConstraintDegree"/> columns h(x) = Σᵢ xⁱ·hᵢ(x^D) (<c>composition_polynomial/
/// breaker.cc</c>), each of degree below the trace length n.
/// </summary>
/// <remarks>
/// h has degree below D·n, so it is fixed by its values on any D·n points; they are taken on the coset
/// y_m = 3·ω_{Dn}^m, which avoids every constraint domain (3 is not in the subgroup of order 2^192). There the
/// mask cell (column c, row offset o) is P_c(y_m·g^o) = P_c(3·ω_{Dn}^{m + D·o}), since g = ω_{Dn}^D: each column is
/// evaluated once on the coset and the mask reads it at shifted indices. The layout's own composition code — the
/// same the verifier runs at the out-of-domain point — is recorded once as a <see cref="StoneConstraintProgram"/>
/// and run over chunks of consecutive points (<see cref="StoneProgramEvaluator"/>). Its other inputs are periodic
/// in m: y_m^(n/p) = 3^(n/p)·ω_{Dn}^(m·n/p) repeats every D·p points, and so does a periodic column read at
/// y_m^(n/(step·N)); each is tabulated once over its period (a periodic column by one NTT of its coefficients).
/// </remarks>
internal static class StoneCompositionPolynomial
{
    /// <summary>Points per chunk: enough to amortise an instruction's dispatch, few enough that the slots stay in cache.</summary>
    internal const int ChunkPoints = 64;

    /// <summary>
    /// Slots beyond which a program runs on <see cref="LargeProgramChunkPoints"/> points at a time: the keccak layout's
    /// 5,942 slots of 64 points are 15 MB of limbs per thread, past the caches (its composition took 30.8 s at 64
    /// points, 25.8 s at 32 or 16, 30.8 s at 8 where the per-chunk inputs and inversion weigh more).
    /// </summary>
    internal const int LargeProgramSlots = 1024;

    /// <summary>Points per chunk of a program with more than <see cref="LargeProgramSlots"/> slots.</summary>
    internal const int LargeProgramChunkPoints = 32;

    /// <summary>
    /// The D columns' coefficients (n each). <paramref name="columns"/> holds every committed trace column's
    /// polynomial in global column order (original trace, then interaction).
    /// </summary>
    public static Felt[][] Compute(
        IStoneLayout layout, Felt[][] columns, int logTrace, Felt[] interactionElements, Felt alpha, AirPublicInput input, int maxThreads)
    {
        int d = layout.ConstraintDegree;
        if (d <= 0 || (d & (d - 1)) != 0) throw new ArgumentException($"constraint degree {d} is not a power of two", nameof(layout));
        int logD = System.Numerics.BitOperations.Log2((uint)d);
        int n = 1 << logTrace, size = d * n;
        int threads = Parallelism.Resolve(maxThreads);
        IReadOnlyList<StoneMaskEntry> mask = layout.Mask;

        // Each column the mask reads, on the coset 3·ω_{Dn}^m (natural order).
        var onCoset = new Felt[columns.Length][];
        Parallelism.For(columns.Length, threads, c =>
        {
            var values = new Felt[size];
            CpuLdeBackend.EvaluateOnCoset(columns[c], RootsOfUnity.Generator, values, 1);
            onCoset[c] = values;
        });

        Felt g = RootsOfUnity.PrimitiveRoot(logTrace);
        StoneConstraintProgram program = StoneConstraintProgram.Record(layout, n, g, interactionElements, alpha, input);
        StoneConstraintProgram.ProgramInput[] inputs = program.Inputs;
        var tables = new Felt[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++)
        {
            tables[i] = inputs[i].Kind switch
            {
                StoneConstraintProgram.InputKind.Mask => onCoset[mask[inputs[i].MaskIndex].Column],
                StoneConstraintProgram.InputKind.PointPower => PointPowers(n / inputs[i].Period, logTrace + logD),
                StoneConstraintProgram.InputKind.PointPolynomial => PolynomialValues(inputs[i].Polynomial!, n, logTrace + logD, threads),
                _ => PeriodicValues(inputs[i].Column!, inputs[i].Step, n, logTrace + logD),
            };
        }

        var h = new Felt[size];
        int chunk = Math.Min(program.SlotCount > LargeProgramSlots ? LargeProgramChunkPoints : ChunkPoints, size), chunks = size / chunk;
        int workers = Math.Min(threads, chunks);
        Parallelism.For(workers, workers, w =>
        {
            var evaluator = new StoneProgramEvaluator(program, chunk);
            for (int c = w; c < chunks; c += workers)
            {
                long first = (long)c * chunk;
                for (int i = 0; i < inputs.Length; i++)
                {
                    // A mask cell at row offset o reads its column D·o points on; the other tables start at the chunk.
                    long start = inputs[i].Kind == StoneConstraintProgram.InputKind.Mask ? first + (long)d * mask[inputs[i].MaskIndex].RowOffset : first;
                    CopyCyclic(tables[i], start, evaluator.Input(i));
                }
                evaluator.Run(h.AsSpan((int)first, chunk));
            }
        });

        // h(3·ω^m) → coefficients: invert the NTT, then divide coefficient j by 3^j.
        Radix2Ntt.Inverse(h, threads);
        Felt shiftInverse = RootsOfUnity.Generator.Inverse(), power = Felt.One;
        for (int j = 0; j < size; j++) { h[j] *= power; power *= shiftInverse; }

        // hᵢ's coefficient j is h's coefficient D·j + i.
        var split = new Felt[d][];
        for (int i = 0; i < d; i++)
        {
            split[i] = new Felt[n];
            for (int j = 0; j < n; j++) split[i][j] = h[d * j + i];
        }
        return split;
    }

    /// <summary>y_m^e = 3^e·ω_{Dn}^(m·e) over one period in m (D·n / e points; ω_{Dn}^e has that order).</summary>
    private static Felt[] PointPowers(long e, int logSize)
    {
        long period = (1L << logSize) / e;
        var table = new Felt[period];
        Felt step = RootsOfUnity.PrimitiveRoot(logSize).Pow((ulong)e), value = RootsOfUnity.Generator.Pow((ulong)e);
        for (long j = 0; j < period; j++, value *= step) table[j] = value;
        return table;
    }

    /// <summary>
    /// A value of the point alone, f(u) with u = y_m^e, e = n/p, over one period in m: Q = D·p points
    /// u = 3^e·ζ^m, ζ = ω_{Dn}^e of order Q, by one forward NTT of f's coefficients on that coset. Coefficients past
    /// Q fold onto the first Q: u^Q = 3^(e·Q) = 3^(Dn) at every one of these points.
    /// </summary>
    private static Felt[] PolynomialValues(StonePointPolynomial f, int n, int logSize, int threads)
    {
        long e = n / f.Period;
        int period = (int)((1L << logSize) / e);
        Felt shift = RootsOfUnity.Generator.Pow((ulong)e);
        Felt[] coefficients = f.Coefficients;
        if (coefficients.Length > period)
        {
            var folded = new Felt[period];
            Felt wrap = shift.Pow((ulong)period), factor = Felt.One;
            for (int j = 0; j < coefficients.Length; j++)
            {
                if (j > 0 && j % period == 0) factor *= wrap;
                folded[j % period] += factor * coefficients[j];
            }
            coefficients = folded;
        }
        var table = new Felt[period];
        CpuLdeBackend.EvaluateOnCoset(coefficients, shift, table, threads);
        return table;
    }

    /// <summary>
    /// The periodic column (N values, cells every <paramref name="step"/> rows) read at y_m^e, e = n/(step·N), over one
    /// period in m: Q = D·step·N points y_m^e = 3^e·ζ^m, ζ = ω_{Dn}^e of order Q, where the column's polynomial (its
    /// values interpolated on the subgroup of order N) is evaluated by one forward NTT on that coset.
    /// </summary>
    private static Felt[] PeriodicValues(StonePeriodicColumn column, int step, int n, int logSize)
    {
        long rows = (long)step * column.Values.Length;
        if (rows <= 0 || rows > n || n % rows != 0)
            throw new InvalidOperationException($"a periodic column of {column.Values.Length} values every {step} rows does not divide the trace length {n}");
        long e = n / rows;
        var coefficients = (Felt[])column.Values.Clone();
        Radix2Ntt.Inverse(coefficients);
        var table = new Felt[(1L << logSize) / e];
        CpuLdeBackend.EvaluateOnCoset(coefficients, RootsOfUnity.Generator.Pow((ulong)e), table, 1);
        return table;
    }

    /// <summary>destination[i] = table[(start + i) mod |table|].</summary>
    private static void CopyCyclic(Felt[] table, long start, Span<Felt> destination)
    {
        int length = table.Length, at = (int)(((start % length) + length) % length), done = 0;
        while (done < destination.Length)
        {
            int take = Math.Min(length - at, destination.Length - done);
            table.AsSpan(at, take).CopyTo(destination[done..]);
            done += take;
            at = 0;
        }
    }
}
