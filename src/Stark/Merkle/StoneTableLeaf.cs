using System.Buffers;
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
    /// <summary>R² mod p as a stored element (R = 2^256): the felt whose value is 1's Montgomery form R.</summary>
    private static readonly Felt s_rSquared = Felt.One.MontgomeryAsValue();

    /// <summary>
    /// The leaf digests of consecutive rows of <paramref name="width"/> elements (row r = rows[r·width, (r + 1)·width))
    /// into <paramref name="digests"/>[32r, 32r + 32): each equal to <see cref="Digest"/> of its row, the hashes run
    /// several rows at a time (<see cref="PoseidonHash.HashManyRows"/>, <see cref="StoneMaskedHash.HashMany"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The rows are not one row of <paramref name="width"/> elements per digest.</exception>
    public static void DigestRows(ReadOnlySpan<Felt> rows, int width, bool verifierFriendly, StoneMaskedHash hash, Span<byte> digests)
    {
        int count = digests.Length / 32;
        if (width < 1 || digests.Length % 32 != 0 || rows.Length != (long)count * width)
            throw new ArgumentException($"expected {count} rows of {width} elements, got {rows.Length}", nameof(rows));
        if (verifierFriendly)
        {
            Felt[] mont = ArrayPool<Felt>.Shared.Rent(rows.Length);
            // x.MontgomeryAsValue() is the product of x's limbs and R² mod p, so one lane-wise scaling converts them all.
            FeltSpan.MulScalar(rows, s_rSquared, mont.AsSpan(0, rows.Length));
            if (width == 1)
            {
                for (int r = 0; r < count; r++) mont[r].WriteBytesBigEndian(digests.Slice(32 * r, 32));
            }
            else
            {
                Felt[] leaves = ArrayPool<Felt>.Shared.Rent(count);
                PoseidonHash.HashManyRows(mont.AsSpan(0, rows.Length), width, leaves.AsSpan(0, count));
                for (int r = 0; r < count; r++) leaves[r].WriteBytesBigEndian(digests.Slice(32 * r, 32));
                ArrayPool<Felt>.Shared.Return(leaves);
            }
            ArrayPool<Felt>.Shared.Return(mont);
        }
        else if (width == 1)
        {
            for (int r = 0; r < count; r++) rows[r].WriteMontgomeryBytesBigEndian(digests.Slice(32 * r, 32));
        }
        else
        {
            byte[] bytes = ArrayPool<byte>.Shared.Rent(32 * rows.Length);
            for (int i = 0; i < rows.Length; i++) rows[i].WriteMontgomeryBytesBigEndian(bytes.AsSpan(32 * i, 32));
            hash.HashMany(bytes.AsSpan(0, 32 * rows.Length), 32 * width, digests);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The leaf digests of consecutive rows of <paramref name="width"/> elements, one array each (<see cref="DigestRows(ReadOnlySpan{Felt}, int, bool, StoneMaskedHash, Span{byte})"/>).</summary>
    public static byte[][] DigestRows(ReadOnlySpan<Felt> rows, int width, bool verifierFriendly, StoneMaskedHash hash)
    {
        var digests = new byte[32 * (rows.Length / Math.Max(width, 1))];
        DigestRows(rows, width, verifierFriendly, hash, digests);
        var leaves = new byte[digests.Length / 32][];
        for (int r = 0; r < leaves.Length; r++) leaves[r] = digests.AsSpan(32 * r, 32).ToArray();
        return leaves;
    }

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
