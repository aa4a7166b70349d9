using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;
using Zetina.Tests.Shared;

namespace Zetina.Stark.Tests.Air;

/// <summary>
/// The recorded transitions (<see cref="TransitionRecorder"/>, <see cref="ConstraintProgramRunner"/>) against the same
/// constraint text evaluated point by point, in the native lanes and in the managed ones; and the composition
/// evaluator with and without recording.
/// </summary>
[Collection(Field.KernelSwitchCollection.Name)]
public sealed class TransitionRecorderTests
{
    /// <summary>
    /// A small AIR written over any value type, with what a recording must get right: a shared product, constants that
    /// fold (a constraint that is the constant 0, another the constant 9), identities (x·1, x·0, x + 0), a challenge, a
    /// periodic column, a next-row entry, an interaction column and a degree-4 product.
    /// </summary>
    private sealed class ShapesAir(int n) : IRecordableAir
    {
        private static readonly MaskEntry[] s_mask = [new(0, 0), new(1, 0), new(2, 0), new(3, 0), new(0, 1), new(3, 1)];
        private static readonly int[] s_degrees = [2, 4, 1, 1, 2, 2, 2];
        private static readonly int[] s_steps = [1, 2, 1, 1, 1, 2, 1];

        public string Name => "recorder-test";
        public int TraceLength => n;
        public int MainWidth => 3;
        public int AuxWidth => 1;
        public int AuxRandomCount => 2;
        public ReadOnlySpan<MaskEntry> Mask => s_mask;
        public ReadOnlySpan<int> TransitionDegrees => s_degrees;
        public ReadOnlySpan<int> TransitionRowSteps => s_steps;
        public int TransitionExemptions => 1;
        public IReadOnlyList<Felt[]> PeriodicColumns { get; } = [[Felt.FromUInt64(3), Felt.FromUInt64(5), Felt.Zero, Felt.FromUInt64(11)]];
        public ReadOnlySpan<Felt> PublicInput => default;

        public void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result) =>
            EvaluateTransition(FeltValue.Of(frame), FeltValue.Of(periodic), FeltValue.Of(auxRandom), FeltValue.Of(result));

        public void EvaluateTransition<T>(ReadOnlySpan<T> frame, ReadOnlySpan<T> periodic, ReadOnlySpan<T> auxRandom, Span<T> result)
            where T : struct, IConstraintValue<T>
        {
            T a = frame[0], b = frame[1], c = frame[2], aux = frame[3], aNext = frame[4], auxNext = frame[5];
            T z = auxRandom[0], beta = auxRandom[1];
            T ab = a * b;
            result[0] = ab - c;
            result[1] = ab * ab - periodic[0] * a * b * c;
            result[2] = (T)Felt.FromUInt64(5) * Felt.FromUInt64(7) - Felt.FromUInt64(35);
            result[3] = (T)Felt.FromUInt64(9) + a * Felt.Zero;
            result[4] = aNext * Felt.One - (a + Felt.Zero) * (b - c);
            result[5] = auxNext * (z - (aNext + beta * b)) - aux * (z - (a + beta * c));
            result[6] = ab - a * b + c * c;
        }

        public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom) =>
            [new BoundaryConstraint(0, 0, Felt.FromUInt64(4)), new BoundaryConstraint(3, n - 1, auxRandom[0])];

        public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom) => throw new NotSupportedException();
    }

    /// <summary>The same AIR seen only as an <see cref="IAir"/>: the evaluator's point-by-point path.</summary>
    private sealed class Unrecorded(IAir inner) : IAir
    {
        public string Name => inner.Name;
        public int TraceLength => inner.TraceLength;
        public int MainWidth => inner.MainWidth;
        public int AuxWidth => inner.AuxWidth;
        public int AuxRandomCount => inner.AuxRandomCount;
        public ReadOnlySpan<MaskEntry> Mask => inner.Mask;
        public ReadOnlySpan<int> TransitionDegrees => inner.TransitionDegrees;
        public ReadOnlySpan<int> TransitionRowSteps => inner.TransitionRowSteps;
        public int TransitionExemptions => inner.TransitionExemptions;
        public IReadOnlyList<Felt[]> PeriodicColumns => inner.PeriodicColumns;
        public ReadOnlySpan<Felt> PublicInput => inner.PublicInput;
        public void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result) =>
            inner.EvaluateTransition(frame, periodic, auxRandom, result);
        public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom) => inner.BoundaryConstraints(auxRandom);
        public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom) => inner.BuildAuxColumns(mainColumns, auxRandom);
    }

    private static Felt RandomFelt(Random rng) => Felt.FromUInt64((ulong)rng.NextInt64()) * Felt.FromUInt64((ulong)rng.NextInt64()) + Felt.FromUInt64((ulong)rng.NextInt64());

    /// <summary>
    /// Group sums of the recorded program on random frames equal Σ_{k in g} α_k·t_k from the one-point evaluation, in
    /// the native lanes (where this CPU has them) and in the managed lanes.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_RandomFrames_EqualsPointByPoint(int seed)
    {
        var air = new ShapesAir(16);
        var rng = new Random(seed);
        Felt[] challenges = [RandomFelt(rng), RandomFelt(rng)];
        var alphas = new Felt[air.TransitionDegrees.Length];
        for (int k = 0; k < alphas.Length; k++) alphas[k] = RandomFelt(rng);
        int[] groupOf = [0, 1, 0, 0, 0, 1, 0];
        ConstraintProgram program = TransitionRecorder.Record(air, challenges, alphas, groupOf, 2);
        Assert.Equal(alphas.Length, program.ConstraintCount);
        // The shared product a·b is computed once: the program has fewer products than the text.
        Assert.True(program.Code.Count(i => i.Op == 2) < 14, $"seed {seed}: {program.Code.Count(i => i.Op == 2)} products");

        const int points = 16;
        var frames = new Felt[air.Mask.Length * points];
        var periodic = new Felt[points];
        for (int i = 0; i < frames.Length; i++) frames[i] = RandomFelt(rng);
        for (int t = 0; t < points; t++) periodic[t] = RandomFelt(rng);
        var expected = new Felt[2 * points];
        var frame = new Felt[air.Mask.Length];
        var values = new Felt[alphas.Length];
        for (int t = 0; t < points; t++)
        {
            for (int k = 0; k < frame.Length; k++) frame[k] = frames[k * points + t];
            air.EvaluateTransition(frame, [periodic[t]], challenges, values);
            for (int k = 0; k < values.Length; k++) expected[groupOf[k] * points + t] += alphas[k] * values[k];
        }

        RecordedRuns.AssertBothPaths(program, frames, periodic, points, expected, 2, $"seed {seed}");
    }

    /// <summary>
    /// The composition evaluator gives the same values with the recording as point by point, on random extended
    /// columns (no valid trace needed), read in place and with a stride, on a domain shorter than one block of points.
    /// </summary>
    [Theory]
    [InlineData(8, 1, 0)]
    [InlineData(64, 2, 0)]
    [InlineData(64, 1, 1)]
    [InlineData(1024, 1, 0)]
    public void Evaluate_RecordedAndPointByPoint_Agree(int n, int logBlowup, int logStride)
    {
        var air = new ShapesAir(n);
        var rng = new Random(n + logBlowup);
        var ext = new Felt[4][];
        for (int c = 0; c < ext.Length; c++)
        {
            ext[c] = new Felt[n << (logBlowup + logStride)];
            for (int i = 0; i < ext[c].Length; i++) ext[c][i] = RandomFelt(rng);
        }
        Felt[] challenges = [RandomFelt(rng), RandomFelt(rng)];
        IReadOnlyList<BoundaryConstraint> boundaries = air.BoundaryConstraints(challenges);
        var alphas = new Felt[air.TransitionDegrees.Length + boundaries.Count];
        for (int i = 0; i < alphas.Length; i++) alphas[i] = RandomFelt(rng);
        var inputs = new CompositionInputs(ext, logBlowup, RootsOfUnity.Generator, challenges, alphas, boundaries, LogStride: logStride);
        var expected = new Felt[n << logBlowup];
        new CpuCompositionEvaluator(1).Evaluate(new Unrecorded(air), inputs, expected);
        var actual = new Felt[n << logBlowup];
        new CpuCompositionEvaluator(2).Evaluate(air, inputs, actual);
        Assert.Equal(expected, actual);
    }
}
