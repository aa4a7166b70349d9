using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Zetina.Stark.Hashing;

public static partial class Keccak256
{
    /// <summary>How many messages <see cref="Hash4"/> hashes at once.</summary>
    internal const int Lanes = 4;

    /// <summary>
    /// True when <see cref="Hash4"/> pays: the four states then run in one set of AVX2 registers
    /// (<see cref="KeccakF1600.Permute(Span{Vector256{ulong}})"/>), about three times the scalar sponge's throughput.
    /// </summary>
    internal static bool LanesAccelerated => Vector256.IsHardwareAccelerated;

    /// <summary>
    /// Keccak-256 of <c>digests.Length / 32</c> messages of <paramref name="length"/> bytes laid end to end: message j is
    /// <paramref name="data"/>[j·length, (j + 1)·length), its digest digests[32·j, 32·j + 32). Eight at a time in the
    /// native AVX-512 kernel where it runs (<see cref="NativeKeccak"/>), then four at a time in AVX2 lanes
    /// (<see cref="Hash4"/>), the rest one by one: the same digests as <see cref="Hash(ReadOnlySpan{byte}, Span{byte})"/>
    /// message by message (Merkle leaves and node pairs).
    /// </summary>
    /// <exception cref="ArgumentException">The data is not one message of <paramref name="length"/> bytes per digest.</exception>
    internal static unsafe void HashMany(ReadOnlySpan<byte> data, int length, Span<byte> digests)
    {
        int count = digests.Length / HashBytes;
        if (length < 0 || digests.Length % HashBytes != 0 || data.Length < (long)count * length)
            throw new ArgumentException($"expected {count} messages of {length} bytes, got {data.Length} bytes", nameof(data));
        int j = 0;
        if (NativeKeccak.Enabled && length > 0 && count >= NativeKeccak.Lanes)
            fixed (byte* d = data, o = digests) j = NativeKeccak.Hash8(d, length, o, count);
        if (LanesAccelerated)
            for (; j + Lanes <= count; j += Lanes)
                Hash4(data.Slice(j * length, Lanes * length), length, digests.Slice(HashBytes * j, HashBytes * Lanes));
        for (; j < count; j++) Hash(data.Slice(j * length, length), digests.Slice(HashBytes * j, HashBytes));
    }

    /// <summary>
    /// Keccak-256 of four messages of one length at once: message j is <paramref name="data"/>[j·length, (j + 1)·length),
    /// its digest goes to <paramref name="digests"/>[32·j, 32·j + 32). Equal, message by message, to
    /// <see cref="Hash(ReadOnlySpan{byte}, Span{byte})"/> — the same sponge with every lane of state j in vector
    /// element j, so each absorbed block and each permutation serves four messages (Merkle leaves and node pairs).
    /// </summary>
    /// <exception cref="ArgumentException">The spans are shorter than four messages of <paramref name="length"/> bytes, or four digests.</exception>
    [SkipLocalsInit]
    internal static void Hash4(ReadOnlySpan<byte> data, int length, Span<byte> digests)
    {
        if (length < 0 || data.Length < Lanes * length) throw new ArgumentException($"expected {Lanes} messages of {length} bytes, got {data.Length} bytes", nameof(data));
        if (digests.Length < Lanes * HashBytes) throw new ArgumentException($"the digests need {Lanes * HashBytes} bytes, got {digests.Length}", nameof(digests));
        Span<Vector256<ulong>> state = stackalloc Vector256<ulong>[25];
        state.Clear();
        ReadOnlySpan<byte> m0 = data[..length], m1 = data.Slice(length, length), m2 = data.Slice(2 * length, length), m3 = data.Slice(3 * length, length);

        int offset = 0;
        for (; length - offset >= RateBytes; offset += RateBytes)
        {
            for (int i = 0; i < RateBytes / 8; i++)
            {
                int at = offset + 8 * i;
                state[i] ^= Vector256.Create(
                    BinaryPrimitives.ReadUInt64LittleEndian(m0[at..]), BinaryPrimitives.ReadUInt64LittleEndian(m1[at..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(m2[at..]), BinaryPrimitives.ReadUInt64LittleEndian(m3[at..]));
            }
            KeccakF1600.Permute256(ref state[0]);
        }

        // The last (possibly empty) block of each message with pad10*1, as in the scalar sponge.
        Span<byte> last = stackalloc byte[Lanes * RateBytes];
        last.Clear();
        int rest = length - offset;
        m0[offset..].CopyTo(last);
        m1[offset..].CopyTo(last[RateBytes..]);
        m2[offset..].CopyTo(last[(2 * RateBytes)..]);
        m3[offset..].CopyTo(last[(3 * RateBytes)..]);
        for (int j = 0; j < Lanes; j++)
        {
            last[j * RateBytes + rest] ^= 0x01;
            last[j * RateBytes + RateBytes - 1] ^= 0x80;
        }
        for (int i = 0; i < RateBytes / 8; i++)
        {
            state[i] ^= Vector256.Create(
                BinaryPrimitives.ReadUInt64LittleEndian(last[(8 * i)..]), BinaryPrimitives.ReadUInt64LittleEndian(last[(RateBytes + 8 * i)..]),
                BinaryPrimitives.ReadUInt64LittleEndian(last[(2 * RateBytes + 8 * i)..]), BinaryPrimitives.ReadUInt64LittleEndian(last[(3 * RateBytes + 8 * i)..]));
        }
        KeccakF1600.Permute256(ref state[0]);

        for (int j = 0; j < Lanes; j++)
            for (int i = 0; i < 4; i++)
                BinaryPrimitives.WriteUInt64LittleEndian(digests[(HashBytes * j + 8 * i)..], state[i].GetElement(j));
    }
}
