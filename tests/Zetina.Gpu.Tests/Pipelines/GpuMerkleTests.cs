using Zetina.Gpu.Merkle;
using Zetina.Gpu.Tests.Reference;
using Zetina.Stark.Field;

namespace Zetina.Gpu.Tests.Pipelines;

/// <summary>The Keccak-256 leaf and layer kernels on ILGPU's CPU accelerator against a CPU tree built from Zetina.Stark's Keccak-256.</summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class GpuMerkleTests(CpuAcceleratorFixture fixture) : IDisposable
{
    private readonly GpuMerkle _merkle = new(fixture.Backend);

    public void Dispose() => _merkle.Dispose();

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(4, 4)]   // 128-byte rows: the padding lands in the last rate lane
    [InlineData(5, 2)]   // 160-byte rows: two blocks
    [InlineData(8, 5)]
    [InlineData(17, 3)]  // 544 bytes = 4 full blocks: padding in a fifth
    [InlineData(2, 12)]
    public void Commit_RandomRows_MatchesCpuTree(int columns, int logRows)
    {
        int seed = 700 + 31 * columns + logRows;
        Felt[] data = TestFelts.Random(columns << logRows, seed);
        byte[] expected = ReferenceMerkle.Tree(data, columns);
        byte[] got = _merkle.Commit(data, columns);
        Assert.Equal(expected.Length, got.Length);
        // Node 0 is unused; compare nodes 1 … 2n − 1.
        for (int node = 1; node < got.Length / 32; node++)
            if (!expected.AsSpan(node * 32, 32).SequenceEqual(got.AsSpan(node * 32, 32)))
                Assert.Fail($"seed {seed}, node {node}: expected {Convert.ToHexStringLower(expected.AsSpan(node * 32, 32))}, got {Convert.ToHexStringLower(got.AsSpan(node * 32, 32))}");
    }

    [Fact]
    public void Commit_EdgeValueRows_MatchesCpuTree()
    {
        Felt[] data = [.. TestFelts.Edges, .. TestFelts.Edges[..7]];  // 16 = 2 columns × 8 rows
        Assert.Equal(
            Convert.ToHexStringLower(ReferenceMerkle.Tree(data, 2).AsSpan(32)),
            Convert.ToHexStringLower(_merkle.Commit(data, 2).AsSpan(32)));
    }

    [Fact]
    public void Commit_OneFeltRowOfZero_IsKeccakOf32ZeroBytes()
    {
        byte[] tree = _merkle.Commit([Felt.Zero, Felt.Zero], columns: 1);
        Assert.Equal("290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e563", Convert.ToHexStringLower(tree.AsSpan(64, 32)));
    }
}
