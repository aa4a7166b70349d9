using System.Runtime.CompilerServices;
using ILGPU;
using Zetina.Gpu.Kernels.Field;

namespace Zetina.Gpu.Kernels.Hashing;

/// <summary>
/// StarkNet's Poseidon (Hades, width 3, 8 full + 83 partial rounds, x³, MDS [[3,1,1],[1,−1,1],[1,1,−2]]) for
/// Merkle trees with the STARK engine's "poseidon3" hasher: leaf = poseidon_hash_many(row), parent =
/// poseidon_hash(left, right), digests the canonical value in 32 big-endian bytes. Nodes are heap-ordered
/// as in <see cref="KeccakKernels"/>.
/// </summary>
/// <remarks>
/// The 273 round constants (constant j of round i at 3i + j, Montgomery form) come in a buffer, followed by
/// element 273, whose limbs are R² mod p (it converts a canonical value x to x·R in one product).
/// </remarks>
public static class PoseidonKernels
{
    private const int FullRounds = 8;
    private const int PartialRounds = 83;

    /// <summary>Index of the R² element after the round constants.</summary>
    public const int R2Index = 3 * (FullRounds + PartialRounds);

    /// <summary>Leaf r (node 2^logRows + r) = poseidon_hash_many of the row's <paramref name="columns"/> elements.</summary>
    public static void Rows(Index1D row, ArrayView<uint> data, ArrayView<uint> nodes, ArrayView<uint> constants, int columns, int logRows, int unused2)
    {
        // hash_many: absorb pairs by addition into lanes 0 and 1, permuting after each; the last block is
        // [x, 1] when one element is left over, else [1, 0].
        DeviceFelt one = DeviceFelt.Load(constants, R2Index + 1);
        DeviceFelt s0 = default, s1 = default, s2 = default;
        int c = 0;
        for (; c + 2 <= columns; c += 2)
        {
            s0 = DeviceFelt.Add(s0, DeviceFelt.Load(data, ((long)c << logRows) + row));
            s1 = DeviceFelt.Add(s1, DeviceFelt.Load(data, ((long)(c + 1) << logRows) + row));
            Permute(ref s0, ref s1, ref s2, constants);
        }
        if (c < columns)
        {
            s0 = DeviceFelt.Add(s0, DeviceFelt.Load(data, ((long)c << logRows) + row));
            s1 = DeviceFelt.Add(s1, one);
        }
        else
        {
            s0 = DeviceFelt.Add(s0, one);
        }
        Permute(ref s0, ref s1, ref s2, constants);
        StoreDigest(nodes, (1L << logRows) + row, s0);
    }

    /// <summary>Node <paramref name="first"/> + i = poseidon_hash(node 2(first + i), node 2(first + i) + 1) = hades([l, r, 2])[0].</summary>
    public static void Layer(Index1D i, ArrayView<uint> nodes, ArrayView<uint> constants, ArrayView<uint> unusedC, int first, int unused1, int unused2)
    {
        long parent = (long)first + i;
        DeviceFelt r2 = DeviceFelt.Load(constants, R2Index);
        DeviceFelt one = DeviceFelt.Load(constants, R2Index + 1);
        DeviceFelt s0 = DeviceFelt.Mul(LoadDigest(nodes, 2 * parent), r2);
        DeviceFelt s1 = DeviceFelt.Mul(LoadDigest(nodes, 2 * parent + 1), r2);
        DeviceFelt s2 = DeviceFelt.Add(one, one);
        Permute(ref s0, ref s1, ref s2, constants);
        StoreDigest(nodes, parent, s0);
    }

    /// <summary>The Hades permutation: 4 full rounds, 83 partial rounds (S-box on lane 2 only), 4 full rounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Permute(ref DeviceFelt s0, ref DeviceFelt s1, ref DeviceFelt s2, ArrayView<uint> k)
    {
        int r = 0;
        for (; r < FullRounds / 2; r++)
        {
            s0 = Cube(DeviceFelt.Add(s0, DeviceFelt.Load(k, 3 * r)));
            s1 = Cube(DeviceFelt.Add(s1, DeviceFelt.Load(k, 3 * r + 1)));
            s2 = Cube(DeviceFelt.Add(s2, DeviceFelt.Load(k, 3 * r + 2)));
            Mix(ref s0, ref s1, ref s2);
        }
        for (; r < FullRounds / 2 + PartialRounds; r++)
        {
            s0 = DeviceFelt.Add(s0, DeviceFelt.Load(k, 3 * r));
            s1 = DeviceFelt.Add(s1, DeviceFelt.Load(k, 3 * r + 1));
            s2 = Cube(DeviceFelt.Add(s2, DeviceFelt.Load(k, 3 * r + 2)));
            Mix(ref s0, ref s1, ref s2);
        }
        for (; r < FullRounds + PartialRounds; r++)
        {
            s0 = Cube(DeviceFelt.Add(s0, DeviceFelt.Load(k, 3 * r)));
            s1 = Cube(DeviceFelt.Add(s1, DeviceFelt.Load(k, 3 * r + 1)));
            s2 = Cube(DeviceFelt.Add(s2, DeviceFelt.Load(k, 3 * r + 2)));
            Mix(ref s0, ref s1, ref s2);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DeviceFelt Cube(DeviceFelt x) => DeviceFelt.Mul(DeviceFelt.Square(x), x);

    /// <summary>(s0, s1, s2) ← M·s with t = s0 + s1 + s2: (t + 2·s0, t − 2·s1, t − 3·s2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mix(ref DeviceFelt s0, ref DeviceFelt s1, ref DeviceFelt s2)
    {
        DeviceFelt t = DeviceFelt.Add(DeviceFelt.Add(s0, s1), s2);
        DeviceFelt n0 = DeviceFelt.Add(t, DeviceFelt.Add(s0, s0));
        DeviceFelt n1 = DeviceFelt.Sub(t, DeviceFelt.Add(s1, s1));
        DeviceFelt n2 = DeviceFelt.Sub(t, DeviceFelt.Add(DeviceFelt.Add(s2, s2), s2));
        s0 = n0; s1 = n1; s2 = n2;
    }

    /// <summary>Writes the canonical value of <paramref name="x"/> as 32 big-endian bytes (node <paramref name="node"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreDigest(ArrayView<uint> nodes, long node, DeviceFelt x)
    {
        DeviceFelt c = DeviceFelt.ToCanonical(x);
        long o = node * 8;
        // Word w holds bytes 4w … 4w+3 little-endian; big-endian bytes put limb 7's top byte first.
        nodes[o] = Bswap(c.X7); nodes[o + 1] = Bswap(c.X6); nodes[o + 2] = Bswap(c.X5); nodes[o + 3] = Bswap(c.X4);
        nodes[o + 4] = Bswap(c.X3); nodes[o + 5] = Bswap(c.X2); nodes[o + 6] = Bswap(c.X1); nodes[o + 7] = Bswap(c.X0);
    }

    /// <summary>Reads a digest written by <see cref="StoreDigest"/> back as canonical limbs (a value below p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DeviceFelt LoadDigest(ArrayView<uint> nodes, long node)
    {
        long o = node * 8;
        return new DeviceFelt(Bswap(nodes[o + 7]), Bswap(nodes[o + 6]), Bswap(nodes[o + 5]), Bswap(nodes[o + 4]),
            Bswap(nodes[o + 3]), Bswap(nodes[o + 2]), Bswap(nodes[o + 1]), Bswap(nodes[o]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Bswap(uint x) => (x >> 24) | ((x >> 8) & 0xFF00u) | ((x << 8) & 0xFF0000u) | (x << 24);
}
