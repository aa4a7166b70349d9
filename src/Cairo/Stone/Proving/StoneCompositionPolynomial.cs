using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
/// y_m = 3·ω_{Dn}^m, which avoids every constraint domain (3 is not in the subgroup of order 2^192), as its D cosets
/// of the trace domain's size: y_(r + D·j) = s_r·g^j with s_r = 3·ω_{Dn}^r (g = ω_{Dn}^D), one at a time, so what
/// is tabulated is n values long, not D·n. On coset r the mask cell (column c, row offset o) is P_c(s_r·g^(j + o)):
/// each column is evaluated on the coset once and the mask reads it at shifted indices. The layout's own composition
/// code — the same the verifier runs at the out-of-domain point — is recorded once as a
/// <see cref="StoneConstraintProgram"/> and run over chunks of consecutive points (<see cref="StoneProgramEvaluator"/>).
/// Its other inputs are periodic in j: (s_r·g^j)^(n/p) repeats every p points, and so do a periodic column read at
/// a power of the point and a value of the point alone (<see cref="StonePointPolynomial"/>); each is tabulated once per
/// coset over its period, the last two by one NTT of their coefficients.
/// </remarks>
internal static unsafe class StoneCompositionPolynomial
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

        Felt g = RootsOfUnity.PrimitiveRoot(logTrace);
        StoneConstraintProgram program = StoneConstraintProgram.Record(layout, n, g, interactionElements, alpha, input);
        StoneConstraintProgram.ProgramInput[] inputs = program.Inputs;

        var h = new Felt[size];
        var onCoset = new Felt[columns.Length][];
        var tables = new Felt[inputs.Length][];
        int chunk = Math.Min(program.SlotCount > LargeProgramSlots ? LargeProgramChunkPoints : ChunkPoints, n), chunks = n / chunk;
        int workers = Math.Min(threads, chunks);
        var evaluators = new StoneProgramEvaluator?[workers];
        Felt omega = RootsOfUnity.PrimitiveRoot(logTrace + logD);
        for (int r = 0; r < d; r++)
        {
            // Coset r: the points y_(r + D·j) = s·g^j, s = 3·ω_{Dn}^r, j < n (g = ω_{Dn}^D).
            Felt shift = RootsOfUnity.Generator * omega.Pow((ulong)r);
            Parallelism.For(columns.Length, threads, c =>
            {
                // Pinned: the evaluator's kernel reads the tables in place.
                onCoset[c] ??= GC.AllocateUninitializedArray<Felt>(n, pinned: true);
                CpuLdeBackend.EvaluateOnCoset(columns[c], shift, onCoset[c], 1);
            });
            Parallelism.For(inputs.Length, threads, i =>
            {
                StoneConstraintProgram.ProgramInput at = inputs[i];
                // Each table is one period long and refilled in place for every coset.
                switch (at.Kind)
                {
                    case StoneConstraintProgram.InputKind.Mask:
                        tables[i] = onCoset[mask[at.MaskIndex].Column];
                        break;
                    case StoneConstraintProgram.InputKind.PointPower:
                        PointPowers(shift, n / at.Period, logTrace, tables[i] ??= Pinned(checked((int)at.Period)));
                        break;
                    case StoneConstraintProgram.InputKind.PointPolynomial:
                        PolynomialValues(at.Polynomial!, shift, n / at.Period, tables[i] ??= Pinned(checked((int)at.Period)));
                        break;
                    default:
                        PeriodicValues(at.Column!, at.Step, shift, n, tables[i] ??= Pinned(at.Step * at.Column!.Values.Length));
                        break;
                }
            });

            int coset = r;
            Parallelism.For(workers, workers, w =>
            {
                StoneProgramEvaluator evaluator = evaluators[w] ??= new StoneProgramEvaluator(program, chunk);
                var composition = new Felt[chunk];
                for (int c = w; c < chunks; c += workers)
                {
                    int first = c * chunk;
                    for (int i = 0; i < inputs.Length; i++)
                    {
                        // A mask cell at row offset o reads its column o points on; the other tables start at the chunk.
                        // Read in place where the chunk's run does not wrap around the table's end, else copied.
                        long start = inputs[i].Kind == StoneConstraintProgram.InputKind.Mask ? first + (long)mask[inputs[i].MaskIndex].RowOffset : first;
                        Felt[] table = tables[i];
                        int at = (int)(((start % table.Length) + table.Length) % table.Length);
                        if (at + chunk <= table.Length)
                            evaluator.ReadFrom(i, (Felt*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(table)) + at);
                        else
                            CopyCyclic(table, start, evaluator.Input(i));
                    }
                    evaluator.Run(composition);
                    for (int k = 0; k < chunk; k++) h[coset + d * (first + k)] = composition[k];
                }
            });
        }

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

    /// <summary>(s·g^j)^e = s^e·(g^e)^j over one period in j (n / e points; g^e has that order) into <paramref name="table"/>.</summary>
    private static void PointPowers(Felt shift, long e, int logTrace, Felt[] table)
    {
        Felt step = RootsOfUnity.PrimitiveRoot(logTrace).Pow((ulong)e), value = shift.Pow((ulong)e);
        for (int j = 0; j < table.Length; j++, value *= step) table[j] = value;
    }

    /// <summary>
    /// A value of the point alone, f(u) with u = (s·g^j)^e, e = n/p, over one period in j: p points u = s^e·ζ^j,
    /// ζ = g^e of order p, by one forward NTT of f's coefficients (fewer than p: <see cref="StoneConstraintProgram"/>
    /// tabulates no other) on that coset, into <paramref name="table"/> (p long).
    /// </summary>
    private static void PolynomialValues(StonePointPolynomial f, Felt shift, long e, Felt[] table) =>
        CpuLdeBackend.EvaluateOnCoset(f.Coefficients, shift.Pow((ulong)e), table, 1);

    /// <summary>
    /// The periodic column (N values, cells every <paramref name="step"/> rows) read at (s·g^j)^e, e = n/(step·N),
    /// over one period in j: step·N points s^e·ζ^j, ζ = g^e of order step·N, where the column's polynomial (its values
    /// interpolated on the subgroup of order N) is evaluated by one forward NTT on that coset, into
    /// <paramref name="table"/> (step·N long).
    /// </summary>
    private static void PeriodicValues(StonePeriodicColumn column, int step, Felt shift, int n, Felt[] table)
    {
        long rows = (long)step * column.Values.Length;
        if (rows <= 0 || rows > n || n % rows != 0)
            throw new InvalidOperationException($"a periodic column of {column.Values.Length} values every {step} rows does not divide the trace length {n}");
        var coefficients = (Felt[])column.Values.Clone();
        Radix2Ntt.Inverse(coefficients);
        CpuLdeBackend.EvaluateOnCoset(coefficients, shift.Pow((ulong)(n / rows)), table, 1);
    }

    /// <summary>A table the evaluator may read in place: pinned, every entry written before it is read.</summary>
    private static Felt[] Pinned(int length) => GC.AllocateUninitializedArray<Felt>(length, pinned: true);

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
