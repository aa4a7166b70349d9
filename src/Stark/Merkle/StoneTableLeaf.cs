using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Merkle;

/// <summary>
/// How a row of a Stone table commitment becomes a Merkle leaf (<c>commitment_scheme/packer_hasher.cc</c>; Integrity's
/// <c>generate_vector_queries</c>). When the bottom layer is verifier-friendly (k ≥ height + 1) a row is
/// poseidon_hash_many of its elements (a one-column row: the element itself); otherwise Stone hashes the
/// elements' bytes as it stores them, the 32-byte big-endian Montgomery form x·2^256 mod p, with the masked byte
/// hash (a one-column row: those 32 bytes themselves).
/// </summary>
internal static class StoneTableLeaf
{
    /// <summary>The 32-byte leaf digest of <paramref name="row"/>.</summary>
    public static byte[] Digest(ReadOnlySpan<Felt> row, bool verifierFriendly, StoneMaskedHash hash)
    {
        var digest = new byte[32];
        if (verifierFriendly)
        {
            Felt leaf = row.Length == 1 ? row[0] : PoseidonHash.HashMany(row);
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
