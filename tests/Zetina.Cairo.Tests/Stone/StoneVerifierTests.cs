using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;

namespace Zetina.Cairo.Tests.Stone;

/// <summary>End-to-end verification of the shared Stone proofs whose layout is implemented, and rejection of single changes.</summary>
public sealed class StoneVerifierTests
{
    /// <summary>Every shared Stone proof of a layout in the layout table.</summary>
    public static TheoryData<string, string> TableLayoutProofs => new()
    {
        { "proofs_integrity_fibonacci_layouts", "small__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "small__cairo1_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "dex__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "recursive__cairo0_stone6_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "recursive__cairo0_stone6_blake2s_248_lsb_proof.json" },
        { "proof_stonecli_fibonacci_recursive_builtins", "proof_stone5_keccak160lsb.json" },
        { "c0_fibonacci_hint_recursive", "proof_stone5_keccak160lsb.json" },
        { "proofs_integrity_fibonacci_layouts", "recursive_with_poseidon__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "starknet__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "starknet_with_keccak__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "c1_dipdup_fibonacci_small", "proof.json" },
        { "c1_dipdup_hash_pedersen_recursive_large_output", "proof.json" },
        { "c1_dipdup_hash_poseidon_recursive_with_poseidon", "proof.json" },
        { "c1_dipdup_ecdsa_starknet", "proof.json" },
    };

    [Theory]
    [MemberData(nameof(TableLayoutProofs))]
    public void Proofs_of_implemented_layouts_verify(string dir, string name)
    {
        StoneVerificationResult r = StoneVerifier.Verify(TestData.Read(dir, name), StoneLayoutTable.Find);
        Assert.True(r.IsValid, r.ToString());
        // The fact follows Integrity's Cairo 0 statement (program up to the initial fp − 2); Cairo 1 runs differ.
        if (!name.Contains("cairo1", StringComparison.Ordinal) && !dir.StartsWith("c1_", StringComparison.Ordinal)) Assert.NotNull(r.Fact);
    }

    /// <summary>
    /// Proofs on the keccak256 byte channel with byte-hash (keccak256_masked160_msb) Merkle leaves and a first FRI
    /// step of 4 (Stone v3's defaults; made with Stone v3's prover from the cases' traces).
    /// </summary>
    public static TheoryData<string, int> ByteChannelProofs => new()
    {
        { "c1_dipdup_fibonacci_small", 3 },
        { "c1_dipdup_hash_pedersen_recursive_large_output", 3 },
        { "c1_dipdup_hash_poseidon_recursive_with_poseidon", 3 },
        { "c1_dipdup_ecdsa_starknet", 3 },
    };

    [Theory]
    [MemberData(nameof(ByteChannelProofs))]
    public void Byte_channel_proofs_are_stone6_and_bind_their_words(string dir, int commitmentsBeforeOods)
    {
        byte[] json = TestData.Read(dir, "proof.json");
        StoneProofFile file = StoneProofFile.Parse(json);
        Assert.Equal("keccak256", file.Parameters.ChannelHash);
        Assert.Equal("keccak256_masked160_msb", file.Parameters.CommitmentHash);
        StoneVerificationResult ok = StoneVerifier.Verify(json, StoneLayoutTable.Find);
        Assert.True(ok.IsValid, ok.ToString());
        Assert.Equal(StoneStatementVersion.Stone6, ok.Version);

        // The lowest bit of the first OODS value (a Montgomery form; flipping it keeps it below p).
        Assert.Equal(StoneCheck.OutOfDomainSampling, FlipBit(json, 32 * commitmentsBeforeOods + 31).FailedCheck);
        // The last byte of the proof: an authentication node or a FRI value.
        Assert.False(FlipBit(json, file.Proof.Length - 1).IsValid);
    }

    /// <summary>
    /// The bootloader proof of <c>c0_bootloader_program_fibonacci_starknet_with_keccak</c> predates Stone v2's
    /// starknet_with_keccak AIR: it opens 732 mask cells where Stone v2 and v3 open 734, so Stone v3's own verifier
    /// reads a FRI commitment as the 735th OODS value and refuses it (docs/stone.md). It must not verify.
    /// </summary>
    [Fact]
    public void A_proof_of_an_earlier_starknet_with_keccak_air_is_refused()
    {
        StoneVerificationResult r = StoneVerifier.Verify(
            TestData.Read("c0_bootloader_program_fibonacci_starknet_with_keccak", "proof.json"), StoneLayoutTable.Find);
        Assert.False(r.IsValid);
        // Read as Stone v3 reads it, the 735th OODS value is the first FRI commitment, which is not below p.
        Assert.Contains("not below p", r.Message, StringComparison.Ordinal);
    }

    private static StoneVerificationResult FlipBit(byte[] json, int proofByte)
    {
        var o = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        string hex = o["proof_hex"]!.GetValue<string>();
        int at = 2 + 2 * proofByte + 1;
        char flipped = Convert.ToString(Convert.ToInt32(hex[at].ToString(), 16) ^ 1, 16)[0];
        o["proof_hex"] = hex[..at] + flipped + hex[(at + 1)..];
        return StoneVerifier.Verify(System.Text.Encoding.UTF8.GetBytes(o.ToJsonString()), StoneLayoutTable.Find);
    }
}
