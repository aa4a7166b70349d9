using Zetina.Stark.Air;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>The proof-size model against counting and against real proofs, and the presets it chooses parameters for.</summary>
public class ParameterChoiceTests
{
    [Fact]
    public void Distinct_EdgeCases_MatchCounting()
    {
        Assert.Equal(1.0, ProofSizeModel.Distinct(10, 1), 9);
        Assert.Equal(1.0, ProofSizeModel.Distinct(0, 50), 9);
        // Two draws into two buckets: both hit with probability 1/2, so 1.5 expected.
        Assert.Equal(1.5, ProofSizeModel.Distinct(1, 2), 9);
    }

    [Fact]
    public void MultiProofNodes_OneLeafOrAllLeaves_PathOrNothing()
    {
        Assert.Equal(12.0, ProofSizeModel.MultiProofNodes(12, 1), 6);
        Assert.True(ProofSizeModel.MultiProofNodes(4, 100_000) < 1e-6);
    }

    [Theory]
    [InlineData(10, 1, 40, new[] { 0, 3, 3 }, 16, "keccak256")]
    [InlineData(10, 2, 30, new[] { 1, 3, 3 }, 8, "keccak256_masked192_msb")]
    [InlineData(9, 3, 20, new[] { 0, 2, 2, 2 }, 8, "blake2s256_masked160_lsb")]
    public void Bytes_RealProofs_WithinTenPercent(int logN, int logBlowup, int queries, int[] steps, int lastBound, string hash)
    {
        var (air, trace) = StarkTestKit.Permutation(1 << logN);
        var p = new StarkParameters(logBlowup, queries, 0, steps, lastBound, hash);
        byte[] proof = ProofSerializer.Write(StarkTestKit.Prove(air, trace, p, threads: 2));
        Assert.True(StarkVerifier.Verify(air, proof, 0).IsValid);
        var shape = new ProofShape(logN, air.MainWidth, air.AuxWidth, AirDomain.CompositionChunks(air), air.Mask.Length);
        double model = ProofSizeModel.Bytes(p, shape);
        // One draw of 20–40 queries into small trees: the node counts vary by a few percent around their expectation.
        Assert.InRange(proof.Length, model * 0.9, model * 1.1);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(18)]
    public void For_BothPresets_AtLeast96BitsAndSizeIsSmaller(int logN)
    {
        var shape = new ProofShape(logN, 49, 9, 1, 70);
        StarkParameters speed = ParameterChoice.For(shape, ProofOptimization.Speed);
        StarkParameters size = ParameterChoice.For(shape, ProofOptimization.Size);
        foreach (StarkParameters p in new[] { speed, size })
        {
            Assert.Null(p.Validate(logN));
            Assert.True(p.ConjecturedSecurityBits(logN) >= 96, $"{p.ConjecturedSecurityBits(logN)} bits");
        }
        Assert.Equal(1, speed.LogNCosets);
        Assert.Equal(3, size.LogNCosets);
        Assert.True(ProofSizeModel.Bytes(size, shape) < 0.6 * ProofSizeModel.Bytes(speed, shape));
    }

    [Fact]
    public void WithSmallestFri_NoOtherStepListOfTheSameSumIsSmaller()
    {
        var shape = new ProofShape(12, 49, 9, 1, 70);
        StarkParameters chosen = ParameterChoice.For(shape, ProofOptimization.Speed);
        double best = ProofSizeModel.Bytes(chosen, shape);
        // Brute force over first step 0–2, later steps 1–4, last bound 2^0 … 2^7.
        int checkedLists = 0;
        foreach (int[] steps in StepLists(12))
        {
            int logLast = 12 - steps.Sum();
            if (logLast is < 0 or > 7) continue;
            var p = chosen with { FriStepList = steps, LastLayerDegreeBound = 1 << logLast };
            if (p.Validate(12) is not null) continue;
            checkedLists++;
            Assert.True(ProofSizeModel.Bytes(p, shape) >= best - 1e-6, $"[{string.Join(", ", steps)}] / {1 << logLast} is smaller");
        }
        Assert.True(checkedLists > 100);
    }

    private static IEnumerable<int[]> StepLists(int maxSum)
    {
        for (int first = 0; first <= 2; first++)
            foreach (List<int> rest in Compositions(maxSum - first))
                yield return [first, .. rest];
    }

    private static IEnumerable<List<int>> Compositions(int budget)
    {
        yield return [];
        for (int s = 1; s <= Math.Min(4, budget); s++)
            foreach (List<int> tail in Compositions(budget - s))
                yield return [s, .. tail];
    }

    [Fact]
    public void For_ChunkyComposition_RaisesBlowupToTheChunks()
    {
        StarkParameters p = ParameterChoice.For(new ProofShape(10, 4, 0, 4, 8), ProofOptimization.Speed);
        Assert.Equal(2, p.LogNCosets);
        Assert.True(p.ConjecturedSecurityBits(10) >= 96);
    }
}
