using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Merkle;

/// <summary>
/// A Stone Merkle tree held whole by the prover (<c>commitment_scheme/merkle/merkle.cc</c>, <c>MerkleTree</c>): node 1
/// is the root, node i has children 2i and 2i + 1, leaf r of a tree of height h is node 2^h + r. A parent whose
/// children lie at depth d ≤ n_verifier_friendly_commitment_layers is Poseidon(left, right), deeper parents are the
/// masked byte hash of left ‖ right — the rule <see cref="StoneMerkleVerifier"/> checks.
/// </summary>
/// <remarks>
/// Memory: the leaves (32·2^h bytes, the caller's array, kept as given) and the nodes from depth h − <see cref="Unkept"/>
/// up (about 32·2^h / 8 bytes), one array per depth. The three node layers just above the leaves — seven eighths of
/// the nodes — are not kept: a path needs at most seven of their nodes per opened leaf, rehashed from the leaves below.
/// </remarks>
internal sealed class StoneMerkleTree
{
    /// <summary>How many node layers above the leaves are recomputed on demand instead of kept.</summary>
    internal const int Unkept = 3;

    private readonly byte[]?[] _layers;
    private readonly long _verifierFriendlyLayers;
    private readonly StoneMaskedHash _hash;

    private StoneMerkleTree(int height, byte[]?[] layers, long verifierFriendlyLayers, StoneMaskedHash hash)
    {
        Height = height;
        _layers = layers;
        _verifierFriendlyLayers = verifierFriendlyLayers;
        _hash = hash;
    }

    /// <summary>The tree's height h (2^h leaves).</summary>
    public int Height { get; }

    /// <summary>The root digest (32 bytes).</summary>
    public byte[] Root => Node(1).ToArray();

    /// <summary>
    /// Builds the tree over <paramref name="leaves"/> (2^<paramref name="height"/> digests of 32 bytes, leaf r at
    /// bytes 32r…32r + 31; the tree keeps the array) on at most <paramref name="maxThreads"/> threads (0: all); the
    /// nodes do not depend on it.
    /// </summary>
    /// <exception cref="ArgumentException">The leaves are not 32·2^height bytes.</exception>
    public static StoneMerkleTree Build(int height, byte[] leaves, long verifierFriendlyLayers, StoneMaskedHash hash, int maxThreads = 0)
    {
        long leafCount = 1L << height;
        if (leaves.Length != 32 * leafCount) throw new ArgumentException($"a tree of height {height} has {leafCount} 32-byte leaves, got {leaves.Length} bytes", nameof(leaves));
        var layers = new byte[]?[height + 1];
        layers[height] = leaves;
        int threads = Common.Parallelism.Resolve(maxThreads);
        // The first kept depth straight from the leaves, chunk by chunk through the unkept layers in scratch.
        int firstKept = Math.Max(0, height - Unkept);
        if (firstKept < height)
        {
            int span = height - firstKept, count = 1 << firstKept;
            byte[] parents = layers[firstKept] = new byte[32 * count];
            const int Chunk = 256;
            int chunks = (count + Chunk - 1) / Chunk;
            Common.Parallelism.For(chunks, chunks == 1 ? 1 : threads, c =>
            {
                int first = c * Chunk, end = Math.Min(count, first + Chunk);
                HashSubtrees(hash, verifierFriendlyLayers, firstKept, span, leaves.AsSpan((32 * first) << span, (32 * (end - first)) << span),
                    parents.AsSpan(32 * first, 32 * (end - first)));
            });
        }
        for (int depth = firstKept - 1; depth >= 0; depth--)
        {
            // Parents at this depth hash children at depth + 1: parent i of the layer has children 2i and 2i + 1.
            bool friendly = verifierFriendlyLayers >= depth + 1;
            int count = 1 << depth;
            byte[] children = layers[depth + 1]!, parents = layers[depth] = new byte[32 * count];
            const int Chunk = 1024;
            int chunks = (count + Chunk - 1) / Chunk;
            Common.Parallelism.For(chunks, chunks == 1 ? 1 : threads, c =>
            {
                int first = c * Chunk, end = Math.Min(count, first + Chunk);
                HashPairs(hash, friendly, children.AsSpan(64 * first, 64 * (end - first)), parents.AsSpan(32 * first, 32 * (end - first)));
            });
        }
        return new StoneMerkleTree(height, layers, verifierFriendlyLayers, hash);
    }

    /// <summary>
    /// The nodes at <paramref name="depth"/> over consecutive runs of 2^<paramref name="span"/> nodes at depth
    /// depth + span (<paramref name="below"/>), hashing up one layer at a time in scratch.
    /// </summary>
    private static void HashSubtrees(StoneMaskedHash hash, long verifierFriendlyLayers, int depth, int span, ReadOnlySpan<byte> below, Span<byte> nodes)
    {
        byte[] scratch = new byte[below.Length / 2];
        ReadOnlySpan<byte> children = below;
        for (int d = depth + span - 1; d >= depth; d--)
        {
            Span<byte> parents = d == depth ? nodes : scratch.AsSpan(0, children.Length / 2);
            HashPairs(hash, verifierFriendlyLayers >= d + 1, children, parents);
            children = parents;
        }
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
        long offset = index - (1L << depth);
        if (_layers[depth] is byte[] layer) return layer.AsSpan((int)(32 * offset), 32);
        // An unkept layer: rehash the node's subtree from the leaves below it.
        int span = Height - depth;
        var node = new byte[32];
        HashSubtrees(_hash, _verifierFriendlyLayers, depth, span, _layers[Height].AsSpan((int)((32 * offset) << span), 32 << span), node);
        return node;
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
