using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Channel;

// Keccak-256 grinding in lanes. The 40-byte input P ‖ n fills one 136-byte block, so the sponge is a single
// permutation of a state that is the padded block itself:
//
//   lane  0..3   P as little-endian 64-bit words        (the same for every nonce)
//   lane  4      n written big-endian, read little-endian = ReverseEndianness(n)
//   lane  5      0x01  (pad10*1's first bit, right after the 40 data bytes)
//   lane 16      0x80 << 56  (pad10*1's last bit, byte 135)
//   other lanes  0
//
// The digest's first 8 bytes are output lane 0 little-endian, so "the first b bits read big-endian are zero" is
// lane0 & ReverseEndianness(headMask) == 0: no byte swap per candidate.
public static partial class ProofOfWork
{
    /// <summary>Lane 4 of the padded block: the nonce's big-endian bytes read as a little-endian word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NonceLane(ulong nonce) => BinaryPrimitives.ReverseEndianness(nonce);

    /// <summary>Scans <paramref name="groups"/> groups of four nonces from <paramref name="first"/>, four Keccak states per step.</summary>
    [SkipLocalsInit]
    private static bool ScanKeccak256(Target target, ulong first, ulong groups, out ulong nonce)
    {
        Span<Vector256<ulong>> block = stackalloc Vector256<ulong>[25];
        Span<Vector256<ulong>> state = stackalloc Vector256<ulong>[25];
        block.Clear();
        for (int i = 0; i < 4; i++) block[i] = Vector256.Create(target.PrefixLanes[i]);
        block[5] = Vector256.Create(0x01UL);
        block[16] = Vector256.Create(0x80UL << 56);
        Vector256<ulong> mask = Vector256.Create(BinaryPrimitives.ReverseEndianness(target.HeadMask));
        ulong n = first;
        for (ulong g = 0; g < groups; g++, n += 4)
        {
            block.CopyTo(state);
            state[4] = Vector256.Create(NonceLane(n), NonceLane(n + 1), NonceLane(n + 2), NonceLane(n + 3));
            KeccakF1600.Permute256(ref state[0]);
            uint hits = Vector256.Equals(state[0] & mask, Vector256<ulong>.Zero).ExtractMostSignificantBits();
            if (hits != 0)
            {
                // The lowest lane holds the smallest nonce of the group.
                nonce = n + (ulong)BitOperations.TrailingZeroCount(hits);
                return true;
            }
        }
        nonce = 0;
        return false;
    }

    /// <summary>Scans <paramref name="groups"/> groups of eight nonces from <paramref name="first"/>, eight Keccak states per step.</summary>
    [SkipLocalsInit]
    private static bool ScanKeccak512(Target target, ulong first, ulong groups, out ulong nonce)
    {
        Span<Vector512<ulong>> block = stackalloc Vector512<ulong>[25];
        Span<Vector512<ulong>> state = stackalloc Vector512<ulong>[25];
        block.Clear();
        for (int i = 0; i < 4; i++) block[i] = Vector512.Create(target.PrefixLanes[i]);
        block[5] = Vector512.Create(0x01UL);
        block[16] = Vector512.Create(0x80UL << 56);
        Vector512<ulong> mask = Vector512.Create(BinaryPrimitives.ReverseEndianness(target.HeadMask));
        ulong n = first;
        for (ulong g = 0; g < groups; g++, n += 8)
        {
            block.CopyTo(state);
            state[4] = Vector512.Create(
                NonceLane(n), NonceLane(n + 1), NonceLane(n + 2), NonceLane(n + 3),
                NonceLane(n + 4), NonceLane(n + 5), NonceLane(n + 6), NonceLane(n + 7));
            KeccakF1600.Permute512(ref state[0]);
            ulong hits = Vector512.Equals(state[0] & mask, Vector512<ulong>.Zero).ExtractMostSignificantBits();
            if (hits != 0)
            {
                nonce = n + (ulong)BitOperations.TrailingZeroCount(hits);
                return true;
            }
        }
        nonce = 0;
        return false;
    }
}
