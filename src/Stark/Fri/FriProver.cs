using Zetina.Stark.Channel;
using Zetina.Stark.Common;
using Zetina.Stark.Field;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Fri;

/// <summary>FRI's prover: the commit phase (fold, commit, absorb) and the openings for given queries.</summary>
public static class FriProver
{
    /// <summary>
    /// Runs the commit phase on <paramref name="layer0"/> (evaluations on the layout's domain, degree below
    /// 2^Σsteps · last_layer_degree_bound). For each fold j: draws β_j (none for a step of 0, which folds nothing),
    /// folds, and (unless it is the last layer) commits the new layer and absorbs its root; finally absorbs the last
    /// layer's coefficients.
    /// Throws <see cref="InvalidOperationException"/> when the last layer exceeds its degree bound (the input
    /// was not of low degree: a prover bug, never a verifier concern).
    /// </summary>
    public static FriCommitment Commit(Felt[] layer0, FriLayout layout, IChannel channel, ILdeBackend lde,
        IVectorCommitmentBackend commitments, IMerkleHasher hasher, int maxThreads, bool checkDegree = true)
    {
        int folds = layout.FoldCount;
        var layers = new Felt[folds + 1][];
        var trees = new MerkleTree?[folds + 1];
        var betas = new Felt[folds];
        layers[0] = layer0;
        for (int j = 0; j < folds; j++)
        {
            Felt beta = layout.Steps[j] == 0 ? Felt.Zero : channel.DrawFelt();
            betas[j] = beta;
            Felt[] cur = layers[j];
            Felt shift = layout.LayerShift(j);
            Felt b = beta;
            for (int r = 0; r < layout.Steps[j]; r++)
            {
                var next = HugePages.NewArray<Felt>(cur.Length >> 1);
                FriFolding.FoldLayer(cur, shift, b, next, maxThreads);
                cur = next;
                shift = shift.Square();
                b = b.Square();
            }
            layers[j + 1] = cur;
            if (j + 1 < folds)
            {
                trees[j + 1] = CommitLayer(cur, layout.StepAt(j + 1), commitments, hasher);
                channel.Absorb(trees[j + 1]!.Root);
            }
        }
        Felt[] last = (Felt[])layers[folds].Clone();
        lde.InterpolateOnCoset(last, layout.LayerShift(folds));
        for (int i = layout.LastLayerDegreeBound; checkDegree && i < last.Length; i++)
            if (!last[i].IsZero) throw new InvalidOperationException($"FRI last layer has degree {i} ≥ bound {layout.LastLayerDegreeBound}: the input is not of low degree");
        Felt[] lastLayer = last[..Math.Min(layout.LastLayerDegreeBound, last.Length)];
        channel.AbsorbFelts(lastLayer);
        return new FriCommitment(layout, layers, trees, betas, lastLayer);
    }

    /// <summary>Commits a layer with leaf i = the values at i + c·M, c &lt; 2^step (M = size / 2^step).</summary>
    internal static MerkleTree CommitLayer(Felt[] layer, int step, IVectorCommitmentBackend commitments, IMerkleHasher hasher)
    {
        int arity = 1 << step, m = layer.Length >> step;
        var columns = new ReadOnlyMemory<Felt>[arity];
        for (int c = 0; c < arity; c++) columns[c] = layer.AsMemory(c * m, m);
        return commitments.Commit(columns, hasher);
    }

    /// <summary>
    /// The openings of layers 1 … FoldCount − 1 for the given layer-0 query positions: per opened leaf (ascending),
    /// the values of its slots (ascending) except those the verifier computes by folding the layer before
    /// (<see cref="FriQueryPositions.Known"/>), and the leaves' batch Merkle opening.
    /// </summary>
    public static FriLayerOpening[] Open(FriCommitment commitment, ReadOnlySpan<int> queries)
    {
        FriLayout layout = commitment.Layout;
        FriQueryPositions positions = FriQueryPositions.For(layout, queries);
        var openings = new List<FriLayerOpening>();
        for (int j = 1; j < layout.FoldCount; j++)
        {
            int arity = 1 << layout.StepAt(j), m = layout.CosetCount(j);
            Felt[] layer = commitment.Layers[j];
            var values = new List<Felt>(positions.Leaves[j].Length * arity);
            foreach (int leaf in positions.Leaves[j])
                for (int c = 0; c < arity; c++)
                    if (!positions.IsKnown(layout, j, leaf, c)) values.Add(layer[leaf + c * m]);
            openings.Add(new FriLayerOpening([.. values], commitment.Trees[j]!.Open(positions.Leaves[j])));
        }
        return openings.ToArray();
    }
}
