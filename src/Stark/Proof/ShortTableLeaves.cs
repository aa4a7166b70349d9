namespace Zetina.Stark.Proof;

/// <summary>
/// Where the rows of a big table's leaf lie in a short table of lift s (docs/stark.md, "Lifted columns").
/// </summary>
/// <remarks>
/// A table over N rows has M = N/arity leaves, leaf i holding rows i + c·M (c &lt; arity, <see cref="ProofTranscript.CosetColumns"/>);
/// the short table has N/s rows and M' = M/s leaves. Big row r is short row r mod (N/s), since
/// (shift·ω_N^r)^s = shift^s·ω_(N/s)^(r mod N/s). With i = q·M' + i' (i' = i mod M', q = i / M' &lt; s):
/// i + c·M = i' + (q + c·s)·M', and modulo N/s = arity·M' that is i' + ((q + c·s) mod arity)·M' — row slot
/// (q + c·s) mod arity of short leaf i'.
/// </remarks>
internal static class ShortTableLeaves
{
    /// <summary>M' = N / (s·arity), the short table's leaf count; at least 1 (the caller checks N/s ≥ arity).</summary>
    public static int LeafCount(int bigN, int lift, int arity) => bigN / lift / arity;

    /// <summary>The short leaves to open for the sorted big leaves: {i mod M'}, sorted, distinct.</summary>
    public static int[] Leaves(ReadOnlySpan<int> bigLeaves, int shortLeafCount)
    {
        var set = new SortedSet<int>();
        foreach (int i in bigLeaves) set.Add(i % shortLeafCount);
        return [.. set];
    }

    /// <summary>The slot in short leaf i mod M' that holds big leaf <paramref name="bigLeaf"/>'s slot <paramref name="slot"/>.</summary>
    public static int Slot(int bigLeaf, int slot, int lift, int shortLeafCount, int arity) =>
        (bigLeaf / shortLeafCount + slot * lift) & (arity - 1);
}
