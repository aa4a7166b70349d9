using System.Buffers.Binary;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Channel;

/// <summary>
/// Stone's proof of work (<c>channel/proof_of_work.inl</c>) is the scheme of <see cref="ProofOfWork"/>: with s the
/// channel state, bits the work and n the 8-byte big-endian nonce, h₀ = H(0x0123456789abcded ‖ s ‖ bits) and the
/// nonce is good when H(h₀ ‖ n) starts with <c>bits</c> zero bits; H is the unmasked Keccak-256 or Blake2s-256 of
/// the proof's <c>pow_hash</c>. What is Stone's own here: the nonce arrives as 8 bytes of the proof, and a proof
/// must ask for at least one bit.
/// </summary>
internal static class StoneProofOfWork
{
    /// <summary>True when <paramref name="nonce"/> (8 bytes) carries <paramref name="bits"/> bits of work over <paramref name="seed"/>.</summary>
    public static bool Verify(StoneMaskedHash hash, ReadOnlySpan<byte> seed, int bits, ReadOnlySpan<byte> nonce)
    {
        if (bits is <= 0 or > 64 || nonce.Length != 8 || seed.Length > 1024) return false;
        Span<byte> prefix = stackalloc byte[ProofOfWork.PrefixBytes];
        ProofOfWork.Prefix(hash.ProofOfWorkFamily, seed, bits, prefix);
        return ProofOfWork.Check(hash.ProofOfWorkFamily, prefix, bits, BinaryPrimitives.ReadUInt64BigEndian(nonce));
    }
}
