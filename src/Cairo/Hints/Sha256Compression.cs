using System.Numerics;

namespace Zetina.Cairo.Hints;

/// <summary>
/// The SHA-256 block compression (FIPS 180-4 §6.2.2) on 32-bit words, as cairo-lang's <c>sha256_utils.py</c>
/// splits it: <c>compute_message_schedule</c> (16 words → 64) and <c>sha2_compress_function</c> (state + schedule →
/// new state, the feed-forward addition included).
/// </summary>
internal static class Sha256Compression
{
    /// <summary>The initial hash value H(0) (FIPS 180-4 §5.3.3).</summary>
    public static ReadOnlySpan<uint> IV =>
    [
        0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au, 0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u,
    ];

    /// <summary>The round constants K (FIPS 180-4 §4.2.2).</summary>
    private static ReadOnlySpan<uint> K =>
    [
        0x428A2F98u, 0x71374491u, 0xB5C0FBCFu, 0xE9B5DBA5u, 0x3956C25Bu, 0x59F111F1u, 0x923F82A4u, 0xAB1C5ED5u,
        0xD807AA98u, 0x12835B01u, 0x243185BEu, 0x550C7DC3u, 0x72BE5D74u, 0x80DEB1FEu, 0x9BDC06A7u, 0xC19BF174u,
        0xE49B69C1u, 0xEFBE4786u, 0x0FC19DC6u, 0x240CA1CCu, 0x2DE92C6Fu, 0x4A7484AAu, 0x5CB0A9DCu, 0x76F988DAu,
        0x983E5152u, 0xA831C66Du, 0xB00327C8u, 0xBF597FC7u, 0xC6E00BF3u, 0xD5A79147u, 0x06CA6351u, 0x14292967u,
        0x27B70A85u, 0x2E1B2138u, 0x4D2C6DFCu, 0x53380D13u, 0x650A7354u, 0x766A0ABBu, 0x81C2C92Eu, 0x92722C85u,
        0xA2BFE8A1u, 0xA81A664Bu, 0xC24B8B70u, 0xC76C51A3u, 0xD192E819u, 0xD6990624u, 0xF40E3585u, 0x106AA070u,
        0x19A4C116u, 0x1E376C08u, 0x2748774Cu, 0x34B0BCB5u, 0x391C0CB3u, 0x4ED8AA4Au, 0x5B9CCA4Fu, 0x682E6FF3u,
        0x748F82EEu, 0x78A5636Fu, 0x84C87814u, 0x8CC70208u, 0x90BEFFFAu, 0xA4506CEBu, 0xBEF9A3F7u, 0xC67178F2u,
    ];

    /// <summary>Expands a 16-word block into the 64-word message schedule W (FIPS 180-4 §6.2.2 step 1).</summary>
    public static void MessageSchedule(ReadOnlySpan<uint> block16, Span<uint> w64)
    {
        block16[..16].CopyTo(w64);
        for (int i = 16; i < 64; i++)
        {
            uint s0 = BitOperations.RotateRight(w64[i - 15], 7) ^ BitOperations.RotateRight(w64[i - 15], 18) ^ (w64[i - 15] >> 3);
            uint s1 = BitOperations.RotateRight(w64[i - 2], 17) ^ BitOperations.RotateRight(w64[i - 2], 19) ^ (w64[i - 2] >> 10);
            w64[i] = w64[i - 16] + s0 + w64[i - 7] + s1;
        }
    }

    /// <summary>The 64 rounds and the feed-forward: <paramref name="state8"/> becomes the next hash value.</summary>
    public static void Compress(Span<uint> state8, ReadOnlySpan<uint> w64)
    {
        uint a = state8[0], b = state8[1], c = state8[2], d = state8[3], e = state8[4], f = state8[5], g = state8[6], h = state8[7];
        ReadOnlySpan<uint> k = K;
        for (int i = 0; i < 64; i++)
        {
            uint s1 = BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);
            uint ch = (e & f) ^ (~e & g);
            uint temp1 = h + s1 + ch + k[i] + w64[i];
            uint s0 = BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);
            uint maj = (a & b) ^ (a & c) ^ (b & c);
            uint temp2 = s0 + maj;
            h = g; g = f; f = e; e = d + temp1; d = c; c = b; b = a; a = temp1 + temp2;
        }
        state8[0] += a; state8[1] += b; state8[2] += c; state8[3] += d;
        state8[4] += e; state8[5] += f; state8[6] += g; state8[7] += h;
    }
}
