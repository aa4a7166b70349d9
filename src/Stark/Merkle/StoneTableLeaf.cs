using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Merkle;

/// <summary>
/// How a row of a Stone table commitment becomes a Merkle leaf (<c>commitment_scheme/packer_hasher.cc</c>; Integrity's
/// <c>generate_vector_queries</c>). Stone hashes field elements in their Montgomery form x·2^256 mod p:
/// a one-column row is its element itself; a wider row is poseidon_hash_many of its elements' Montgomery forms
/// when the bottom layer is verifier-friendly (k ≥ height + 1), otherwise the masked byte hash of their
/// concatenated 32-byte big-endian Montgomery encodings.
/// </summary>
internal static class StoneTableLeaf
{
    /// <summary>The 32-byte leaf digest of <paramref name="row"/>.</summary>
    public static byte[] Digest(ReadOnlySpan<Felt> row, bool verifierFriendly, StoneMaskedHash hash)
    {
        var digest = new byte[32];
        if (row.Length == 1)
        {
            row[0].WriteMontgomeryBytesBigEndian(digest);
        }
        else if (verifierFriendly)
        {
            var mont = new Felt[row.Length];
            for (int i = 0; i < row.Length; i++) mont[i] = row[i].MontgomeryAsValue();
            PoseidonHash.HashMany(mont).WriteBytesBigEndian(digest);
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
