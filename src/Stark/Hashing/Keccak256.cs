using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Zetina.Stark.Hashing;

/// <summary>
/// Keccak-256 as Ethereum and StarkNet use it: the Keccak[c = 512] sponge over Keccak-f[1600] with rate 136 bytes,
/// the original multi-rate padding <c>0x01 … 0x80</c> (not FIPS 202 SHA3-256's <c>0x06</c>), 32-byte digest.
/// </summary>
/// <remarks>
/// Reference: "The Keccak reference", version 3.0 (Bertoni, Daemen, Peeters, Van Assche), §1.1 and §5.1 (pad10*1);
/// Ethereum Yellow Paper, Appendix E ("KEC"). Allocation-free except for the <see cref="Hash(ReadOnlySpan{byte})"/>
/// overload's returned array. Constant-time in the data's contents (its length is public).
/// </remarks>
public static partial class Keccak256
{
    /// <summary>The sponge's rate in bytes: (1600 − 2·256) / 8.</summary>
    public const int RateBytes = 136;

    /// <summary>The digest length in bytes.</summary>
    public const int HashBytes = 32;

    /// <summary>Writes Keccak-256(<paramref name="data"/>) to the first 32 bytes of <paramref name="destination32"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination32"/> is shorter than 32 bytes.</exception>
    [SkipLocalsInit]
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination32)
    {
        if (destination32.Length < HashBytes) throw new ArgumentException($"destination needs {HashBytes} bytes, has {destination32.Length}", nameof(destination32));
        Span<ulong> state = stackalloc ulong[25];
        state.Clear();

        // Absorb every full block.
        while (data.Length >= RateBytes)
        {
            AbsorbBlock(state, data);
            KeccakF1600.PermuteUnchecked(ref state[0]);
            data = data[RateBytes..];
        }

        // Last (possibly empty) block with pad10*1: 0x01 after the data, 0x80 in the block's last byte.
        Span<byte> last = stackalloc byte[RateBytes];
        last.Clear();
        data.CopyTo(last);
        last[data.Length] ^= 0x01;
        last[RateBytes - 1] ^= 0x80;
        AbsorbBlock(state, last);
        KeccakF1600.PermuteUnchecked(ref state[0]);

        // Squeeze: the first four lanes, little-endian.
        for (int i = 0; i < 4; i++) BinaryPrimitives.WriteUInt64LittleEndian(destination32[(8 * i)..], state[i]);
    }

    /// <summary>Keccak-256(<paramref name="data"/>) as a new 32-byte array.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        byte[] digest = new byte[HashBytes];
        Hash(data, digest);
        return digest;
    }

    /// <summary>XORs one 136-byte block (17 little-endian lanes) into the state.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AbsorbBlock(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (int i = 0; i < RateBytes / 8; i++) state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(8 * i)..]);
    }
}
