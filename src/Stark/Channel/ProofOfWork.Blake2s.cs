using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Channel;

// BLAKE2s-256 grinding in lanes. The 40-byte input P ‖ n is one final block, zero-padded to 64 bytes
// (RFC 7693 §3.3), compressed once from the unkeyed initial state with counter t = 40 and the final flag f0 = ~0:
//
//   words 0..7    P as little-endian 32-bit words        (the same for every nonce)
//   word  8       the nonce's high half, big-endian bytes read little-endian = ReverseEndianness((uint)(n >> 32))
//   word  9       the low half, likewise                 = ReverseEndianness((uint)n)
//   words 10..15  0
//
// The digest's first 8 bytes are h0 and h1 little-endian, so the check masks h0 and h1 with the byte-swapped halves
// of the big-endian head mask.
public static partial class ProofOfWork
{
    /// <summary>The BLAKE2s length counter of the single block: 40 message bytes.</summary>
    private const uint Blake2sInputBytes = PrefixBytes + 8;

    /// <summary>Scans <paramref name="groups"/> groups of eight nonces from <paramref name="first"/>, eight compressions per step.</summary>
    [SkipLocalsInit]
    private static bool ScanBlake2s256(Target target, ulong first, ulong groups, out ulong nonce)
    {
        Span<uint> initial = stackalloc uint[8];
        Blake2s256.InitialState(initial);
        Span<Vector256<uint>> block = stackalloc Vector256<uint>[16];
        Span<Vector256<uint>> h = stackalloc Vector256<uint>[8];
        block.Clear();
        for (int i = 0; i < 8; i++) block[i] = Vector256.Create(target.PrefixWords[i]);
        Vector256<uint> mask0 = Vector256.Create(BinaryPrimitives.ReverseEndianness((uint)(target.HeadMask >> 32)));
        Vector256<uint> mask1 = Vector256.Create(BinaryPrimitives.ReverseEndianness((uint)target.HeadMask));
        ulong n = first;
        for (ulong g = 0; g < groups; g++, n += 8)
        {
            for (int i = 0; i < 8; i++) h[i] = Vector256.Create(initial[i]);
            block[8] = Vector256.Create(High(n), High(n + 1), High(n + 2), High(n + 3), High(n + 4), High(n + 5), High(n + 6), High(n + 7));
            block[9] = Vector256.Create(Low(n), Low(n + 1), Low(n + 2), Low(n + 3), Low(n + 4), Low(n + 5), Low(n + 6), Low(n + 7));
            Blake2s256.Compress256(ref h[0], in block[0], Blake2sInputBytes, 0, uint.MaxValue, 0);
            uint hits = Vector256.Equals((h[0] & mask0) | (h[1] & mask1), Vector256<uint>.Zero).ExtractMostSignificantBits();
            if (hits != 0)
            {
                nonce = n + (ulong)BitOperations.TrailingZeroCount(hits);
                return true;
            }
        }
        nonce = 0;
        return false;
    }

    /// <summary>Scans <paramref name="groups"/> groups of sixteen nonces from <paramref name="first"/>, sixteen compressions per step.</summary>
    [SkipLocalsInit]
    private static bool ScanBlake2s512(Target target, ulong first, ulong groups, out ulong nonce)
    {
        Span<uint> initial = stackalloc uint[8];
        Blake2s256.InitialState(initial);
        Span<Vector512<uint>> block = stackalloc Vector512<uint>[16];
        Span<Vector512<uint>> h = stackalloc Vector512<uint>[8];
        Span<uint> high = stackalloc uint[16], low = stackalloc uint[16];
        block.Clear();
        for (int i = 0; i < 8; i++) block[i] = Vector512.Create(target.PrefixWords[i]);
        Vector512<uint> mask0 = Vector512.Create(BinaryPrimitives.ReverseEndianness((uint)(target.HeadMask >> 32)));
        Vector512<uint> mask1 = Vector512.Create(BinaryPrimitives.ReverseEndianness((uint)target.HeadMask));
        ulong n = first;
        for (ulong g = 0; g < groups; g++, n += 16)
        {
            for (int i = 0; i < 8; i++) h[i] = Vector512.Create(initial[i]);
            for (int j = 0; j < 16; j++)
            {
                high[j] = High(n + (ulong)j);
                low[j] = Low(n + (ulong)j);
            }
            block[8] = Vector512.Create<uint>(high);
            block[9] = Vector512.Create<uint>(low);
            Blake2s256.Compress512(ref h[0], in block[0], Blake2sInputBytes, 0, uint.MaxValue, 0);
            ulong hits = Vector512.Equals((h[0] & mask0) | (h[1] & mask1), Vector512<uint>.Zero).ExtractMostSignificantBits();
            if (hits != 0)
            {
                nonce = n + (ulong)BitOperations.TrailingZeroCount(hits);
                return true;
            }
        }
        nonce = 0;
        return false;
    }

    /// <summary>Message word 8: the nonce's first four big-endian bytes read little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint High(ulong nonce) => BinaryPrimitives.ReverseEndianness((uint)(nonce >> 32));

    /// <summary>Message word 9: the nonce's last four big-endian bytes read little-endian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Low(ulong nonce) => BinaryPrimitives.ReverseEndianness((uint)nonce);
}
