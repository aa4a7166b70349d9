using System.Text.Json;
using Zetina.Cairo.Stone.Proving;

namespace Zetina.Cairo.Tests.Stone.Proving;

/// <summary>The proof file writer reproduces Stone's proof files byte for byte from their inputs.</summary>
public sealed class StoneProofJsonTests
{
    public static TheoryData<string> Cases =>
    [
        "c1_dipdup_fibonacci_small", "c1_dipdup_hash_pedersen_recursive_large_output",
        "c1_dipdup_hash_poseidon_recursive_with_poseidon", "c1_dipdup_ecdsa_starknet",
    ];

    /// <summary>From the case's parameter, configuration and input files and the proof's bytes, the whole proof.json.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Write_CaseInputs_StoneProofFileExactly(string name)
    {
        string expected = TestData.ReadText(name, "proof.json");
        using JsonDocument doc = JsonDocument.Parse(expected);
        byte[] proof = Convert.FromHexString(doc.RootElement.GetProperty("proof_hex").GetString()![2..]);
        string written = StoneProofJson.Write(proof, TestData.Read(name, "cpu_air_params.json"), TestData.Read(name, "cpu_air_prover_config.json"),
            TestData.Read(name, "air_public_input.json"), TestData.Read(name, "air_private_input.json"));
        Assert.Equal(expected.Length, written.Length);
        Assert.Equal(expected, written);
    }

    [Fact]
    public void Write_ParametersNotJson_NamesTheFile()
    {
        var e = Assert.Throws<Zetina.Cairo.Stone.StoneFormatException>(() => StoneProofJson.Write([1], "{"u8, "{}"u8, "{}"u8, "{}"u8));
        Assert.Contains("parameter file", e.Message);
    }
}
