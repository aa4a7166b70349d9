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
}
