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
            betas[j] = layout.Steps[j] == 0 ? Felt.Zero : channel.DrawFelt();
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
    /// Checks the query phase. <paramref name="layer0"/> maps each layer-0 leaf (query mod M₀) to its folding coset's
    /// 2^step₀ values, which the caller computed from the trace openings. Layer by layer: fold every known coset into
    /// the next layer's positions; for a committed layer, put the folded values in their slots and read the other
    /// slots from the opening, in order, then check the leaves against the layer's root — so a fold that disagrees
    /// with the committed layer fails its Merkle check. The last layer's polynomial must match every folded value.
    /// Returns null when all hold, else the first failure.
    /// </summary>
    public static FriRejection? CheckQueries(FriLayout layout, Felt[] betas, byte[][] roots, Felt[] lastLayer, ReadOnlySpan<int> queries,
        IReadOnlyDictionary<int, Felt[]> layer0, FriLayerOpening[] openings, IMerkleHasher hasher)
    {
        int folds = layout.FoldCount;
        int expectedOpenings = Math.Max(0, folds - 1);
        if (openings.Length != expectedOpenings) return Shape($"expected {expectedOpenings} FRI layer openings, got {openings.Length}");
        FriQueryPositions positions = FriQueryPositions.For(layout, queries);
        var cosets = new Dictionary<int, Felt[]>(layer0);
        var folded = new Dictionary<int, Felt>();
        for (int j = 0; j < folds; j++)
        {
            int arity = 1 << layout.StepAt(j);
            if (j > 0)
            {
                FriRejection? r = ReadLayer(layout, j, positions, folded, openings[j - 1], roots[j - 1], hasher, out cosets);
                if (r is not null) return r;
            }
            // x⁻¹ for coset i of layer j is shift_j⁻¹·(ω_{S_j}⁻¹)^i.
            Felt shiftInv = layout.LayerShift(j).Inverse();
            int log = layout.LayerLogSize(j);
            Felt omegaInv = RootsOfUnity.PrimitiveRoot(log).Pow((1UL << log) - 1);
            folded = new Dictionary<int, Felt>(positions.Leaves[j].Length);
            foreach (int leaf in positions.Leaves[j])
            {
                if (!cosets.TryGetValue(leaf, out Felt[]? coset) || coset.Length != arity)
                    return Shape($"FRI layer {j}: coset {leaf} was not opened with {arity} values");
                folded[leaf] = FriFolding.FoldCoset(coset, shiftInv * omegaInv.Pow((ulong)leaf), betas[j]);
            }
        }
        foreach (int position in positions.Known[folds])
        {
            Felt expected = Polynomial.Evaluate(lastLayer, layout.Point(folds, position));
            if (expected != folded[position])
                return new FriRejection(FriFailure.LastLayer, MerkleCheck.Valid, $"FRI last layer: value at position {position} does not match the last-layer polynomial");
        }
        return null;
    }

    /// <summary>
    /// Rebuilds the opened cosets of committed layer <paramref name="j"/>: the folded values in their slots, the
    /// opening's values (all of them, in order) in the others; then checks the leaves against the layer's root.
    /// </summary>
    private static FriRejection? ReadLayer(FriLayout layout, int j, FriQueryPositions positions, Dictionary<int, Felt> folded,
        FriLayerOpening opening, byte[] root, IMerkleHasher hasher, out Dictionary<int, Felt[]> cosets)
    {
        int m = layout.CosetCount(j), arity = 1 << layout.StepAt(j);
        int[] leaves = positions.Leaves[j];
        int expected = leaves.Length * arity - positions.Known[j].Length;
        cosets = new Dictionary<int, Felt[]>(leaves.Length);
        if (opening.Values.Length != expected)
            return Shape($"FRI layer {j}: expected {expected} values ({leaves.Length} leaves of {arity}, {positions.Known[j].Length} folded), got {opening.Values.Length}");
        var digests = new List<byte[]>(leaves.Length);
        int next = 0;
        foreach (int leaf in leaves)
        {
            var coset = new Felt[arity];
            for (int c = 0; c < arity; c++)
                coset[c] = folded.TryGetValue(leaf + c * m, out Felt f) ? f : opening.Values[next++];
            var d = new byte[MerkleTree.DigestSize];
            hasher.HashLeaf(coset, d);
            digests.Add(d);
            cosets[leaf] = coset;
        }
        MerkleCheck check = MerkleVerifier.Verify(root, layout.CosetCount(j), leaves, digests, opening.Siblings, hasher);
        return check == MerkleCheck.Valid ? null
            : new FriRejection(FriFailure.Merkle, check, $"FRI layer {j}: Merkle opening of {leaves.Length} leaves with {opening.Siblings.Length} nodes: {check}");
    }

    private static FriRejection Shape(string message) => new(FriFailure.Shape, MerkleCheck.Valid, message);
}
