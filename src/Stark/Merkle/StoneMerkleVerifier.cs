using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Merkle;

/// <summary>
/// Stone's Merkle decommitment (<c>commitment_scheme/merkle/merkle.cc</c>, <c>MerkleTree::VerifyDecommitment</c>):
/// node 1 is the root and node i has children 2i and 2i + 1, so leaf r of a tree of height h is node 2^h + r.
/// The verifier walks the known nodes layer by layer, bottom up and left to right; whenever a node's sibling is
/// not known it takes the next authentication node from the proof, so the proof lists exactly the missing
/// siblings in that order.
/// </summary>
/// <remarks>
/// With <c>n_verifier_friendly_commitment_layers</c> = k, a parent whose children lie at depth d ≤ k (the root
/// at depth 0) is Poseidon(left, right); deeper parents use the byte hash (Integrity's
/// <c>compute_root_from_queries</c>). All digests are 32 bytes, a Poseidon digest its canonical big-endian felt.
/// </remarks>
internal static class StoneMerkleVerifier
{
    /// <summary>
    /// Recomputes the root from the leaves at <paramref name="rows"/> (ascending, distinct, below 2^height) and the
    /// authentication nodes read one by one from <paramref name="nextAuthentication"/> (null when the proof ran out).
    /// False when the proof ran out or a Poseidon input is not a felt; otherwise the root is written to <paramref name="root"/>.
    /// </summary>
    public static bool TryComputeRoot(
        int height, long verifierFriendlyLayers, StoneMaskedHash hash,
        IReadOnlyList<long> rows, IReadOnlyList<byte[]> leaves, Func<byte[]?> nextAuthentication, out byte[] root)
    {
        root = [];
        // The walk's queue holds one depth at a time, so it runs a layer at once: every pair of the layer gathered (the
        // missing siblings read in the walk's order), then all of them hashed together.
        var nodes = new List<long>(rows.Count);
        var digests = new List<byte[]>(rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            nodes.Add((1L << height) + rows[i]);
            digests.Add(leaves[i]);
        }
        var children = new List<byte[]>(2 * rows.Count);
        for (int depth = height; depth > 0; depth--)
        {
            var parents = new List<long>(nodes.Count);
            children.Clear();
            for (int i = 0; i < nodes.Count; i++)
            {
                long node = nodes[i];
                if ((node & 1) == 0 && i + 1 < nodes.Count && nodes[i + 1] == node + 1)
                {
                    children.Add(digests[i]);
                    children.Add(digests[i + 1]);
                    i++;
                }
                else
                {
                    byte[]? sibling = nextAuthentication();
                    if (sibling is null || sibling.Length != 32) return false;
                    children.Add((node & 1) == 0 ? digests[i] : sibling);
                    children.Add((node & 1) == 0 ? sibling : digests[i]);
                }
                parents.Add(node >> 1);
            }
            if (!TryHashPairs(hash, verifierFriendlyLayers >= depth, children, out digests)) return false;
            nodes = parents;
        }
        if (nodes.Count != 1) return false;
        root = digests[0];
        return true;
    }

    /// <summary>
    /// How many authentication nodes <see cref="TryComputeRoot"/> reads for leaves at <paramref name="rows"/>
    /// (ascending, distinct): the same walk with node numbers only, so a verifier can read a decommitment whole
    /// before hashing it.
    /// </summary>
    public static int AuthenticationNodeCount(int height, IReadOnlyList<long> rows)
    {
        var queue = new List<long>(rows.Count * 2);
        for (int i = 0; i < rows.Count; i++) queue.Add((1L << height) + rows[i]);
        int start = 0, count = 0;
        while (start < queue.Count && queue[start] != 1)
        {
            long node = queue[start];
            if ((node & 1) == 0 && start + 1 < queue.Count && queue[start + 1] == node + 1) start += 2;
            else { count++; start += 1; }
            queue.Add(node >> 1);
        }
        return count;
    }

    /// <summary>The parents of the pairs (children[2i], children[2i + 1]); false when a Poseidon input is not a felt.</summary>
    private static bool TryHashPairs(StoneMaskedHash hash, bool friendly, List<byte[]> children, out List<byte[]> parents)
    {
        int count = children.Count / 2;
        parents = new List<byte[]>(count);
        if (!friendly)
        {
            var both = new byte[64 * count];
            for (int i = 0; i < children.Count; i++) children[i].CopyTo(both, 32 * i);
            var digests = new byte[32 * count];
            hash.HashMany(both, 64, digests);
            for (int i = 0; i < count; i++) parents.Add(digests.AsSpan(32 * i, 32).ToArray());
            return true;
        }
        var inputs = new Felt[children.Count];
        for (int i = 0; i < inputs.Length; i++)
            if (!Felt.TryFromBytesBigEndian(children[i], out inputs[i])) return false;
        var outputs = new Felt[count];
        PoseidonHash.HashPairs(inputs, outputs);
        for (int i = 0; i < count; i++)
        {
            var parent = new byte[32];
            outputs[i].WriteBytesBigEndian(parent);
            parents.Add(parent);
        }
        return true;
    }
}
