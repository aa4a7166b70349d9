using Zetina.Stark.Field;
using Zetina.Stark.Merkle;

namespace Zetina.Stark.Tests.Conformance;

/// <summary>
/// The contract every <see cref="IVectorCommitmentBackend"/> keeps: the heap-order node array of
/// <see cref="MerkleTree"/>, leaves hashing rows, byte-identical to direct hashing. Link and subclass.
/// </summary>
public abstract class VectorCommitmentConformance
{
    /// <summary>The backend under test.</summary>
    protected abstract IVectorCommitmentBackend CreateBackend();

    public static TheoryData<string, int, int> Cases() => new()
    {
        { "keccak256", 1, 1 }, { "keccak256", 2048, 1 }, { "keccak256", 512, 3 },
        { "blake2s256", 256, 2 }, { "keccak256_masked160_msb", 64, 1 }, { "poseidon3", 128, 4 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Commit_EqualsDirectHashing(string hash, int leaves, int width)
    {
        IMerkleHasher hasher = MerkleHashes.Create(hash);
        var rnd = new Random(leaves + width);
        var cols = new Felt[width][];
        var mem = new ReadOnlyMemory<Felt>[width];
        for (int c = 0; c < width; c++)
        {
            cols[c] = new Felt[leaves];
            for (int i = 0; i < leaves; i++) cols[c][i] = Felt.FromUInt64((ulong)rnd.NextInt64());
            mem[c] = cols[c];
        }
        MerkleTree tree = CreateBackend().Commit(mem, hasher);
        Assert.Equal(leaves, tree.LeafCount);
        // Direct: every leaf and every node.
        var row = new Felt[width];
        var d = new byte[32];
        for (int i = 0; i < leaves; i++)
        {
            for (int c = 0; c < width; c++) row[c] = cols[c][i];
            hasher.HashLeaf(row, d);
            Assert.Equal(d, tree.Node(leaves + i).ToArray());
        }
        for (int k = leaves - 1; k >= 1; k--)
        {
            hasher.HashPair(tree.Node(2 * k), tree.Node(2 * k + 1), d);
            Assert.Equal(d, tree.Node(k).ToArray());
        }
    }

    [Fact]
    public void Commit_SlicedColumns_SameAsCopies()
    {
        IMerkleHasher hasher = MerkleHashes.Create("keccak256");
        var all = new Felt[1024];
        for (int i = 0; i < all.Length; i++) all[i] = Felt.FromUInt64((ulong)i * 31);
        ReadOnlyMemory<Felt>[] slices = [all.AsMemory(0, 256), all.AsMemory(256, 256), all.AsMemory(512, 256), all.AsMemory(768, 256)];
        ReadOnlyMemory<Felt>[] copies = [all[..256], all[256..512], all[512..768], all[768..]];
        Assert.Equal(CreateBackend().Commit(copies, hasher).Nodes, CreateBackend().Commit(slices, hasher).Nodes);
    }
}

/// <summary>The CPU backend against the contract.</summary>
public class CpuVectorCommitmentConformance : VectorCommitmentConformance
{
    protected override IVectorCommitmentBackend CreateBackend() => new CpuVectorCommitmentBackend(2);
}
