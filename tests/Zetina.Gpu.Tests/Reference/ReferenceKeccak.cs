using System.Buffers.Binary;

namespace Zetina.Gpu.Tests.Reference;

/// <summary>
/// A plain byte-oriented Keccak-256 (original padding 0x01…0x80), the oracle for the GPU leaf and node
/// hashes, itself checked against published digests in <c>ReferenceKeccakTests</c>.
/// </summary>
internal static class ReferenceKeccak
{
    private static readonly ulong[] s_rc =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    // Rotation offsets r[x + 5y] (FIPS 202, Table 2).
    private static readonly int[] s_rot =
    [
        0, 1, 62, 28, 27,
        36, 44, 6, 55, 20,
        3, 10, 43, 25, 39,
        41, 45, 15, 21, 8,
        18, 2, 61, 56, 14,
    ];

    /// <summary>Keccak-256 with padding byte <paramref name="pad"/> (0x01 Keccak; 0x06 gives SHA3-256, for testing the sponge against hashlib).</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data, byte pad = 0x01)
    {
        const int rate = 136;
        var state = new ulong[25];
        var block = new byte[rate];
        int offset = 0;
        while (data.Length - offset >= rate)
        {
            Absorb(state, data.Slice(offset, rate));
            offset += rate;
        }
        Array.Clear(block);
        data[offset..].CopyTo(block);
        block[data.Length - offset] ^= pad;
        block[rate - 1] ^= 0x80;
        Absorb(state, block);
        var digest = new byte[32];
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteUInt64LittleEndian(digest.AsSpan(8 * i), state[i]);
        return digest;
    }

    private static void Absorb(ulong[] state, ReadOnlySpan<byte> block)
    {
        for (int i = 0; i < 17; i++) state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);
        Permute(state);
    }

    private static void Permute(ulong[] a)
    {
        var c = new ulong[5];
        var b = new ulong[25];
        for (int round = 0; round < 24; round++)
        {
            for (int x = 0; x < 5; x++) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            for (int x = 0; x < 5; x++)
            {
                ulong d = c[(x + 4) % 5] ^ ulong.RotateLeft(c[(x + 1) % 5], 1);
                for (int y = 0; y < 25; y += 5) a[x + y] ^= d;
            }
            for (int x = 0; x < 5; x++)
                for (int y = 0; y < 5; y++)
                    b[y + 5 * ((2 * x + 3 * y) % 5)] = ulong.RotateLeft(a[x + 5 * y], s_rot[x + 5 * y]);
            for (int x = 0; x < 5; x++)
                for (int y = 0; y < 5; y++)
                    a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
            a[0] ^= s_rc[round];
        }
    }
}
