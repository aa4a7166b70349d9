using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Gpu.Tests.Reference;

/// <summary>The Merkle tree of <c>GpuMerkle</c>'s contract, built on the CPU with Zetina.Stark's <see cref="Keccak256"/>, written from the definition.</summary>
internal static class ReferenceMerkle
{
    /// <summary>Heap-ordered tree (2n digests, node 0 zero) over the rows of column-major data.</summary>
    public static byte[] Tree(ReadOnlySpan<Felt> data, int columns)
    {
        int rows = data.Length / columns;
        var tree = new byte[2 * rows * 32];
        var row = new byte[32 * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++) data[c * rows + r].WriteBytesBigEndian(row.AsSpan(32 * c, 32));
            Keccak256.Hash(row).CopyTo(tree, (rows + r) * 32);
        }
        for (int k = rows - 1; k >= 1; k--)
            Keccak256.Hash(tree.AsSpan(2 * k * 32, 64)).CopyTo(tree, k * 32);
        return tree;
    }
}
