using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;
using Zetina.Stark.Tests.Ntt;

namespace Zetina.Stark.Tests.Fri;

/// <summary>FRI on its own: completeness for several step lists, rejection of tampered openings and high degree.</summary>
public class FriTests
{
    private static readonly IMerkleHasher Hasher = MerkleHashes.Create("keccak256");

    private static (FriLayout Layout, FriCommitment Commitment, int[] Queries, Dictionary<int, Felt[]> Layer0, FriLayerOpening[] Openings)
        Run(int logDegree, int logBlowup, int[] steps, int lastBound, Felt[]? overrideLayer0 = null)
    {
        var lde = new CpuLdeBackend(1);
        Felt[] coeffs = NttTests.RandomFelts(1 << logDegree, 9);
        var layer0 = new Felt[1 << (logDegree + logBlowup)];
        lde.EvaluateOnCoset(coeffs, RootsOfUnity.Generator, layer0);
        if (overrideLayer0 is not null) layer0 = overrideLayer0;
        var layout = new FriLayout(logDegree + logBlowup, steps, lastBound, RootsOfUnity.Generator);
        var channel = new HashChannel(MerkleHashes.ChannelHashFor("keccak256"), "fri"u8);
        FriCommitment c = FriProver.Commit(layer0, layout, channel, lde, new CpuVectorCommitmentBackend(1), Hasher, 1);
        int[] queries = [3, 17, 100, layer0.Length - 1, 17];
        var l0 = new Dictionary<int, Felt[]>();
        int m0 = layout.CosetCount(0), arity = 1 << layout.StepAt(0);
        foreach (int q in queries)
        {
            var v = new Felt[arity];
            for (int k = 0; k < arity; k++) v[k] = layer0[q % m0 + k * m0];
            l0[q % m0] = v;
        }
        return (layout, c, queries, l0, FriProver.Open(c, queries));
    }

    private static string? Verify(FriLayout layout, FriCommitment c, int[] queries, Dictionary<int, Felt[]> l0, FriLayerOpening[] openings, byte[][]? roots = null, Felt[]? last = null)
    {
        var channel = new HashChannel(MerkleHashes.ChannelHashFor("keccak256"), "fri"u8);
        roots ??= c.Roots();
        last ??= c.LastLayer;
        Felt[]? betas = FriVerifier.ReplayCommitments(layout, channel, roots, last, out string? error);
        if (betas is null) return error;
        return FriVerifier.CheckQueries(layout, betas, roots, last, queries, l0, openings, Hasher)?.Message;
    }

    [Theory]
    [InlineData(8, 2, new[] { 3, 3 }, 4)]
    [InlineData(8, 1, new[] { 0, 2, 2, 2 }, 4)]
    [InlineData(9, 2, new[] { 1, 4 }, 16)]
    [InlineData(6, 3, new[] { 6 }, 1)]
    [InlineData(5, 2, new[] { 0 }, 32)]
    public void Fri_LowDegreeInput_Verifies(int logDegree, int logBlowup, int[] steps, int lastBound)
    {
        var (layout, c, q, l0, o) = Run(logDegree, logBlowup, steps, lastBound);
        Assert.Null(Verify(layout, c, q, l0, o));
    }

    [Fact]
    public void Fri_TamperedLayerValue_Rejected()
    {
        var (layout, c, q, l0, o) = Run(8, 2, [2, 2, 2], 4);
        for (int layer = 0; layer < o.Length; layer++)
        {
            var values = (Felt[])o[layer].Values.Clone();
            values[1] += Felt.One;
            var bad = (FriLayerOpening[])o.Clone();
            bad[layer] = o[layer] with { Values = values };
            Assert.NotNull(Verify(layout, c, q, l0, bad));
        }
    }

    [Fact]
    public void Fri_TamperedLastLayerOrLayer0_Rejected()
    {
        var (layout, c, q, l0, o) = Run(8, 2, [3, 3], 4);
        var last = (Felt[])c.LastLayer.Clone();
        last[0] += Felt.One;
        Assert.NotNull(Verify(layout, c, q, l0, o, last: last));
        var l0bad = l0.ToDictionary(kv => kv.Key, kv => (Felt[])kv.Value.Clone());
        l0bad.First().Value[0] += Felt.One;
        Assert.NotNull(Verify(layout, c, q, l0bad, o));
    }

    [Fact]
    public void Open_ValuesTheVerifierFolds_AreLeftOut()
    {
        var (layout, c, q, _, o) = Run(8, 2, [0, 2, 2, 2], 4);
        FriQueryPositions positions = FriQueryPositions.For(layout, q);
        for (int j = 1; j < layout.FoldCount; j++)
        {
            int arity = 1 << layout.StepAt(j);
            Assert.NotEmpty(positions.Known[j]);
            Assert.Equal(positions.Leaves[j].Length * arity - positions.Known[j].Length, o[j - 1].Values.Length);
        }
        // Layer 1 of a leading 0 step is layer 0 itself, committed: its known positions are the distinct queries.
        Assert.Equal(q.Distinct().Order().ToArray(), positions.Known[1]);
        Assert.Equal(c.Layers[0], c.Layers[1]);
    }

    [Fact]
    public void Fri_HighDegreeInput_ProverRefuses()
    {
        Felt[] random = NttTests.RandomFelts(1 << 10, 4);
        Assert.Throws<InvalidOperationException>(() => Run(8, 2, [3, 3], 4, random));
    }
}
