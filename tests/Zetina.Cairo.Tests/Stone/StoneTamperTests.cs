using System.Text.Json.Nodes;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;

namespace Zetina.Cairo.Tests.Stone;

/// <summary>Each single change to a valid Stone proof is rejected, and the result names the first check Stone's verifier would fail.</summary>
public sealed class StoneTamperTests
{
    private const string Dir = "proofs_integrity_fibonacci_layouts";
    private const string Name = "recursive__cairo0_stone6_keccak_160_lsb_proof.json";

    private static JsonObject Load() => JsonNode.Parse(TestData.Read(Dir, Name))!.AsObject();

    private static StoneVerificationResult Verify(JsonObject o) =>
        StoneVerifier.Verify(System.Text.Encoding.UTF8.GetBytes(o.ToJsonString()), StoneLayoutTable.Find);

    /// <summary>Flips the lowest bit of proof word <paramref name="word"/> (its value stays below p).</summary>
    private static StoneVerificationResult FlipWord(int word)
    {
        JsonObject o = Load();
        string hex = o["proof_hex"]!.GetValue<string>();
        int at = 2 + 2 * (32 * word + 31) + 1;
        char c = hex[at];
        char flipped = Convert.ToString(Convert.ToInt32(c.ToString(), 16) ^ 1, 16)[0];
        o["proof_hex"] = hex[..at] + flipped + hex[(at + 1)..];
        return Verify(o);
    }

    /// <summary>Word offsets in this proof (annotations: [0:32] trace, [96:4416] OODS, [4416:4544] FRI commitments,
    /// [4544:8640] last layer, [8640:8672] nonce, then the decommitments; FRI layer 1 values start at byte 44288).</summary>
    [Theory]
    [InlineData(0, nameof(StoneCheck.OutOfDomainSampling))]      // trace commitment: every later draw changes
    [InlineData(1, nameof(StoneCheck.OutOfDomainSampling))]      // interaction commitment
    [InlineData(2, nameof(StoneCheck.OutOfDomainSampling))]      // composition commitment
    [InlineData(3 + 10, nameof(StoneCheck.OutOfDomainSampling))] // an OODS mask value
    [InlineData(3 + 134, nameof(StoneCheck.OutOfDomainSampling))] // an OODS composition value
    [InlineData(4416 / 32 + 1, nameof(StoneCheck.ProofOfWork))]  // a FRI layer commitment: drawn after the OODS check
    [InlineData(4544 / 32 + 7, nameof(StoneCheck.ProofOfWork))]  // a last-layer coefficient
    [InlineData(8640 / 32, nameof(StoneCheck.ProofOfWork))]      // the nonce
    [InlineData(8672 / 32 + 1, nameof(StoneCheck.TraceDecommitment))] // an opened trace value
    [InlineData(12704 / 32, nameof(StoneCheck.TraceDecommitment))]    // a trace authentication node
    [InlineData(44288 / 32, nameof(StoneCheck.FriLayerDecommitment))] // a FRI layer 1 value
    public void One_flipped_word_is_rejected_by_name(int word, string expected)
    {
        StoneVerificationResult r = FlipWord(word);
        Assert.Equal(Enum.Parse<StoneCheck>(expected), r.FailedCheck);
        Assert.False(string.IsNullOrEmpty(r.Message));
    }

    [Fact]
    public void The_last_word_is_rejected() => Assert.False(FlipWord(Load()["proof_hex"]!.GetValue<string>().Length / 64 - 1).IsValid);

    [Fact]
    public void A_public_memory_value_is_bound()
    {
        JsonObject o = Load();
        JsonObject cell = o["public_input"]!["public_memory"]![5]!.AsObject();
        cell["value"] = "0x1234";
        Assert.Equal(StoneCheck.OutOfDomainSampling, Verify(o).FailedCheck);
    }

    [Fact]
    public void N_steps_is_bound()
    {
        JsonObject o = Load();
        o["public_input"]!["n_steps"] = 32768;
        Assert.NotEqual(StoneCheck.None, Verify(o).FailedCheck);
    }

    [Fact]
    public void A_segment_bound_is_bound()
    {
        JsonObject o = Load();
        o["public_input"]!["memory_segments"]!["output"]!["stop_ptr"] = 50055;
        StoneVerificationResult r = Verify(o);
        Assert.False(r.IsValid);
        Assert.True(r.FailedCheck is StoneCheck.PublicInput or StoneCheck.OutOfDomainSampling, r.ToString());
    }

    [Fact]
    public void A_changed_parameter_is_rejected()
    {
        JsonObject o = Load();
        o["proof_parameters"]!["stark"]!["fri"]!["n_queries"] = 17;
        Assert.False(Verify(o).IsValid);
    }

    [Fact]
    public void A_truncated_proof_is_rejected_as_too_short()
    {
        JsonObject o = Load();
        string hex = o["proof_hex"]!.GetValue<string>();
        o["proof_hex"] = hex[..(hex.Length - 64)];
        Assert.Equal(StoneCheck.ProofTooShort, Verify(o).FailedCheck);
    }

    [Fact]
    public void A_truncated_file_is_rejected_as_unreadable()
    {
        byte[] bytes = TestData.Read(Dir, Name);
        StoneVerificationResult r = StoneVerifier.Verify(bytes[..(bytes.Length / 2)], StoneLayoutTable.Find);
        Assert.Equal(StoneCheck.File, r.FailedCheck);
    }

    [Fact]
    public void An_unsupported_hash_is_refused_by_name()
    {
        JsonObject o = Load();
        o["proof_parameters"]!["commitment_hash"] = "foo";
        StoneVerificationResult r = Verify(o);
        Assert.Equal(StoneCheck.File, r.FailedCheck);
        Assert.Contains("commitment_hash 'foo' is not supported; supported: keccak256_masked160_lsb", r.Message);
    }
}
