using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// The multi-proofs of a valid proof (each table's and each FRI layer's) with a node added, dropped or two swapped,
/// and FRI openings with a value added or dropped: every one is rejected with its own named reason. The proof uses a
/// leading FRI step of 0 (one row per table leaf, the DEEP layer committed) and 192-bit digests, the shape the size
/// preset makes.
/// </summary>
public class MultiProofTamperTests
{
    private static readonly Lazy<(PermutationAir Air, StarkProof Proof)> s_valid = new(() =>
    {
        var (air, trace) = StarkTestKit.Permutation(64);
        return (air, StarkTestKit.Prove(air, trace, StarkTestKit.Small(6, "keccak256_masked192_msb", steps: [0, 2, 2], lastBound: 4)));
    });

    /// <summary>The proof's opening parts by name, each with a way to put a changed opening back.</summary>
    public static TheoryData<string> Parts()
    {
        var data = new TheoryData<string>();
        foreach (string name in PartNames(s_valid.Value.Proof)) data.Add(name);
        return data;
    }

    private static IEnumerable<string> PartNames(StarkProof p)
    {
        yield return "main";
        yield return "interaction";
        yield return "composition";
        for (int l = 0; l < p.FriOpenings.Length; l++) yield return $"fri{l + 1}";
    }

    private static byte[][] Nodes(StarkProof p, string part) => part switch
    {
        "main" => p.MainOpening.Siblings,
        "interaction" => p.AuxOpening!.Siblings,
        "composition" => p.CompositionOpening.Siblings,
        _ => p.FriOpenings[int.Parse(part[3..], System.Globalization.CultureInfo.InvariantCulture) - 1].Siblings,
    };

    private static StarkProof WithNodes(StarkProof p, string part, byte[][] nodes)
    {
        switch (part)
        {
            case "main": return p with { MainOpening = p.MainOpening with { Siblings = nodes } };
            case "interaction": return p with { AuxOpening = p.AuxOpening! with { Siblings = nodes } };
            case "composition": return p with { CompositionOpening = p.CompositionOpening with { Siblings = nodes } };
            default:
                int l = int.Parse(part[3..], System.Globalization.CultureInfo.InvariantCulture) - 1;
                var layers = (FriLayerOpening[])p.FriOpenings.Clone();
                layers[l] = layers[l] with { Siblings = nodes };
                return p with { FriOpenings = layers };
        }
    }

    private static VerifyResult Check(StarkProof p) => StarkVerifier.Verify(s_valid.Value.Air, p, 0);

    [Fact]
    public void Valid_ProofWithLeadingZeroStep_AcceptedAndEveryPartHasNodes()
    {
        StarkProof p = s_valid.Value.Proof;
        Assert.True(Check(p).IsValid, Check(p).Message);
        Assert.Equal(2, p.FriOpenings.Length);
        foreach (string part in PartNames(p)) Assert.NotEmpty(Nodes(p, part));
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void MultiProof_ExtraNodeAtEnd_RejectedAsExtra(string part)
    {
        StarkProof p = s_valid.Value.Proof;
        byte[][] nodes = Nodes(p, part);
        VerifyResult r = Check(WithNodes(p, part, [.. nodes, nodes[0]]));
        Assert.Equal(VerifyError.MerkleNodesExtra, r.Error);
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void MultiProof_LastNodeDropped_RejectedAsMissing(string part)
    {
        StarkProof p = s_valid.Value.Proof;
        VerifyResult r = Check(WithNodes(p, part, Nodes(p, part)[..^1]));
        Assert.Equal(VerifyError.MerkleNodesMissing, r.Error);
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void MultiProof_NodeInsertedAtStart_RejectedByRoot(string part)
    {
        // One node more at the front shifts every node after it: the root no longer matches, and the spare node at
        // the end is named only if the root check is never reached — the walk consumes in order, so the first
        // failure is the leftover count or the root; both are rejections of the multi-proof.
        StarkProof p = s_valid.Value.Proof;
        byte[][] nodes = Nodes(p, part);
        VerifyResult r = Check(WithNodes(p, part, [nodes[^1], .. nodes]));
        Assert.Contains(r.Error, new[] { VerifyError.MerkleNodesExtra, VerifyError.MerkleMismatch });
    }

    [Theory]
    [MemberData(nameof(Parts))]
    public void MultiProof_TwoNodesSwapped_RejectedAsRootMismatch(string part)
    {
        StarkProof p = s_valid.Value.Proof;
        byte[][] nodes = (byte[][])Nodes(p, part).Clone();
        if (nodes.Length < 2) return;
        (nodes[0], nodes[^1]) = (nodes[^1], nodes[0]);
        Assert.Equal(VerifyError.MerkleMismatch, Check(WithNodes(p, part, nodes)).Error);
    }

    [Fact]
    public void FriOpening_ValueAddedOrDropped_RejectedAsShape()
    {
        StarkProof p = s_valid.Value.Proof;
        for (int l = 0; l < p.FriOpenings.Length; l++)
        {
            FriLayerOpening o = p.FriOpenings[l];
            var more = (FriLayerOpening[])p.FriOpenings.Clone();
            more[l] = o with { Values = [.. o.Values, Felt.One] };
            VerifyResult r = Check(p with { FriOpenings = more });
            Assert.Equal(VerifyError.ShapeMismatch, r.Error);
            Assert.Contains($"FRI layer {l + 1}: expected", r.Message);
            var fewer = (FriLayerOpening[])p.FriOpenings.Clone();
            fewer[l] = o with { Values = o.Values[..^1] };
            Assert.Equal(VerifyError.ShapeMismatch, Check(p with { FriOpenings = fewer }).Error);
        }
    }

    [Fact]
    public void TableOpening_RowAddedOrDropped_RejectedAsShape()
    {
        StarkProof p = s_valid.Value.Proof;
        Assert.Equal(VerifyError.ShapeMismatch, Check(p with { MainOpening = p.MainOpening with { Values = [.. p.MainOpening.Values, Felt.One] } }).Error);
        Assert.Equal(VerifyError.ShapeMismatch, Check(p with { AuxOpening = p.AuxOpening! with { Values = p.AuxOpening.Values[..^1] } }).Error);
    }

    [Fact]
    public void Serialized_Masked192Digests_Take24BytesAndRoundTrip()
    {
        StarkProof p = s_valid.Value.Proof;
        byte[] bytes = ProofSerializer.Write(p);
        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? back, out _, out string? message), message);
        Assert.Equal(bytes, ProofSerializer.Write(back!));
        Assert.True(StarkVerifier.Verify(s_valid.Value.Air, bytes, 0).IsValid);
        var wide = p with { Parameters = p.Parameters with { Hash = "keccak256" } };
        int nodes = 3 + p.FriRoots.Length + p.MainOpening.Siblings.Length + p.AuxOpening!.Siblings.Length + p.CompositionOpening.Siblings.Length;
        foreach (FriLayerOpening o in p.FriOpenings) nodes += o.Siblings.Length;
        int nameDelta = "keccak256_masked192_msb".Length - "keccak256".Length;
        Assert.Equal(nodes * 8, ProofSerializer.Write(wide).Length - bytes.Length + nameDelta);
    }
}
