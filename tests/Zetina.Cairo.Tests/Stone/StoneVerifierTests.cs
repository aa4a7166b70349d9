using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;

namespace Zetina.Cairo.Tests.Stone;

/// <summary>End-to-end verification of the shared Stone proofs whose layout is implemented, and rejection of single changes.</summary>
public sealed class StoneVerifierTests
{
    /// <summary>Shared proofs of the layouts in the layout table (recursive, small, dex).</summary>
    public static TheoryData<string, string> TableLayoutProofs => new()
    {
        { "proofs_integrity_fibonacci_layouts", "small__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "small__cairo1_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "dex__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "recursive__cairo0_stone6_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "recursive__cairo0_stone6_blake2s_248_lsb_proof.json" },
        { "proof_stonecli_fibonacci_recursive_builtins", "proof_stone5_keccak160lsb.json" },
        { "c0_fibonacci_hint_recursive", "proof_stone5_keccak160lsb.json" },
    };

    [Theory]
    [MemberData(nameof(TableLayoutProofs))]
    public void Proofs_of_implemented_layouts_verify(string dir, string name)
    {
        StoneVerificationResult r = StoneVerifier.Verify(TestData.Read(dir, name), StoneLayoutTable.Find);
        Assert.True(r.IsValid, r.ToString());
        // The fact follows Integrity's Cairo 0 statement (program up to the initial fp − 2); Cairo 1 runs differ.
        if (!name.Contains("cairo1", StringComparison.Ordinal)) Assert.NotNull(r.Fact);
    }
}
