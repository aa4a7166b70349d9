using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Layouts;

/// <summary>
/// Each layout's composition at the out-of-domain point, from the mask values a real Stone proof opened, must equal
/// the composition the prover committed (its columns' opened values): one wrong constraint, domain, periodic column
/// or public-memory term breaks the equality.
/// </summary>
public sealed class StoneLayoutCompositionTests
{
    public static TheoryData<string, string> Proofs => new()
    {
        { "proofs_integrity_fibonacci_layouts", "recursive__cairo0_stone6_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "recursive__cairo0_stone6_blake2s_248_lsb_proof.json" },
        { "proof_stonecli_fibonacci_recursive_builtins", "proof_stone5_keccak160lsb.json" },
        { "c0_fibonacci_hint_recursive", "proof_stone5_keccak160lsb.json" },
        { "proofs_integrity_fibonacci_layouts", "small__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "small__cairo1_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "dex__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "recursive_with_poseidon__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "starknet__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "starknet_with_keccak__cairo0_stone5_keccak_160_lsb_proof.json" },
    };

    [Theory]
    [MemberData(nameof(Proofs))]
    public void Composition_from_the_mask_equals_the_committed_composition(string caseName, string file)
    {
        AnnotatedProof proof = AnnotatedProof.Read(caseName, file);
        IStoneLayout layout = StoneLayoutTable.Find(proof.PublicInput.Layout)!;
        Assert.NotNull(layout);
        Assert.Equal(layout.InteractionElementCount, proof.InteractionElements.Length);
        Assert.Null(layout.CheckPublicInput(proof.PublicInput));

        Felt evaluated = layout.EvaluateComposition(proof.At(layout));

        Assert.Equal(proof.CompositionFromColumns(layout), evaluated);
    }

    /// <remarks>
    /// At a proof's own mask values a cell can be multiplied by a column that is 0 everywhere (an unused builtin's
    /// helper column), so the check runs at pseudo-random mask values, where every cell the layout opens must count.
    /// </remarks>
    [Theory]
    [MemberData(nameof(Proofs))]
    public void Every_mask_value_counts(string caseName, string file)
    {
        AnnotatedProof proof = AnnotatedProof.Read(caseName, file);
        IStoneLayout layout = StoneLayoutTable.Find(proof.PublicInput.Layout)!;
        var random = new Random(7);
        Felt[] baseline = new Felt[layout.Mask.Count];
        for (int i = 0; i < baseline.Length; i++) baseline[i] = Felt.FromLimbsReduced((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64() >> 5);
        Felt expected = layout.EvaluateComposition(proof.At(layout, baseline));
        for (int i = 0; i < layout.Mask.Count; i++)
        {
            Felt[] mask = (Felt[])baseline.Clone();
            mask[i] += Felt.One;
            Assert.True(expected != layout.EvaluateComposition(proof.At(layout, mask)),
                $"mask value {i} (column {layout.Mask[i].Column}, row {layout.Mask[i].RowOffset}) does not enter the composition");
        }
    }

    [Theory]
    [MemberData(nameof(Proofs))]
    public void Every_public_memory_cell_and_bound_counts(string caseName, string file)
    {
        AnnotatedProof proof = AnnotatedProof.Read(caseName, file);
        IStoneLayout layout = StoneLayoutTable.Find(proof.PublicInput.Layout)!;
        Felt committed = proof.CompositionFromColumns(layout);
        var input = proof.PublicInput;
        for (int i = 0; i < input.PublicMemory.Count; i++)
        {
            var memory = input.PublicMemory.ToArray();
            memory[i] = memory[i] with { Value = memory[i].Value + Felt.One };
            var changed = new Zetina.Cairo.Run.AirPublicInput
            {
                Layout = input.Layout, RcMin = input.RcMin, RcMax = input.RcMax, NSteps = input.NSteps,
                MemorySegments = input.MemorySegments, PublicMemory = memory,
            };
            Assert.True(committed != layout.EvaluateComposition(proof.At(layout, publicInput: changed)), $"public memory cell {i} does not count");
        }
        var wider = new Zetina.Cairo.Run.AirPublicInput
        {
            Layout = input.Layout, RcMin = input.RcMin, RcMax = input.RcMax + 1, NSteps = input.NSteps,
            MemorySegments = input.MemorySegments, PublicMemory = input.PublicMemory,
        };
        Assert.True(committed != layout.EvaluateComposition(proof.At(layout, publicInput: wider)), "rc_max does not count");
    }

    [Theory]
    [MemberData(nameof(Proofs))]
    public void Every_interaction_element_and_the_random_element_count(string caseName, string file)
    {
        AnnotatedProof proof = AnnotatedProof.Read(caseName, file);
        IStoneLayout layout = StoneLayoutTable.Find(proof.PublicInput.Layout)!;
        Felt committed = proof.CompositionFromColumns(layout);
        StoneCompositionPoint at = proof.At(layout);
        for (int i = 0; i < at.InteractionElements.Length; i++)
        {
            Felt[] elements = (Felt[])at.InteractionElements.Clone();
            elements[i] += Felt.One;
            var changed = new StoneCompositionPoint
            {
                Point = at.Point, TraceGenerator = at.TraceGenerator, TraceLength = at.TraceLength, MaskValues = at.MaskValues,
                InteractionElements = elements, ConstraintRandomElement = at.ConstraintRandomElement, PublicInput = at.PublicInput,
            };
            Assert.True(committed != layout.EvaluateComposition(changed), $"interaction element {i} does not count");
        }
        var otherAlpha = new StoneCompositionPoint
        {
            Point = at.Point, TraceGenerator = at.TraceGenerator, TraceLength = at.TraceLength, MaskValues = at.MaskValues,
            InteractionElements = at.InteractionElements, ConstraintRandomElement = at.ConstraintRandomElement + Felt.One, PublicInput = at.PublicInput,
        };
        Assert.True(committed != layout.EvaluateComposition(otherAlpha));
    }
}
