using System.Text;
using Zetina.Cairo.Stone;

namespace Zetina.Cairo.Tests.Stone;

/// <summary>
/// <see cref="StoneProofFile.LooksLikeStone"/>, which picks the verifier for <c>zetina verify</c>: a top-level
/// <c>proof_hex</c> member makes a Stone proof; anything else (a native proof, other JSON, not JSON) does not.
/// </summary>
public class StoneProofDetectionTests
{
    [Theory]
    [InlineData("c0_bootloader_program_fibonacci_starknet_with_keccak", "proof.json")]
    [InlineData("proofs_integrity_fibonacci_layouts", "small__cairo0_stone5_keccak_160_lsb_proof.json")]
    public void SharedStoneProofs_AreStone(string caseName, string file) =>
        Assert.True(StoneProofFile.LooksLikeStone(TestData.Read(caseName, file)));

    [Theory]
    [InlineData("""{"version": 3, "stark_proof": "00ff", "public_input": {"proof_hex": "0x1"}}""")] // nested, not top level
    [InlineData("""{"proof_hex_extra": "0x1"}""")]
    [InlineData("""[{"proof_hex": "0x1"}]""")]
    [InlineData("""{"a": [1, {"b": "c"}], "d": """)] // truncated before any proof_hex
    [InlineData("not json")]
    [InlineData("")]
    public void OtherDocuments_AreNotStone(string text) =>
        Assert.False(StoneProofFile.LooksLikeStone(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void ProofHex_AfterOtherMembers_IsFound() =>
        Assert.True(StoneProofFile.LooksLikeStone("""{"annotations": ["x", "y"], "proof_parameters": {"stark": {"fri": {}}}, "proof_hex": "0x00"}"""u8));
}
