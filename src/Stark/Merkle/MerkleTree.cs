namespace Zetina.Stark.Merkle;

/// <summary>
/// A complete binary Merkle tree over a power-of-two number of leaves, stored as one array of 32-byte
/// nodes in heap order: node 1 is the root, node k's children are 2k and 2k + 1, leaf i is node
/// LeafCount + i. Node 0 is unused. A backend that builds trees (CPU or GPU) fills exactly this layout.
/// </summary>
public sealed class MerkleTree
{
    /// <summary>The size of every digest in bytes.</summary>
    public const int DigestSize = 32;

    /// <summary>Wraps a filled node array; throws when its length is not 2·leafCount·32 or leafCount is not a power of two.</summary>
    public MerkleTree(int leafCount, byte[] nodes)
    {
        if (leafCount <= 0 || (leafCount & (leafCount - 1)) != 0) throw new ArgumentException($"leaf count {leafCount} is not a power of two");
        if (nodes.Length != 2L * leafCount * DigestSize) throw new ArgumentException($"expected {2L * leafCount * DigestSize} node bytes, got {nodes.Length}");
        LeafCount = leafCount;
        Nodes = nodes;
    }

    /// <summary>The number of leaves.</summary>
    public int LeafCount { get; }

    /// <summary>The node array in heap order (read-only by convention once built).</summary>
    public byte[] Nodes { get; }

    /// <summary>The root digest (node 1; for a single leaf, the leaf itself).</summary>
    public ReadOnlySpan<byte> Root => Node(1);

    /// <summary>The digest of node <paramref name="k"/> in heap order.</summary>
    public ReadOnlySpan<byte> Node(int k) => Nodes.AsSpan(k * DigestSize, DigestSize);

    /// <summary>
    /// The batch opening of the given leaves (sorted ascending, distinct): the sibling digests a verifier
    /// cannot compute itself, in the order <see cref="MerkleVerifier"/> consumes them (level by level from
    /// the leaves up, left to right). Shared path nodes appear once.
    /// </summary>
    public byte[][] Open(ReadOnlySpan<int> sortedLeafIndices)
    {
        var result = new List<byte[]>();
        var level = new List<int>(sortedLeafIndices.Length);
        foreach (int i in sortedLeafIndices)
        {
            if ((uint)i >= (uint)LeafCount) throw new ArgumentOutOfRangeException(nameof(sortedLeafIndices), i, $"leaf index outside [0, {LeafCount})");
            if (level.Count > 0 && level[^1] >= LeafCount + i) throw new ArgumentException("leaf indices must be sorted and distinct");
            level.Add(LeafCount + i);
        }
        var next = new List<int>(level.Count);
        while (level.Count > 0 && level[0] > 1)
        {
            next.Clear();
            for (int j = 0; j < level.Count; j++)
            {
                int node = level[j];
                if (j + 1 < level.Count && level[j + 1] == (node ^ 1)) j++;       // both children known
                else result.Add(Node(node ^ 1).ToArray());                        // sibling comes from the proof
                next.Add(node >> 1);
            }
            (level, next) = (next, level);
        }
        return result.ToArray();
    }
}
