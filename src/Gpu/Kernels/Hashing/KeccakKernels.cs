using System.Runtime.CompilerServices;
using ILGPU;
using Zetina.Gpu.Kernels.Field;

namespace Zetina.Gpu.Kernels.Hashing;

/// <summary>
/// Keccak-256 (the original Keccak padding 0x01 … 0x80, as Ethereum and StarkNet use it, not SHA3's 0x06)
/// of LDE rows and of Merkle node pairs. Digests are stored as eight 32-bit words, byte for byte the digest.
/// Nodes live heap-style in one buffer: node 1 is the root, node k has children 2k and 2k + 1, and the n
/// leaves are nodes n … 2n − 1.
/// </summary>
public static class KeccakKernels
{
    /// <summary>Mask code: keep the first 20 digest bytes (Stone's "_masked160_msb").</summary>
    public const int MaskMsb = 1;

    /// <summary>Mask code: zero the first 12 digest bytes (Stone's "_masked160_lsb").</summary>
    public const int MaskLsb = 2;

    /// <summary>Mask code: keep the first 24 digest bytes ("_masked192_msb").</summary>
    public const int Mask192Msb = 3;

    /// <summary>Keccak-256's rate in 64-bit lanes (136 bytes).</summary>
    private const int RateLanes = 17;

    /// <summary>
    /// Leaf r (node 2^logRows + r) = Keccak-256 of the row's <paramref name="columns"/> elements, each as its
    /// canonical value in 32 big-endian bytes, in column order; masked as <paramref name="mask"/> says.
    /// </summary>
    public static void Rows(Index1D row, ArrayView<uint> data, ArrayView<uint> nodes, ArrayView<uint> unusedC, int columns, int logRows, int mask)
    {
        KeccakState s = default;
        int lane = 0;
        for (int c = 0; c < columns; c++)
        {
            DeviceFelt x = DeviceFelt.ToCanonical(DeviceFelt.Load(data, ((long)c << logRows) + row));
            // 32 big-endian bytes: the most significant 64-bit limb first, each limb's bytes reversed;
            // a lane is the little-endian reading of 8 message bytes, hence the byte swap.
            s = Absorb(s, ref lane, Swap(x.X7, x.X6));
            s = Absorb(s, ref lane, Swap(x.X5, x.X4));
            s = Absorb(s, ref lane, Swap(x.X3, x.X2));
            s = Absorb(s, ref lane, Swap(x.X1, x.X0));
        }
        s = Finish(s, lane);
        StoreDigest(nodes, (1L << logRows) + row, s, mask);
    }

    /// <summary>
    /// Node <paramref name="first"/> + i = Keccak-256(node 2(first + i) ‖ node 2(first + i) + 1), masked as
    /// <paramref name="mask"/> says.
    /// </summary>
    public static void Layer(Index1D i, ArrayView<uint> nodes, ArrayView<uint> unusedB, ArrayView<uint> unusedC, int first, int mask, int unused2)
    {
        long parent = (long)first + i;
        long o = parent * 16;  // 2·parent nodes of 8 words: the left child's first word
        KeccakState s = default;
        s.A00 = Lane(nodes, o); s.A01 = Lane(nodes, o + 2); s.A02 = Lane(nodes, o + 4); s.A03 = Lane(nodes, o + 6);
        s.A04 = Lane(nodes, o + 8); s.A05 = Lane(nodes, o + 10); s.A06 = Lane(nodes, o + 12); s.A07 = Lane(nodes, o + 14);
        s = Finish(s, 8);
        StoreDigest(nodes, parent, s, mask);
    }

    /// <summary>XORs the next message lane in, permuting when the rate is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static KeccakState Absorb(KeccakState s, ref int lane, ulong v)
    {
        s = KeccakState.XorLane(s, lane, v);
        lane++;
        if (lane == RateLanes)
        {
            s = KeccakState.Permute(s);
            lane = 0;
        }
        return s;
    }

    /// <summary>
    /// Pads a message that ended on a lane boundary at <paramref name="lane"/> (byte 0x01 there, 0x80 in the
    /// last rate byte) and runs the final permutation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static KeccakState Finish(KeccakState s, int lane)
    {
        s = KeccakState.XorLane(s, lane, 0x01UL);
        s = KeccakState.XorLane(s, RateLanes - 1, 0x8000000000000000UL);
        return KeccakState.Permute(s);
    }

    /// <summary>The lane whose 8 bytes are big-endian <paramref name="hi"/> then big-endian <paramref name="lo"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Swap(uint hi, uint lo) => ((ulong)Bswap(lo) << 32) | Bswap(hi);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Bswap(uint x) => (x >> 24) | ((x >> 8) & 0xFF00u) | ((x << 8) & 0xFF0000u) | (x << 24);

    /// <summary>Two consecutive words read as one little-endian 64-bit lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Lane(ArrayView<uint> v, long o) => v[o] | ((ulong)v[o + 1] << 32);

    /// <summary>
    /// Writes the first 32 output bytes (lanes 0 … 3) as node <paramref name="node"/>, masked: 1 keeps bytes
    /// 0 … 19 and zeroes 20 … 31 (Stone's "masked160_msb"), 2 zeroes bytes 0 … 11 ("masked160_lsb"), 3 keeps
    /// bytes 0 … 23 and zeroes 24 … 31 ("masked192_msb"), else none.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreDigest(ArrayView<uint> nodes, long node, KeccakState s, int mask)
    {
        long o = node * 8;
        uint w0 = (uint)s.A00, w1 = (uint)(s.A00 >> 32), w2 = (uint)s.A01, w3 = (uint)(s.A01 >> 32);
        uint w4 = (uint)s.A02, w5 = (uint)(s.A02 >> 32), w6 = (uint)s.A03, w7 = (uint)(s.A03 >> 32);
        if (mask == MaskMsb) { w5 = 0; w6 = 0; w7 = 0; }
        else if (mask == MaskLsb) { w0 = 0; w1 = 0; w2 = 0; }
        else if (mask == Mask192Msb) { w6 = 0; w7 = 0; }
        nodes[o] = w0; nodes[o + 1] = w1; nodes[o + 2] = w2; nodes[o + 3] = w3;
        nodes[o + 4] = w4; nodes[o + 5] = w5; nodes[o + 6] = w6; nodes[o + 7] = w7;
    }
}
