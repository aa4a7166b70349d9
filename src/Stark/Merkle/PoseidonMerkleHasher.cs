using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Merkle;

/// <summary>
/// Merkle hashing with StarkNet's Poseidon ("poseidon3", the width-3 Hades permutation): a leaf is
/// poseidon_hash_many(row), a parent is poseidon_hash(left, right); digests are felts written as 32 bytes
/// big-endian. A digest read back that is not below p is reduced mod p (it then cannot match an honest tree).
/// </summary>
public sealed class PoseidonMerkleHasher : IMerkleHasher
{
    /// <inheritdoc/>
    public string Name => "poseidon3";

    /// <inheritdoc/>
    public void HashLeaf(ReadOnlySpan<Felt> row, Span<byte> digest) =>
        PoseidonHash.HashMany(row).WriteBytesBigEndian(digest);

    /// <inheritdoc/>
    public void HashPair(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> digest)
    {
        Felt l = Felt.FromBytesBigEndianReduced(left[..32]);
        Felt r = Felt.FromBytesBigEndianReduced(right[..32]);
        PoseidonHash.Hash(l, r).WriteBytesBigEndian(digest);
    }
}
