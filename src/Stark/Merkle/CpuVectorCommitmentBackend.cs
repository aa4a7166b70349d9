using System.Buffers;
using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Stark.Merkle;

/// <summary>
/// The CPU <see cref="IVectorCommitmentBackend"/>: leaves hashed in parallel chunks, then each level of
/// the tree in parallel chunks while it is wide enough to pay for it.
/// </summary>
public sealed class CpuVectorCommitmentBackend : IVectorCommitmentBackend
{
    /// <summary>Creates a backend using at most <paramref name="maxThreads"/> threads (0: all processors).</summary>
    public CpuVectorCommitmentBackend(int maxThreads = 0) => MaxThreads = Parallelism.Resolve(maxThreads);

    /// <summary>The most threads one call uses.</summary>
    public int MaxThreads { get; }

    /// <inheritdoc/>
    public MerkleTree Commit(ReadOnlySpan<ReadOnlyMemory<Felt>> columns, IMerkleHasher hasher)
    {
        if (columns.Length == 0) throw new ArgumentException("at least one column is needed", nameof(columns));
        int leaves = columns[0].Length;
        for (int c = 1; c < columns.Length; c++)
            if (columns[c].Length != leaves) throw new ArgumentException($"column {c} has {columns[c].Length} rows, column 0 has {leaves}");
        PowerOfTwo.Log2(leaves);
        var nodes = HugePages.NewArray<byte>(checked((int)(2L * leaves * MerkleTree.DigestSize)));
        ReadOnlyMemory<Felt>[] cols = columns.ToArray();
        int chunks = ChunkCount(leaves);
        Parallelism.For(chunks, MaxThreads, ch =>
        {
            int lo = (int)((long)leaves * ch / chunks), hi = (int)((long)leaves * (ch + 1) / chunks);
            hasher.HashLeaves(cols, lo, hi - lo, nodes.AsSpan((leaves + lo) * MerkleTree.DigestSize, (hi - lo) * MerkleTree.DigestSize));
        });
        HashLevels(nodes, leaves, hasher, MaxThreads);
        return new MerkleTree(leaves, nodes);
    }

    /// <summary>Fills nodes [1, leaves) from the leaves up: node k = H(node 2k ‖ node 2k + 1).</summary>
    internal static void HashLevels(byte[] nodes, int leaves, IMerkleHasher hasher, int maxThreads)
    {
        const int D = MerkleTree.DigestSize;
        for (int width = leaves >> 1; width >= 1; width >>= 1)
        {
            int first = width;
            int chunks = ChunkCount(width);
            Parallelism.For(chunks, width >= 1024 ? maxThreads : 1, ch =>
            {
                int lo = first + (int)((long)width * ch / chunks), hi = first + (int)((long)width * (ch + 1) / chunks);
                hasher.HashPairs(nodes.AsSpan(2 * lo * D, 2 * (hi - lo) * D), nodes.AsSpan(lo * D, (hi - lo) * D));
            });
        }
    }

    private static int ChunkCount(int work) => work < 1024 ? 1 : Math.Min(64, work / 512);
}
