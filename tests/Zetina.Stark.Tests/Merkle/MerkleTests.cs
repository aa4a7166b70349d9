using Zetina.Stark.Field;
using Zetina.Stark.Hashing;
using Zetina.Stark.Merkle;
using Zetina.Stark.Tests.Ntt;

namespace Zetina.Stark.Tests.Merkle;

/// <summary>Merkle commitments over rows: structure, batch openings and their verification, for every hash.</summary>
public class MerkleTests
{
    public static TheoryData<string> HashNames()
    {
        var data = new TheoryData<string>();
        foreach (string n in MerkleHashes.Names) data.Add(n);
        return data;
    }

    private static (Felt[][] Columns, MerkleTree Tree, IMerkleHasher Hasher) Build(string hash, int leaves, int width, int threads)
    {
        var cols = new Felt[width][];
        for (int c = 0; c < width; c++) cols[c] = NttTests.RandomFelts(leaves, 100 + c);
        IMerkleHasher hasher = MerkleHashes.Create(hash);
        var mem = new ReadOnlyMemory<Felt>[width];
        for (int c = 0; c < width; c++) mem[c] = cols[c];
        return (cols, new CpuVectorCommitmentBackend(threads).Commit(mem, hasher), hasher);
    }

    private static byte[] LeafDigest(Felt[][] cols, int i, IMerkleHasher hasher)
    {
        var row = new Felt[cols.Length];
        for (int c = 0; c < cols.Length; c++) row[c] = cols[c][i];
        var d = new byte[32];
        hasher.HashLeaf(row, d);
        return d;
    }

    [Theory]
    [MemberData(nameof(HashNames))]
    public void HashLeavesAndPairs_EqualOneAtATime(string hash)
    {
        // 150 leaves from row 3: blocks of 64 rows, groups of four lanes, and two alone at the end.
        const int width = 5, count = 150;
        var cols = new Felt[width][];
        var mem = new ReadOnlyMemory<Felt>[width];
        for (int c = 0; c < width; c++) { cols[c] = NttTests.RandomFelts(160, 300 + c); mem[c] = cols[c]; }
        IMerkleHasher hasher = MerkleHashes.Create(hash);
        var digests = new byte[count * 32];
        hasher.HashLeaves(mem, 3, count, digests);
        for (int i = 0; i < count; i++) Assert.Equal(LeafDigest(cols, 3 + i, hasher), digests.AsSpan(32 * i, 32).ToArray());

        // Five parents from the first ten digests: one group of four lanes and one alone.
        var parents = new byte[5 * 32];
        hasher.HashPairs(digests.AsSpan(0, 10 * 32), parents);
        for (int k = 0; k < 5; k++)
        {
            var one = new byte[32];
            hasher.HashPair(digests.AsSpan(64 * k, 32), digests.AsSpan(64 * k + 32, 32), one);
            Assert.Equal(one, parents.AsSpan(32 * k, 32).ToArray());
        }
    }

    [Fact]
    public void Commit_Keccak_RootIsHashOfChildrenAndLeavesAreRowHashes()
    {
        var (cols, tree, _) = Build("keccak256", 8, 2, 1);
        var row = new byte[64];
        cols[0][5].WriteBytesBigEndian(row.AsSpan(0, 32));
        cols[1][5].WriteBytesBigEndian(row.AsSpan(32, 32));
        Assert.Equal(Keccak256.Hash(row), tree.Node(8 + 5).ToArray());
        Assert.Equal(Keccak256.Hash([.. tree.Node(2), .. tree.Node(3)]), tree.Root.ToArray());
    }

    [Theory]
    [MemberData(nameof(HashNames))]
    public void Open_RandomSubsets_VerifyForEveryHash(string hash)
    {
        var (cols, tree, hasher) = Build(hash, 64, 3, 2);
        var rnd = new Random(hash.Length);
        for (int trial = 0; trial < 5; trial++)
        {
            var set = new SortedSet<int>();
            int k = 1 + rnd.Next(10);
            while (set.Count < k) set.Add(rnd.Next(64));
            int[] idx = [.. set];
            byte[][] siblings = tree.Open(idx);
            var leaves = new List<byte[]>();
            foreach (int i in idx) leaves.Add(LeafDigest(cols, i, hasher));
            Assert.Equal(MerkleCheck.Valid, MerkleVerifier.Verify(tree.Root, 64, idx, leaves, siblings, hasher));
        }
    }

    [Fact]
    public void Verify_AnyTamperedSiblingOrLeaf_Fails()
    {
        var (cols, tree, hasher) = Build("keccak256", 32, 1, 1);
        int[] idx = [3, 4, 17];
        byte[][] siblings = tree.Open(idx);
        var leaves = new List<byte[]>();
        foreach (int i in idx) leaves.Add(LeafDigest(cols, i, hasher));
        for (int s = 0; s < siblings.Length; s++)
        {
            var bad = siblings.Select(x => (byte[])x.Clone()).ToArray();
            bad[s][7] ^= 1;
            Assert.Equal(MerkleCheck.RootMismatch, MerkleVerifier.Verify(tree.Root, 32, idx, leaves, bad, hasher));
        }
        for (int l = 0; l < leaves.Count; l++)
        {
            var bad = leaves.Select(x => (byte[])x.Clone()).ToList();
            bad[l][0] ^= 0x80;
            Assert.Equal(MerkleCheck.RootMismatch, MerkleVerifier.Verify(tree.Root, 32, idx, bad, siblings, hasher));
        }
        Assert.Equal(MerkleCheck.NodesMissing, MerkleVerifier.Verify(tree.Root, 32, idx, leaves, siblings[..^1], hasher));
        Assert.Equal(MerkleCheck.NodesExtra, MerkleVerifier.Verify(tree.Root, 32, idx, leaves, [.. siblings, siblings[0]], hasher));
        Assert.Equal(MerkleCheck.RootMismatch, MerkleVerifier.Verify(tree.Root, 32, idx, leaves, [siblings[1], siblings[0], .. siblings[2..]], hasher));
        Assert.NotEqual(MerkleCheck.Valid, MerkleVerifier.Verify(tree.Root, 32, [3, 4, 18], leaves, siblings, hasher));
        Assert.Equal(MerkleCheck.LeavesMalformed, MerkleVerifier.Verify(tree.Root, 32, [4, 3, 17], leaves, siblings, hasher));
        Assert.Equal(MerkleCheck.LeavesMalformed, MerkleVerifier.Verify(tree.Root, 32, [3, 4, 40], leaves, siblings, hasher));
    }

    [Fact]
    public void Open_SharedPaths_AreSentOnce()
    {
        var (_, tree, _) = Build("blake2s256", 16, 1, 1);
        // Leaves 0 and 1 share everything above them: only the 3 higher siblings are needed.
        Assert.Equal(3, tree.Open([0, 1]).Length);
        Assert.Equal(4, tree.Open([5]).Length);
        Assert.Empty(tree.Open(Enumerable.Range(0, 16).ToArray()));
    }

    [Fact]
    public void Commit_OneAndTwoThreads_SameRoot()
    {
        var (_, a, _) = Build("keccak256", 4096, 2, 1);
        var (_, b, _) = Build("keccak256", 4096, 2, 2);
        Assert.Equal(a.Root.ToArray(), b.Root.ToArray());
    }

    [Fact]
    public void Masked160_Msb_ZeroesLastTwelveBytes()
    {
        var (_, tree, _) = Build("keccak256_masked160_msb", 8, 1, 1);
        Assert.All(tree.Root[20..].ToArray(), b => Assert.Equal(0, b));
        var (_, tree2, _) = Build("blake2s256_masked160_lsb", 8, 1, 1);
        Assert.All(tree2.Root[..12].ToArray(), b => Assert.Equal(0, b));
    }
}
