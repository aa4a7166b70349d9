using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Merkle;

/// <summary>
/// A Stone Merkle tree held whole by the prover (<c>commitment_scheme/merkle/merkle.cc</c>, <c>MerkleTree</c>): node 1
/// is the root, node i has children 2i and 2i + 1, leaf r of a tree of height h is node 2^h + r. A parent whose
/// children lie at depth d ≤ n_verifier_friendly_commitment_layers is Poseidon(left, right), deeper parents are the
/// masked byte hash of left ‖ right — the rule <see cref="StoneMerkleVerifier"/> checks.
/// </summary>
/// <remarks>Memory: 64·2^h bytes (every node's 32-byte digest, node 0 unused).</remarks>
internal sealed class StoneMerkleTree
{
    private readonly byte[] _nodes;

    private StoneMerkleTree(int height, byte[] nodes)
    {
        Height = height;
        _nodes = nodes;
    }

    /// <summary>The tree's height h (2^h leaves).</summary>
    public int Height { get; }

    /// <summary>The root digest (32 bytes).</summary>
    public byte[] Root => Node(1).ToArray();

    /// <summary>
    /// Builds the tree over <paramref name="leaves"/> (2^<paramref name="height"/> digests of 32 bytes, leaf r at
    /// bytes 32r…32r + 31) on at most <paramref name="maxThreads"/> threads (0: all); the nodes do not depend on it.
    /// </summary>
    /// <exception cref="ArgumentException">The leaves are not 32·2^height bytes.</exception>
    public static StoneMerkleTree Build(int height, ReadOnlySpan<byte> leaves, long verifierFriendlyLayers, StoneMaskedHash hash, int maxThreads = 0)
    {
        long leafCount = 1L << height;
        if (leaves.Length != 32 * leafCount) throw new ArgumentException($"a tree of height {height} has {leafCount} 32-byte leaves, got {leaves.Length} bytes", nameof(leaves));
        var nodes = new byte[64 * leafCount];
        leaves.CopyTo(nodes.AsSpan((int)(32 * leafCount)));
        int threads = Common.Parallelism.Resolve(maxThreads);
        for (int depth = height - 1; depth >= 0; depth--)
        {
            // Parents at this depth hash children at depth + 1.
            bool friendly = verifierFriendlyLayers >= depth + 1;
            long first = 1L << depth, count = 1L << depth;
            const int Chunk = 1024;
            int chunks = (int)((count + Chunk - 1) / Chunk);
            Common.Parallelism.For(chunks, chunks == 1 ? 1 : threads, c =>
            {
                long end = Math.Min(count, (long)(c + 1) * Chunk);
                for (long i = (long)c * Chunk; i < end; i++)
                {
                    long node = first + i;
                    HashPair(hash, friendly, nodes.AsSpan((int)(64 * node), 32), nodes.AsSpan((int)(64 * node + 32), 32), nodes.AsSpan((int)(32 * node), 32));
                }
            });
        }
        return new StoneMerkleTree(height, nodes);
    }

    /// <summary>
    /// The authentication nodes for the leaves at <paramref name="rows"/> (ascending, distinct), concatenated in the
    /// order <see cref="StoneMerkleVerifier.TryComputeRoot"/> reads them: layer by layer, bottom up, left to right,
    /// each sibling the walk does not already know.
    /// </summary>
    public byte[] AuthenticationNodes(IReadOnlyList<long> rows)
    {
        var output = new MemoryStream();
        var queue = new List<long>(rows.Count * 2);
        for (int i = 0; i < rows.Count; i++) queue.Add((1L << Height) + rows[i]);
        int start = 0;
        while (start < queue.Count && queue[start] != 1)
        {
            long node = queue[start];
            if ((node & 1) == 0 && start + 1 < queue.Count && queue[start + 1] == node + 1) start += 2;
            else
            {
                output.Write(Node(node ^ 1));
                start += 1;
            }
            queue.Add(node >> 1);
        }
        return output.ToArray();
    }

    private ReadOnlySpan<byte> Node(long index) => _nodes.AsSpan((int)(32 * index), 32);

    private static void HashPair(StoneMaskedHash hash, bool friendly, ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> parent)
    {
        if (!friendly)
        {
            hash.HashPair(left, right, parent);
            return;
        }
        // Below the Poseidon layers every digest is a masked byte hash or a Poseidon output, so it is below p.
        PoseidonHash.Hash(Felt.FromBytesBigEndian(left), Felt.FromBytesBigEndian(right)).WriteBytesBigEndian(parent);
    }
}
