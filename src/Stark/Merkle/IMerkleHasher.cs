using Zetina.Stark.Field;

namespace Zetina.Stark.Merkle;

/// <summary>
/// The hash a Merkle tree is built with: how a leaf (one row of field elements) becomes a 32-byte digest,
/// and how two child digests become their parent. Implementations are stateless and thread-safe.
/// </summary>
/// <remarks>
/// Digests are always 32 bytes; the "masked 160-bit" variants of Stone keep 20 bytes and zero the other 12
/// (<see cref="MerkleHashes"/> lists the named hashers). A leaf's bytes are its felts' canonical 32-byte
/// big-endian encodings, concatenated (for Poseidon, the felts themselves).
/// </remarks>
public interface IMerkleHasher
{
    /// <summary>The hash's name as parameters and proofs spell it (for example "keccak256_masked160_msb").</summary>
    string Name { get; }

    /// <summary>Writes the digest of one leaf, the row <paramref name="row"/>, to <paramref name="digest"/> (32 bytes).</summary>
    void HashLeaf(ReadOnlySpan<Felt> row, Span<byte> digest);

    /// <summary>Writes H(left ‖ right) to <paramref name="digest"/>; all three are 32 bytes; digest may alias neither input.</summary>
    void HashPair(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> digest);

    /// <summary>
    /// Writes the digests of leaves <paramref name="first"/> … first + count − 1 of a table (leaf i is row i: the
    /// i-th value of each column, in column order) one after another to <paramref name="digests"/> (32 bytes each).
    /// The same digests as <see cref="HashLeaf"/> row by row; a hasher may compute several at once (SIMD lanes).
    /// </summary>
    void HashLeaves(ReadOnlySpan<ReadOnlyMemory<Felt>> columns, int first, int count, Span<byte> digests)
    {
        int width = columns.Length;
        Felt[] row = new Felt[width];
        for (int i = 0; i < count; i++)
        {
            for (int c = 0; c < width; c++) row[c] = columns[c].Span[first + i];
            HashLeaf(row, digests.Slice(i * MerkleTree.DigestSize, MerkleTree.DigestSize));
        }
    }

    /// <summary>
    /// One level of a tree: parent k (32 bytes at 32·k of <paramref name="parents"/>) = H(the 64 bytes at 64·k of
    /// <paramref name="children"/>), for every parent. The same digests as <see cref="HashPair"/> pair by pair; the
    /// spans must not overlap.
    /// </summary>
    void HashPairs(ReadOnlySpan<byte> children, Span<byte> parents)
    {
        const int D = MerkleTree.DigestSize;
        for (int k = 0; k < parents.Length / D; k++)
            HashPair(children.Slice(2 * k * D, D), children.Slice((2 * k + 1) * D, D), parents.Slice(k * D, D));
    }
}
