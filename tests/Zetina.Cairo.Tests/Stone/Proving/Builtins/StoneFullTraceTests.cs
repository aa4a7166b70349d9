using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Trace;
using Zetina.Cairo.Tests.Stone.Proving.Trace;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

/// <summary>
/// The whole trace — the builder's cells and the builtins' — against the trace Stone committed to in each shared proof
/// with trace, memory and inputs: every mask value of every column, original and interaction, at the proof's
/// out-of-domain point, and the layout's full constraints on the first, middle and last rows.
/// </summary>
public sealed class StoneFullTraceTests
{
    public static TheoryData<string, string, string> SharedProofs => new()
    {
        { "c1_dipdup_fibonacci_small", "proof.json", "small" },
        { "c0_fibonacci_hint_recursive", "proof_stone5_keccak160lsb.json", "recursive" },
        { "c1_dipdup_hash_pedersen_recursive_large_output", "proof.json", "recursive_large_output" },
        { "c1_dipdup_hash_poseidon_recursive_with_poseidon", "proof.json", "recursive_with_poseidon" },
        { "c1_dipdup_ecdsa_starknet", "proof.json", "starknet" },
    };

    [Theory]
    [MemberData(nameof(SharedProofs))]
    public void Every_column_matches_the_shared_proofs_mask_values(string dir, string proof, string layoutName)
    {
        var layout = (StoneCairoLayout)StoneLayoutTable.Find(layoutName)!;
        string d = TestData.Dir(dir);
        CairoRun run = CairoRun.FromFiles(Path.Combine(d, "trace.bin"), Path.Combine(d, "memory.bin"), Path.Combine(d, "air_public_input.json"))
            with { EcdsaSignatures = AirPrivateInput.Read(Path.Combine(d, "air_private_input.json")).EcdsaSignatures };
        StoneOodsReference stone = StoneOodsReference.Load(dir, proof, layout);
        StoneTraceBuilder trace = StoneTraceBuilder.Build(layout, run);
        StoneTraceTable interaction = trace.BuildInteraction(stone.InteractionElements);

        bool[] match = stone.Compare(layout, trace.Main, interaction, [.. Enumerable.Range(0, layout.TraceColumns + layout.InteractionColumns)]);
        var wrong = layout.Mask.Select((m, i) => (m, i)).Where(x => !match[x.i]).Select(x => $"column {x.m.Column} row {x.m.RowOffset}").ToList();
        Assert.True(wrong.Count == 0, "mask values that differ from Stone's: " + string.Join(", ", wrong));

        long n = trace.Main.Rows;
        foreach (long first in new[] { 0, n / 2, n - 1024 })
            Assert.Null(StoneTraceChecker.FirstViolation(layout, trace.Main, interaction, stone.InteractionElements, run.PublicInput, first, 1024));
    }
}
