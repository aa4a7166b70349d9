using System.Numerics;
using Zetina.Cairo.Stone;
using Zetina.Stark.Channel;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone;

/// <summary>The channel replay against the transcript Stone wrote into each shared proof's annotations.</summary>
public sealed class StoneTranscriptTests
{
    /// <summary>Every shared Stone proof that carries annotations: (case folder, file).</summary>
    public static TheoryData<string, string> AnnotatedProofs => new()
    {
        { "proofs_integrity_fibonacci_layouts", "recursive__cairo0_stone6_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "recursive__cairo0_stone6_blake2s_248_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "dex__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "recursive_with_poseidon__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "small__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "small__cairo1_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "starknet__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proofs_integrity_fibonacci_layouts", "starknet_with_keccak__cairo0_stone5_keccak_160_lsb_proof.json" },
        { "proof_stonecli_fibonacci_recursive_builtins", "proof_stone5_keccak160lsb.json" },
        { "c0_fibonacci_hint_recursive", "proof_stone5_keccak160lsb.json" },
    };

    internal static (StoneProofFile File, StoneAnnotations Annotations, ShapeOnlyLayout Layout) Load(string dir, string name)
    {
        StoneProofFile file = StoneProofFile.Parse(TestData.Read(dir, name));
        StoneAnnotations a = StoneAnnotations.Parse(file.Annotations);
        long traceLength = file.Parameters.LastLayerDegreeBound << file.Parameters.FriStepList.Sum();
        return (file, a, ShapeOnlyLayout.FromAnnotations(a, file.PublicInput.Layout, file.PublicInput.NSteps, traceLength));
    }

    [Theory]
    [MemberData(nameof(AnnotatedProofs))]
    public void Replay_matches_annotations(string dir, string name)
    {
        (StoneProofFile file, StoneAnnotations a, ShapeOnlyLayout layout) = Load(dir, name);
        StoneStatementVersion version = name.Contains("stone6", StringComparison.Ordinal) ? StoneStatementVersion.Stone6 : StoneStatementVersion.Stone5;
        byte[] seed = StoneStatementSeed.Build(file.PublicInput, layout, file.Parameters, version);
        IStoneChannel channel = StoneStatementSeed.TryOpenChannel(seed, file.Parameters)!;
        int logTrace = BitOperations.Log2((ulong)(file.Parameters.LastLayerDegreeBound << file.Parameters.FriStepList.Sum()));
        var domains = new StoneDomains(logTrace, logTrace + file.Parameters.LogNCosets);
        StoneTranscript? t = StoneTranscript.TryReplay(channel, new StoneProofReader(file.Proof), layout, file.Parameters, domains, out string error);
        Assert.True(t is not null, error);

        Assert.Equal(a.TraceCommitment, Big(t.TraceCommitment));
        Assert.Equal(a.InteractionElements, t.InteractionElements.Select(Big));
        Assert.Equal(a.InteractionCommitment, t.InteractionCommitment is null ? null : Big(t.InteractionCommitment));
        Assert.Equal(a.CompositionAlpha, Big(t.CompositionAlpha));
        Assert.Equal(a.CompositionCommitment, Big(t.CompositionCommitment));
        Assert.Equal(a.OodsPoint, Big(t.OodsPoint));
        Assert.Equal(a.OodsValues, t.OodsValues.Select(Big));
        Assert.Equal(a.OodsAlpha, Big(t.OodsAlpha));
        Assert.Equal(a.FriCommitments, t.FriCommitments.Select(Big));
        Assert.Equal(a.FriEvalPoints, (t.FirstFriEvalPoint is { } f ? [f] : Array.Empty<Felt>()).Concat(t.FriEvalPoints).Select(Big));
        Assert.Equal(a.LastLayer, t.LastLayerCoefficients.Select(Big));
        Assert.Equal(a.PowNonce, Big(t.ProofOfWorkNonce));
        Assert.True(t.ProofOfWorkHolds);
        Assert.Equal(a.Queries.Order(), t.QueryIndices);
    }

    [Theory]
    [MemberData(nameof(AnnotatedProofs))]
    public void Traces_open_at_the_queries_and_the_version_is_found(string dir, string name)
    {
        (StoneProofFile file, _, ShapeOnlyLayout layout) = Load(dir, name);
        layout.ClaimedComposition = ClaimedComposition(file, layout);
        StoneVerificationResult r = StoneVerifier.Verify(file, layout);
        // The shape-only layout cannot compute the DEEP values, so verification must stop at the first FRI layer;
        // everything before it — seed, proof of work, three trace openings — has to hold.
        Assert.Equal(StoneCheck.FriLayerDecommitment, r.FailedCheck);
        Assert.Equal(name.Contains("stone6", StringComparison.Ordinal) ? StoneStatementVersion.Stone6 : StoneStatementVersion.Stone5, r.Version);
        Assert.Equal(file.Parameters.NQueries * file.Parameters.LogNCosets + file.Parameters.ProofOfWorkBits, r.SecurityBits);
    }

    /// <summary>The composition columns' values at z as the proof states them (after the mask values).</summary>
    internal static Felt[] ClaimedComposition(StoneProofFile file, ShapeOnlyLayout layout)
    {
        int start = 32 * (2 + (layout.InteractionColumns > 0 ? 1 : 0) + layout.Mask.Count);
        return Enumerable.Range(0, layout.ConstraintDegree)
            .Select(i => Felt.FromBytesBigEndian(file.Proof.AsSpan(start + 32 * i, 32))).ToArray();
    }

    private static BigInteger Big(Felt f) => f.ToBigInteger();

    private static BigInteger Big(byte[] b) => new(b, isUnsigned: true, isBigEndian: true);
}
