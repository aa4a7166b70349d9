using System.Buffers.Binary;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Channel;

/// <summary>
/// Stone's proof of work (<c>channel/proof_of_work.inl</c>): with s the channel state, bits the work and n the
/// 8-byte big-endian nonce, h₀ = H(0x0123456789abcded ‖ s ‖ bits) and the nonce is good when the first 8 bytes of
/// H(h₀ ‖ n), read big-endian, are below 2^(64 − bits). H is Keccak-256 or Blake2s-256, unmasked.
/// </summary>
internal static class StoneProofOfWork
{
    private const ulong Magic = 0x0123456789abcdedUL;

    /// <summary>True when <paramref name="nonce"/> (8 bytes) carries <paramref name="bits"/> bits of work over <paramref name="seed"/>.</summary>
    public static bool Verify(StoneMaskedHash hash, ReadOnlySpan<byte> seed, int bits, ReadOnlySpan<byte> nonce)
    {
        if (bits is <= 0 or > 64 || nonce.Length != 8) return false;
        var init = new byte[8 + seed.Length + 1];
        BinaryPrimitives.WriteUInt64BigEndian(init, Magic);
        seed.CopyTo(init.AsSpan(8));
        init[^1] = (byte)bits;
        Span<byte> data = stackalloc byte[40];
        hash.HashUnmasked(init, data[..32]);
        nonce.CopyTo(data[32..]);
        Span<byte> digest = stackalloc byte[32];
        hash.HashUnmasked(data, digest);
        ulong word = BinaryPrimitives.ReadUInt64BigEndian(digest);
        return bits == 64 ? word == 0 : word < (1UL << (64 - bits));
    }
}
