namespace Zetina.Stark.Merkle;

/// <summary>Checks batch openings produced by <see cref="MerkleTree.Open"/>.</summary>
public static class MerkleVerifier
{
    /// <summary>
    /// True when the leaves with the given digests, at the given sorted distinct indices, hash up to
    /// <paramref name="root"/> through <paramref name="siblings"/> (consumed in order, all of them).
    /// Never throws on bad data: malformed input (wrong counts, indices out of range) returns false.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> root, int leafCount, ReadOnlySpan<int> sortedLeafIndices,
        IReadOnlyList<byte[]> leafDigests, IReadOnlyList<byte[]> siblings, IMerkleHasher hasher)
    {
        if (leafCount <= 0 || (leafCount & (leafCount - 1)) != 0) return false;
        if (root.Length != MerkleTree.DigestSize || sortedLeafIndices.Length == 0 || leafDigests.Count != sortedLeafIndices.Length) return false;
        var nodes = new List<int>(sortedLeafIndices.Length);
        var digests = new List<byte[]>(sortedLeafIndices.Length);
        for (int j = 0; j < sortedLeafIndices.Length; j++)
        {
            int i = sortedLeafIndices[j];
            if ((uint)i >= (uint)leafCount || (j > 0 && sortedLeafIndices[j - 1] >= i)) return false;
            if (leafDigests[j].Length != MerkleTree.DigestSize) return false;
            nodes.Add(leafCount + i);
            digests.Add(leafDigests[j]);
        }
        int s = 0;
        var nextNodes = new List<int>(nodes.Count);
        var nextDigests = new List<byte[]>(nodes.Count);
        while (nodes[0] > 1)
        {
            nextNodes.Clear();
            nextDigests.Clear();
            for (int j = 0; j < nodes.Count; j++)
            {
                int node = nodes[j];
                byte[] self = digests[j];
                byte[] other;
                if (j + 1 < nodes.Count && nodes[j + 1] == (node ^ 1)) { other = digests[j + 1]; j++; }
                else
                {
                    if (s >= siblings.Count || siblings[s].Length != MerkleTree.DigestSize) return false;
                    other = siblings[s++];
                }
                var parent = new byte[MerkleTree.DigestSize];
                if ((node & 1) == 0) hasher.HashPair(self, other, parent);
                else hasher.HashPair(other, self, parent);
                nextNodes.Add(node >> 1);
                nextDigests.Add(parent);
            }
            (nodes, nextNodes) = (nextNodes, nodes);
            (digests, nextDigests) = (nextDigests, digests);
        }
        return s == siblings.Count && root.SequenceEqual(digests[0]);
    }
}
