using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Layouts;

/// <summary>
/// The prover's recorded composition (<see cref="StoneConstraintProgram"/> run by <see cref="StoneProgramEvaluator"/>
/// over a chunk of points) against the verifier's point-by-point one (<see cref="IStoneLayout.EvaluateComposition"/>),
/// for every published layout with a real proof's statement and interaction elements: at the proof's own
/// out-of-domain point and mask values, and at random points with random mask values.
/// </summary>
public sealed class StoneConstraintProgramTests
{
    private static readonly (string Case, string File)[] Cases =
    [
        ("c0_fibonacci_hint_recursive", "proof_stone5_keccak160lsb.json"),
        ("proofs_integrity_fibonacci_layouts", "small__cairo0_stone5_keccak_160_lsb_proof.json"),
        ("proofs_integrity_fibonacci_layouts", "dex__cairo0_stone5_keccak_160_lsb_proof.json"),
        ("proofs_integrity_fibonacci_layouts", "recursive_with_poseidon__cairo0_stone5_keccak_160_lsb_proof.json"),
        ("proofs_integrity_fibonacci_layouts", "starknet__cairo0_stone5_keccak_160_lsb_proof.json"),
        ("proofs_integrity_fibonacci_layouts", "starknet_with_keccak__cairo0_stone5_keccak_160_lsb_proof.json"),
    ];

    /// <summary>
    /// Each case at 37 points — not a multiple of any lane count, so the per-instruction kernels run both their SIMD
    /// body and their scalar tail, with enough denominators for the batch inversion's lane path — and at 40, a multiple
    /// of the native kernel's eight lanes, where the whole program runs in the kernel (when this CPU has it).
    /// </summary>
    public static TheoryData<string, string, int> Proofs
    {
        get
        {
            var data = new TheoryData<string, string, int>();
            foreach (var (name, file) in Cases) { data.Add(name, file, 37); data.Add(name, file, 40); }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Proofs))]
    public void The_recorded_composition_equals_the_verifiers_at_every_point(string caseName, string file, int points)
    {
        AnnotatedProof proof = AnnotatedProof.Read(caseName, file);
        IStoneLayout layout = StoneLayoutTable.Find(proof.PublicInput.Layout)!;
        StoneCompositionPoint committed = proof.At(layout);
        StoneConstraintProgram program = StoneConstraintProgram.Record(layout, committed.TraceLength, committed.TraceGenerator,
            committed.InteractionElements, committed.ConstraintRandomElement, committed.PublicInput);
        Assert.Equal(layout.ConstraintCount, program.ConstraintCount);
        // The keccak cells' domains (hundreds of factors each) are read from tables, the rest computed.
        int tabulated = program.Inputs.Count(input => input.Kind == StoneConstraintProgram.InputKind.PointPolynomial);
        if (layout.Name == "starknet_with_keccak") Assert.InRange(tabulated, 10, 100);

        int seed = Random.Shared.Next();
        var random = new Random(seed);
        var at = new StoneCompositionPoint[points];
        at[0] = committed;
        for (int j = 1; j < points; j++)
        {
            // Points 1 and 2 read p − 1 and 0 in every mask cell: the extremes of the kernels' lazy [0, 2p) bounds.
            var mask = new Felt[layout.Mask.Count];
            for (int i = 0; i < mask.Length; i++) mask[i] = j switch { 1 => Felt.Zero - Felt.One, 2 => Felt.Zero, _ => RandomFelt(random) };
            at[j] = new StoneCompositionPoint
            {
                Point = RandomFelt(random), TraceGenerator = committed.TraceGenerator, TraceLength = committed.TraceLength, MaskValues = mask,
                InteractionElements = committed.InteractionElements, ConstraintRandomElement = committed.ConstraintRandomElement,
                PublicInput = committed.PublicInput,
            };
        }

        var evaluator = new StoneProgramEvaluator(program, points);
        Assert.Equal(NativeLanes.IsSupported && points % NativeLanes.Lanes == 0, evaluator.RunsNative);
        for (int i = 0; i < program.Inputs.Length; i++)
        {
            StoneConstraintProgram.ProgramInput input = program.Inputs[i];
            Span<Felt> values = evaluator.Input(i);
            for (int j = 0; j < points; j++)
            {
                long n = at[j].TraceLength;
                values[j] = input.Kind switch
                {
                    StoneConstraintProgram.InputKind.Mask => at[j].MaskValues[input.MaskIndex],
                    StoneConstraintProgram.InputKind.PointPower => at[j].Point.Pow((ulong)(n / input.Period)),
                    StoneConstraintProgram.InputKind.PointPolynomial => input.Polynomial!.Evaluate(at[j].Point.Pow((ulong)(n / input.Period))),
                    _ => input.Column!.ValueAt(at[j].Point.Pow((ulong)(n / ((long)input.Step * input.Column.Values.Length))),
                        at[j].TraceGenerator.Pow((ulong)(n / input.Column.Values.Length))),
                };
            }
        }
        var batched = new Felt[points];
        evaluator.Run(batched);

        Assert.Equal(proof.CompositionFromColumns(layout), batched[0]);
        for (int j = 0; j < points; j++)
            Assert.True(layout.EvaluateComposition(at[j]) == batched[j], $"{layout.Name}: point {j} differs (seed {seed})");

        // The same inputs read in place from pinned tables, the slots cleared first (a kernel that ignored the tables
        // would read zeros); then a table of zeros named and a slot written after it, which must win.
        var tables = new Felt[program.Inputs.Length][];
        for (int i = 0; i < tables.Length; i++)
        {
            tables[i] = GC.AllocateArray<Felt>(points, pinned: true);
            evaluator.Input(i).CopyTo(tables[i]);
        }
        var zeros = GC.AllocateArray<Felt>(points, pinned: true);
        var inPlace = new Felt[points];
        unsafe
        {
            for (int i = 0; i < tables.Length; i++)
            {
                evaluator.Input(i).Clear();
                evaluator.ReadFrom(i, (Felt*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref tables[i][0]));
            }
            evaluator.Run(inPlace);
            Assert.Equal(batched, inPlace);
            for (int i = 0; i < tables.Length; i++)
            {
                evaluator.ReadFrom(i, (Felt*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref zeros[0]));
                tables[i].CopyTo(evaluator.Input(i));
            }
            evaluator.Run(inPlace);
            Assert.Equal(batched, inPlace);
        }
    }

    private static Felt RandomFelt(Random random) =>
        Felt.FromLimbsReduced((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64() >> 5);
}
