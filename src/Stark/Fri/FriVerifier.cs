using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;
using Zetina.Stark.Poly;

namespace Zetina.Stark.Fri;

/// <summary>FRI's verifier: replays the commit phase on the channel, then checks the query openings.</summary>
public static class FriVerifier
{
    /// <summary>
    /// Replays the commit phase: draws β_j and absorbs the roots of layers 1 … FoldCount − 1 and the last layer,
    /// in the prover's order. Returns the β's, or null when the numbers of roots or coefficients are wrong
    /// (<paramref name="error"/> names what).
    /// </summary>
    public static Felt[]? ReplayCommitments(FriLayout layout, IChannel channel, byte[][] roots, Felt[] lastLayer, out string? error)
    {
        error = null;
        int expectedRoots = Math.Max(0, layout.FoldCount - 1);
        if (roots.Length != expectedRoots) { error = $"expected {expectedRoots} FRI layer roots, got {roots.Length}"; return null; }
        int lastSize = 1 << layout.LayerLogSize(layout.FoldCount);
        int expectedLast = Math.Min(layout.LastLayerDegreeBound, lastSize);
        if (lastLayer.Length != expectedLast) { error = $"expected {expectedLast} last-layer coefficients, got {lastLayer.Length}"; return null; }
        var betas = new Felt[layout.FoldCount];
        for (int j = 0; j < layout.FoldCount; j++)
        {
            betas[j] = channel.DrawFelt();
            if (j + 1 < layout.FoldCount)
            {
                if (roots[j].Length != MerkleTree.DigestSize) { error = $"FRI root {j + 1} is {roots[j].Length} bytes"; return null; }
                channel.Absorb(roots[j]);
            }
        }
        channel.AbsorbFelts(lastLayer);
        return betas;
    }

    /// <summary>
    /// Checks the query phase. <paramref name="layer0"/> maps each layer-0 leaf (query mod M₀) to its
    /// folding coset's 2^step₀ values, which the caller computed from the trace openings. Returns null when
    /// every fold is consistent with the next layer's opened leaf and the last layer's polynomial; otherwise
    /// a sentence naming the first failure.
    /// </summary>
    public static string? CheckQueries(FriLayout layout, Felt[] betas, byte[][] roots, Felt[] lastLayer, ReadOnlySpan<int> queries,
        IReadOnlyDictionary<int, Felt[]> layer0, FriLayerOpening[] openings, IMerkleHasher hasher)
    {
        int folds = layout.FoldCount;
        int expectedOpenings = Math.Max(0, folds - 1);
        if (openings.Length != expectedOpenings) return $"expected {expectedOpenings} FRI layer openings, got {openings.Length}";
        int[][] leaves = FriProver.LeavesToOpen(layout, queries);
        // Check every committed layer's Merkle opening, and index its leaves.
        var layerValues = new Dictionary<int, Felt[]>[folds + 1];
        layerValues[0] = new Dictionary<int, Felt[]>(layer0);
        for (int j = 1; j < folds; j++)
        {
            int arity = 1 << layout.StepAt(j);
            FriLayerOpening o = openings[j - 1];
            if (o.Values.Length != leaves[j].Length * arity) return $"FRI layer {j}: expected {leaves[j].Length * arity} values, got {o.Values.Length}";
            var digests = new List<byte[]>(leaves[j].Length);
            var map = new Dictionary<int, Felt[]>(leaves[j].Length);
            for (int l = 0; l < leaves[j].Length; l++)
            {
                Felt[] row = o.Values.AsSpan(l * arity, arity).ToArray();
                var d = new byte[MerkleTree.DigestSize];
                hasher.HashLeaf(row, d);
                digests.Add(d);
                map[leaves[j][l]] = row;
            }
            if (!MerkleVerifier.Verify(roots[j - 1], layout.CosetCount(j), leaves[j], digests, o.Siblings, hasher))
                return $"FRI layer {j}: Merkle opening does not match the root";
            layerValues[j] = map;
        }
        // x⁻¹ for coset i of layer j is shift_j⁻¹·(ω_{S_j}⁻¹)^i: two inversions per layer, none per query.
        var shiftInv = new Felt[folds + 1];
        var omegaInv = new Felt[folds + 1];
        for (int j = 0; j <= folds; j++)
        {
            shiftInv[j] = layout.LayerShift(j).Inverse();
            int log = layout.LayerLogSize(j);
            omegaInv[j] = RootsOfUnity.PrimitiveRoot(log).Pow((1UL << log) - 1);
        }
        // Follow every query down the layers.
        foreach (int q in queries)
        {
            int position = q;
            Felt value = default;
            for (int j = 0; j < folds; j++)
            {
                int m = layout.CosetCount(j);
                int leaf = position % m;
                if (!layerValues[j].TryGetValue(leaf, out Felt[]? coset)) return $"FRI layer {j}: leaf {leaf} was not opened";
                if (j > 0 && coset[position / m] != value) return $"FRI layer {j}: value at position {position} does not match the fold of layer {j - 1}";
                value = FriFolding.FoldCoset(coset, shiftInv[j] * omegaInv[j].Pow((ulong)leaf), betas[j]);
                position = leaf;
            }
            if (folds == 0)
            {
                if (!layerValues[0].TryGetValue(position, out Felt[]? single)) return $"FRI layer 0: position {position} was not opened";
                value = single[0];
            }
            Felt expected = Polynomial.Evaluate(lastLayer, layout.Point(folds, position));
            if (expected != value) return $"FRI last layer: value at position {position} does not match the last-layer polynomial";
        }
        return null;
    }
}
