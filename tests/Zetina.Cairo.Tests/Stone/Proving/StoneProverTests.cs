using Zetina.Cairo.Run;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Proving;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving;

/// <summary>Proofs of a small test layout by <see cref="StoneProver"/> are accepted by <see cref="StoneVerifier"/>, and every part of them is bound.</summary>
public sealed class StoneProverTests
{
    private const int Steps = 64;

    /// <summary>Parameter sets covering both channels, both statement versions, a first FRI step of 0 and not, Poseidon Merkle layers.</summary>
    public static TheoryData<string> Cases => ["keccak-stone6", "keccak-stone5-step2", "poseidon-stone6", "blake-friendly-leaves"];

    private static (StoneProofParameters P, StoneStatementVersion V) Case(string name) => name switch
    {
        "keccak-stone6" => (Parameters("keccak256", "keccak256_masked160_lsb", "keccak256_masked160_lsb", 0, false, "keccak256", [0, 2, 1], 8), StoneStatementVersion.Stone6),
        "keccak-stone5-step2" => (Parameters("keccak256", "keccak256_masked160_msb", "keccak256_masked160_msb", 0, false, "keccak256", [2, 2], 4), StoneStatementVersion.Stone5),
        "poseidon-stone6" => (Parameters("poseidon3", "blake256_masked248_lsb", "poseidon3", 4, true, "blake256", [1, 3], 4), StoneStatementVersion.Stone6),
        "blake-friendly-leaves" => (Parameters("blake256", "blake256_masked248_lsb", "poseidon3", 20, false, "blake256", [0, 3, 1], 4), StoneStatementVersion.Stone6),
        _ => throw new ArgumentException(name),
    };

    private static StoneProofParameters Parameters(
        string channel, string commitment, string friendly, long friendlyLayers, bool friendlyUpdates, string pow, int[] steps, long lastLayer) => new()
    {
        ChannelHash = channel, CommitmentHash = commitment, VerifierFriendlyCommitmentHash = friendly,
        VerifierFriendlyLayers = friendlyLayers, HasVerifierFriendlyLayersField = true, VerifierFriendlyChannelUpdates = friendlyUpdates,
        PowHash = pow, PageHash = channel == "poseidon3" ? "pedersen" : "keccak256", LogNCosets = 2, FriStepList = steps, LastLayerDegreeBound = lastLayer,
        NQueries = 6, ProofOfWorkBits = 10,
    };

    private static (StoneProof Proof, StoneProofFile File) Prove(string name, ulong startNonce = 0)
    {
        (StoneProofParameters p, StoneStatementVersion v) = Case(name);
        AirPublicInput input = FibonacciTestLayout.Statement(Steps, 7);
        StoneProof proof = StoneProver.Prove(new FibonacciTestTrace(Steps, Felt.FromUInt64(7)), new FibonacciTestLayout(), p, input, v,
            new StoneProverOptions { StartNonce = startNonce });
        return (proof, File(proof.Proof, p, input));
    }

    private static StoneProofFile File(byte[] proof, StoneProofParameters p, AirPublicInput input) => new()
    {
        Proof = proof, Parameters = p, PublicInput = input, HasDynamicParams = false, Annotations = [],
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prove_TestLayout_VerifierAccepts(string name)
    {
        (_, StoneProofFile file) = Prove(name);
        StoneVerificationResult r = StoneVerifier.Verify(file, new FibonacciTestLayout());
        Assert.True(r.IsValid, $"{name}: {r.FailedCheck}: {r.Message}");
        Assert.Equal(Case(name).V, r.Version);
    }

    [Fact]
    public void Prove_SameInputs_SameBytes()
    {
        Assert.Equal(Prove("keccak-stone6").Proof.Proof, Prove("keccak-stone6").Proof.Proof);
    }

    [Fact]
    public void Prove_TraceViolatingAConstraint_Throws()
    {
        (StoneProofParameters p, StoneStatementVersion v) = Case("keccak-stone6");
        var trace = new FibonacciTestTrace(Steps, Felt.FromUInt64(7));
        trace.Main.Columns[1][Steps / 2] += Felt.One;
        Assert.Throws<InvalidOperationException>(() =>
            StoneProver.Prove(trace, new FibonacciTestLayout(), p, FibonacciTestLayout.Statement(Steps, 7), v));
    }

    /// <summary>The nonce is the smallest valid one at or above the start: starting at it changes nothing, starting past it finds a later one.</summary>
    [Fact]
    public void Prove_StartNonce_SmallestValidNonceAtOrAboveIt()
    {
        (StoneProof proof, _) = Prove("keccak-stone6");
        (string _, long at) = proof.Parts.Single(x => x.Part == "proof-of-work nonce");
        ulong nonce = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(proof.Proof.AsSpan((int)at, 8));
        Assert.Equal(proof.Proof, Prove("keccak-stone6", nonce).Proof.Proof);
        (StoneProof later, StoneProofFile laterFile) = Prove("keccak-stone6", nonce + 1);
        Assert.True(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(later.Proof.AsSpan((int)at, 8)) > nonce);
        Assert.True(StoneVerifier.Verify(laterFile, new FibonacciTestLayout()).IsValid);
    }

    /// <summary>Flipping the lowest bit of the first word of each part makes the verifier reject the proof.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Verify_OneFlippedBitInAnyPart_Rejected(string name)
    {
        (StoneProof proof, StoneProofFile file) = Prove(name);
        Assert.True(proof.Parts.Count >= 10, $"{proof.Parts.Count} parts");
        foreach ((string part, long offset) in proof.Parts)
        {
            long next = proof.Parts.Where(x => x.Offset > offset).Select(x => x.Offset).DefaultIfEmpty(proof.Proof.Length).Min();
            if (next == offset) continue;
            byte[] tampered = (byte[])proof.Proof.Clone();
            long word = Math.Min(offset + 31, next - 1);
            tampered[word] ^= 1;
            StoneVerificationResult r = StoneVerifier.Verify(File(tampered, file.Parameters, file.PublicInput), new FibonacciTestLayout());
            Assert.False(r.IsValid, $"{name}: a flip in '{part}' at byte {word} was accepted");
        }
    }

    [Fact]
    public void Verify_DifferentStatement_Rejected()
    {
        (_, StoneProofFile file) = Prove("keccak-stone6");
        StoneProofFile other = File(file.Proof, file.Parameters, FibonacciTestLayout.Statement(Steps, 8));
        Assert.False(StoneVerifier.Verify(other, new FibonacciTestLayout()).IsValid);
    }
}
