namespace Zetina.Stark.Fri;

/// <summary>
/// Where the query phase touches each FRI layer, as prover and verifier both derive it from the query positions.
/// <see cref="Known"/>[j] are the positions of layer j whose values the verifier has before it reads layer j's
/// opening: the queries themselves for layer 0, the results of folding layer j − 1 for the others.
/// <see cref="Leaves"/>[j] are the leaves (folding cosets) of layer j that hold them. Both are sorted and distinct.
/// </summary>
/// <remarks>
/// Folding coset i of layer j (the values at i + c·M_j) folds into position i of layer j + 1, so the positions known
/// at layer j + 1 are exactly the leaves opened at layer j.
/// </remarks>
public sealed class FriQueryPositions
{
    private FriQueryPositions(int[][] known, int[][] leaves)
    {
        Known = known;
        Leaves = leaves;
    }

    /// <summary>Per layer 0 … FoldCount: the positions the verifier knows before that layer's opening.</summary>
    public int[][] Known { get; }

    /// <summary>Per layer 0 … FoldCount − 1: the folding cosets that hold <see cref="Known"/> positions.</summary>
    public int[][] Leaves { get; }

    /// <summary>Derives the positions of every layer from the layer-0 query positions (in [0, N), any order, repeats allowed).</summary>
    public static FriQueryPositions For(FriLayout layout, ReadOnlySpan<int> queries)
    {
        int folds = layout.FoldCount;
        var known = new int[folds + 1][];
        var leaves = new int[folds][];
        var set = new SortedSet<int>();
        foreach (int q in queries) set.Add(q);
        known[0] = [.. set];
        for (int j = 0; j < folds; j++)
        {
            int m = layout.CosetCount(j);
            set.Clear();
            foreach (int p in known[j]) set.Add(p % m);
            leaves[j] = [.. set];
            known[j + 1] = leaves[j];
        }
        return new FriQueryPositions(known, leaves);
    }

    /// <summary>
    /// True when slot <paramref name="slot"/> of leaf <paramref name="leaf"/> in layer <paramref name="layer"/> is a
    /// position the verifier computes itself (so the opening leaves it out).
    /// </summary>
    public bool IsKnown(FriLayout layout, int layer, int leaf, int slot) =>
        Array.BinarySearch(Known[layer], leaf + slot * layout.CosetCount(layer)) >= 0;
}
