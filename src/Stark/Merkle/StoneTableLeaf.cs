using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Merkle;

/// <summary>
/// How a row of a Stone table commitment becomes a Merkle leaf (<c>commitment_scheme/packer_hasher.cc</c>; Integrity's
/// <c>generate_vector_queries</c>). Stone stores and sends table elements in Montgomery form x·2^256 mod p (also
/// in a felt channel's proof) and hashes that form: when the bottom layer is verifier-friendly (k ≥ height + 1)
/// a row is poseidon_hash_many of the Montgomery forms read as felts, otherwise the masked byte hash of their
/// 32-byte big-endian encodings; a one-column row is its element's Montgomery form itself.
/// </summary>
internal static class StoneTableLeaf
{
    /// <summary>The 32-byte leaf digest of <paramref name="row"/>.</summary>
    public static byte[] Digest(ReadOnlySpan<Felt> row, bool verifierFriendly, StoneMaskedHash hash)
    {
        var digest = new byte[32];
        if (verifierFriendly)
        {
            var mont = new Felt[row.Length];
            for (int i = 0; i < row.Length; i++) mont[i] = row[i].MontgomeryAsValue();
            Felt leaf = row.Length == 1 ? mont[0] : PoseidonHash.HashMany(mont);
            leaf.WriteBytesBigEndian(digest);
        }
        else if (row.Length == 1)
        {
            row[0].WriteMontgomeryBytesBigEndian(digest);
        }
        else
        {
            var bytes = new byte[32 * row.Length];
            for (int i = 0; i < row.Length; i++) row[i].WriteMontgomeryBytesBigEndian(bytes.AsSpan(32 * i, 32));
            hash.Hash(bytes, digest);
        }
        return digest;
    }
}
