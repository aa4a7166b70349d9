namespace Zetina.Stark.Merkle;

/// <summary>Checks batch openings produced by <see cref="MerkleTree.Open"/>.</summary>
public static class MerkleVerifier
{
    /// <summary>
    /// <see cref="MerkleCheck.Valid"/> when the leaves with the given digests, at the given sorted distinct indices,
    /// hash up to <paramref name="root"/> through <paramref name="siblings"/> (consumed in order, all of them); otherwise
    /// the first thing wrong. Never throws on bad data.
    /// </summary>
    /// <remarks>
    /// The multi-proof is strict: the verifier derives which nodes it cannot compute from the leaf indices alone (level
    /// by level from the leaves up, left to right, a node whose sibling is also known needs nothing), so a node more,
    /// a node fewer or two nodes swapped is rejected, not skipped over.
    /// </remarks>
    public static MerkleCheck Verify(ReadOnlySpan<byte> root, int leafCount, ReadOnlySpan<int> sortedLeafIndices,
        IReadOnlyList<byte[]> leafDigests, IReadOnlyList<byte[]> siblings, IMerkleHasher hasher)
    {
        if (leafCount <= 0 || (leafCount & (leafCount - 1)) != 0) return MerkleCheck.LeavesMalformed;
        if (root.Length != MerkleTree.DigestSize || sortedLeafIndices.Length == 0 || leafDigests.Count != sortedLeafIndices.Length) return MerkleCheck.LeavesMalformed;
        var nodes = new List<int>(sortedLeafIndices.Length);
        var digests = new List<byte[]>(sortedLeafIndices.Length);
        for (int j = 0; j < sortedLeafIndices.Length; j++)
        {
            int i = sortedLeafIndices[j];
            if ((uint)i >= (uint)leafCount || (j > 0 && sortedLeafIndices[j - 1] >= i)) return MerkleCheck.LeavesMalformed;
            if (leafDigests[j].Length != MerkleTree.DigestSize) return MerkleCheck.LeavesMalformed;
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
                    if (s >= siblings.Count) return MerkleCheck.NodesMissing;
                    if (siblings[s].Length != MerkleTree.DigestSize) return MerkleCheck.LeavesMalformed;
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
        if (s != siblings.Count) return MerkleCheck.NodesExtra;
        return root.SequenceEqual(digests[0]) ? MerkleCheck.Valid : MerkleCheck.RootMismatch;
    }
}
