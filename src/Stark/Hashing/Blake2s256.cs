using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zetina.Stark.Hashing;

/// <summary>
/// BLAKE2s-256 (RFC 7693): unkeyed, 32-byte digest, no salt or personalisation — the variant StarkWare's verifier
/// uses for its Blake2s Merkle channels.
/// </summary>
/// <remarks>
/// Follows RFC 7693 §3.1–3.3 step by step (mixing function G, compression F, padding with zeros and the final-block
/// flag). Allocation-free except for the returned array of <see cref="Hash(ReadOnlySpan{byte})"/>.
/// </remarks>
public static partial class Blake2s256
{
    /// <summary>The block size in bytes.</summary>
    public const int BlockBytes = 64;

    /// <summary>The digest length in bytes.</summary>
    public const int HashBytes = 32;

    /// <summary>The initialisation vector (RFC 7693 §2.6; the same words as SHA-256's initial state).</summary>
    internal static ReadOnlySpan<uint> IV =>
    [
        0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au, 0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u,
    ];

    /// <summary>The message schedule SIGMA (RFC 7693 §2.7), ten rows of 16.</summary>
    internal static ReadOnlySpan<byte> Sigma =>
    [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ];

    /// <summary>Writes BLAKE2s-256(<paramref name="data"/>) to the first 32 bytes of <paramref name="destination32"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination32"/> is shorter than 32 bytes.</exception>
    [SkipLocalsInit]
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination32)
    {
        if (destination32.Length < HashBytes) throw new ArgumentException($"destination needs {HashBytes} bytes, has {destination32.Length}", nameof(destination32));
        Span<uint> h = stackalloc uint[8];
        InitialState(h);

        ulong counter = 0;
        // Every block but the last is compressed with the final flag clear; an empty message is one zero block.
        while (data.Length > BlockBytes)
        {
            counter += BlockBytes;
            Compress(h, data, counter, last: false);
            data = data[BlockBytes..];
        }
        Span<byte> block = stackalloc byte[BlockBytes];
        block.Clear();
        data.CopyTo(block);
        counter += (ulong)data.Length;
        Compress(h, block, counter, last: true);

        for (int i = 0; i < 8; i++) BinaryPrimitives.WriteUInt32LittleEndian(destination32[(4 * i)..], h[i]);
    }

    /// <summary>
    /// Writes the chaining value an unkeyed BLAKE2s-256 starts from into the first 8 words of <paramref name="h"/>:
    /// the IV with parameter block word 0 (digest length 32, key length 0, fanout 1, depth 1; RFC 7693 §2.5) mixed in.
    /// Cairo's blake2s hints call it <c>IV[0] ^ 0x01010020</c>.
    /// </summary>
    public static void InitialState(Span<uint> h)
    {
        IV.CopyTo(h);
        h[0] ^= 0x01010000u ^ HashBytes;
    }

    /// <summary>BLAKE2s-256(<paramref name="data"/>) as a new 32-byte array.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        byte[] digest = new byte[HashBytes];
        Hash(data, digest);
        return digest;
    }

    /// <summary>The compression function F (RFC 7693 §3.2) on one 64-byte block.</summary>
    [SkipLocalsInit]
    private static void Compress(Span<uint> h, ReadOnlySpan<byte> block, ulong counter, bool last)
    {
        Span<uint> m = stackalloc uint[16];
        for (int i = 0; i < 16; i++) m[i] = BinaryPrimitives.ReadUInt32LittleEndian(block[(4 * i)..]);
        Compress(h, m, (uint)counter, (uint)(counter >> 32), last ? 0xFFFFFFFFu : 0u, 0u);
    }

    /// <summary>
    /// The compression function F (RFC 7693 §3.2) with its inputs spelled out, as cairo-lang's
    /// <c>blake2s_compress(h, message, t0, t1, f0, f1)</c> takes them: updates the 8-word state
    /// <paramref name="h"/> in place with the 16-word <paramref name="message"/>, the offset counter
    /// (<paramref name="t0"/>, <paramref name="t1"/>) and the finalization flags (<paramref name="f0"/>, <paramref name="f1"/>).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="h"/> is not 8 words or <paramref name="message"/> not 16.</exception>
    [SkipLocalsInit]
    public static void Compress(Span<uint> h, ReadOnlySpan<uint> message, uint t0, uint t1, uint f0, uint f1)
    {
        if (h.Length != 8) throw new ArgumentException($"the state is 8 words, got {h.Length}", nameof(h));
        if (message.Length != 16) throw new ArgumentException($"a block is 16 words, got {message.Length}", nameof(message));
        ReadOnlySpan<uint> m = message;
        Span<uint> v = stackalloc uint[16];
        h.CopyTo(v);
        IV.CopyTo(v[8..]);
        v[12] ^= t0;
        v[13] ^= t1;
        v[14] ^= f0;
        v[15] ^= f1;

        ReadOnlySpan<byte> sigma = Sigma;
        for (int round = 0; round < 10; round++)
        {
            ReadOnlySpan<byte> s = sigma.Slice(16 * round, 16);
            G(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
            G(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
            G(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
            G(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
            G(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
            G(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
            G(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
            G(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
    }

    /// <summary>The mixing function G (RFC 7693 §3.1) with BLAKE2s's rotations 16, 12, 8, 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(Span<uint> v, int a, int b, int c, int d, uint x, uint y)
    {
        v[a] = v[a] + v[b] + x;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 16);
        v[c] = v[c] + v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 12);
        v[a] = v[a] + v[b] + y;
        v[d] = BitOperations.RotateRight(v[d] ^ v[a], 8);
        v[c] = v[c] + v[d];
        v[b] = BitOperations.RotateRight(v[b] ^ v[c], 7);
    }
}
