using Zetina.Stark.Hashing;
using Zetina.Stark.Merkle;

namespace Zetina.Stark.Tests.Merkle;

/// <summary>Stone's Merkle decommitment walk: a tree built here, opened at random rows, verified by the walk.</summary>
public sealed class StoneMerkleVerifierTests
{
    /// <summary>All nodes of a keccak256_masked160_lsb tree over <paramref name="leaves"/>: node 1 the root, leaf r node 2^h + r.</summary>
    private static byte[][] Tree(byte[][] leaves, StoneMaskedHash hash)
    {
        var nodes = new byte[2 * leaves.Length][];
        for (int i = 0; i < leaves.Length; i++) nodes[leaves.Length + i] = leaves[i];
        for (int i = leaves.Length - 1; i >= 1; i--)
        {
            nodes[i] = new byte[32];
            hash.HashPair(nodes[2 * i], nodes[2 * i + 1], nodes[i]);
        }
        return nodes;
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(6, 5)]
    [InlineData(10, 18)]
    public void The_walk_reads_exactly_the_missing_siblings_and_finds_the_root(int height, int queries)
    {
        var random = new Random(height * 31 + queries);
        StoneMaskedHash hash = StoneMaskedHash.TryCreate("keccak256_masked160_lsb")!;
        var leaves = new byte[1 << height][];
        for (int i = 0; i < leaves.Length; i++) { leaves[i] = new byte[32]; random.NextBytes(leaves[i].AsSpan(12)); }
        byte[][] nodes = Tree(leaves, hash);
        long[] rows = Enumerable.Range(0, queries).Select(_ => (long)random.Next(leaves.Length)).Distinct().Order().ToArray();

        // The missing siblings, bottom up and left to right, as a Stone prover sends them.
        var known = new SortedSet<long>(rows.Select(r => (1L << height) + r));
        var authentication = new List<byte[]>();
        while (known.Min != 1)
        {
            var parents = new SortedSet<long>();
            foreach (long n in known)
            {
                if (!known.Contains(n ^ 1)) authentication.Add(nodes[n ^ 1]);
                parents.Add(n >> 1);
            }
            known = parents;
        }
        Assert.Equal(authentication.Count, StoneMerkleVerifier.AuthenticationNodeCount(height, rows));
        int next = 0;
        byte[][] opened = rows.Select(r => leaves[r]).ToArray();
        Assert.True(StoneMerkleVerifier.TryComputeRoot(height, 0, hash, rows, opened, () => next < authentication.Count ? authentication[next++] : null, out byte[] root));
        Assert.Equal(nodes[1], root);
        Assert.Equal(authentication.Count, next);

        // A changed leaf gives another root.
        opened[0] = (byte[])opened[0].Clone();
        opened[0][31] ^= 1;
        next = 0;
        Assert.True(StoneMerkleVerifier.TryComputeRoot(height, 0, hash, rows, opened, () => next < authentication.Count ? authentication[next++] : null, out byte[] other));
        Assert.NotEqual(nodes[1], other);
    }
}
