using Zetina.Stark.Field;
using Zetina.Stark.Hashing;
using Zetina.Stark.Merkle;

namespace Zetina.Stark.Tests.Merkle;

/// <summary>The prover's tree and its authentication nodes agree with <see cref="StoneMerkleVerifier"/> for every hash layering.</summary>
public sealed class StoneMerkleTreeTests
{
    [Theory]
    [InlineData(0, 0, "keccak256_masked160_lsb")]
    [InlineData(5, 0, "keccak256_masked160_msb")]
    [InlineData(5, 3, "blake256_masked248_lsb")]
    [InlineData(6, 7, "keccak256_masked160_lsb")]
    [InlineData(8, 100, "blake256_masked248_lsb")]
    public void AuthenticationNodes_RandomQueries_VerifierRecomputesRoot(int height, long friendlyLayers, string hashName)
    {
        const int Seed = 1234;
        var random = new Random(Seed + height);
        StoneMaskedHash hash = StoneMaskedHash.TryCreate(hashName)!;
        int leafCount = 1 << height;
        var leaves = new byte[32 * leafCount];
        // Leaves as a table's digests are: below p (a masked digest or a felt).
        for (int i = 0; i < leafCount; i++) Felt.FromUInt64((ulong)random.NextInt64()).WriteBytesBigEndian(leaves.AsSpan(32 * i, 32));
        StoneMerkleTree tree = StoneMerkleTree.Build(height, leaves, friendlyLayers, hash, maxThreads: 2);
        for (int trial = 0; trial < 5; trial++)
        {
            long[] rows = Enumerable.Range(0, 1 + random.Next(Math.Min(6, leafCount))).Select(_ => (long)random.Next(leafCount)).Distinct().Order().ToArray();
            byte[] nodes = tree.AuthenticationNodes(rows);
            Assert.Equal(32 * StoneMerkleVerifier.AuthenticationNodeCount(height, rows), nodes.Length);
            int next = 0;
            bool ok = StoneMerkleVerifier.TryComputeRoot(height, friendlyLayers, hash, rows,
                rows.Select(r => leaves.AsSpan((int)(32 * r), 32).ToArray()).ToArray(),
                () => next < nodes.Length ? nodes.AsSpan((next += 32) - 32, 32).ToArray() : null, out byte[] root);
            Assert.True(ok, $"seed {Seed}, rows {string.Join(",", rows)}");
            Assert.Equal(tree.Root, root);
            Assert.Equal(nodes.Length, next);
        }
    }

    [Fact]
    public void Build_OneThreadOrMany_SameRoot()
    {
        var leaves = new byte[32 << 12];
        new Random(7).NextBytes(leaves);
        for (int i = 0; i < leaves.Length; i += 32) leaves[i] &= 0x03; // below p
        StoneMaskedHash hash = StoneMaskedHash.TryCreate("keccak256_masked160_lsb")!;
        Assert.Equal(StoneMerkleTree.Build(12, leaves, 4, hash, 1).Root, StoneMerkleTree.Build(12, leaves, 4, hash, 4).Root);
    }

    [Fact]
    public void Build_WrongLeafBytes_Throws() =>
        Assert.Throws<ArgumentException>(() => StoneMerkleTree.Build(3, new byte[32 * 7], 0, StoneMaskedHash.TryCreate("keccak256")!));
}
