using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Merkle;

/// <summary>
/// A Stone Merkle tree held whole by the prover (<c>commitment_scheme/merkle/merkle.cc</c>, <c>MerkleTree</c>): node 1
/// is the root, node i has children 2i and 2i + 1, leaf r of a tree of height h is node 2^h + r. A parent whose
/// children lie at depth d ≤ n_verifier_friendly_commitment_layers is Poseidon(left, right), deeper parents are the
/// masked byte hash of left ‖ right — the rule <see cref="StoneMerkleVerifier"/> checks.
/// </summary>
/// <remarks>Memory: 64·2^h bytes, one array per depth (so a tree of 2^26 leaves stays within .NET's array limit).</remarks>
internal sealed class StoneMerkleTree
{
    private readonly byte[][] _layers;

    private StoneMerkleTree(int height, byte[][] layers)
    {
        Height = height;
        _layers = layers;
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
        var layers = new byte[height + 1][];
        layers[height] = leaves.ToArray();
        int threads = Common.Parallelism.Resolve(maxThreads);
        for (int depth = height - 1; depth >= 0; depth--)
        {
            // Parents at this depth hash children at depth + 1: parent i of the layer has children 2i and 2i + 1.
            bool friendly = verifierFriendlyLayers >= depth + 1;
            int count = 1 << depth;
            byte[] children = layers[depth + 1], parents = layers[depth] = new byte[32 * count];
            const int Chunk = 1024;
            int chunks = (count + Chunk - 1) / Chunk;
            Common.Parallelism.For(chunks, chunks == 1 ? 1 : threads, c =>
            {
                int first = c * Chunk, end = Math.Min(count, first + Chunk);
                HashPairs(hash, friendly, children.AsSpan(64 * first, 64 * (end - first)), parents.AsSpan(32 * first, 32 * (end - first)));
            });
        }
        return new StoneMerkleTree(height, layers);
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

    private ReadOnlySpan<byte> Node(long index)
    {
        int depth = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)index);
        return _layers[depth].AsSpan((int)(32 * (index - (1L << depth))), 32);
    }

    /// <summary>
    /// The parents of consecutive child pairs (pair i = children[64i, 64i + 64)) into parents[32i, 32i + 32), several
    /// pairs at a time (<see cref="PoseidonHash.HashPairs"/>, <see cref="StoneMaskedHash.HashMany"/>).
    /// </summary>
    private static void HashPairs(StoneMaskedHash hash, bool friendly, ReadOnlySpan<byte> children, Span<byte> parents)
    {
        int count = parents.Length / 32;
        if (!friendly)
        {
            hash.HashMany(children, 64, parents);
            return;
        }
        // Below the Poseidon layers every digest is a masked byte hash or a Poseidon output, so it is below p.
        Felt[] felts = System.Buffers.ArrayPool<Felt>.Shared.Rent(3 * count);
        Span<Felt> inputs = felts.AsSpan(0, 2 * count), outputs = felts.AsSpan(2 * count, count);
        for (int i = 0; i < inputs.Length; i++) inputs[i] = Felt.FromBytesBigEndian(children.Slice(32 * i, 32));
        PoseidonHash.HashPairs(inputs, outputs);
        for (int i = 0; i < count; i++) outputs[i].WriteBytesBigEndian(parents.Slice(32 * i, 32));
        System.Buffers.ArrayPool<Felt>.Shared.Return(felts);
    }
}
