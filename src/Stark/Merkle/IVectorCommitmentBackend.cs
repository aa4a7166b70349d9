using Zetina.Stark.Field;

namespace Zetina.Stark.Merkle;

/// <summary>
/// Builds the Merkle tree that commits to a table: leaf i is row i, made of element i of every column.
/// The CPU implementation is <see cref="CpuVectorCommitmentBackend"/>; a GPU backend fills the same node
/// layout (see <see cref="MerkleTree"/>) and must produce the same bytes.
/// </summary>
public interface IVectorCommitmentBackend
{
    /// <summary>
    /// Commits to the rows of <paramref name="columns"/> (all the same power-of-two length, at least one
    /// column) with <paramref name="hasher"/>.
    /// </summary>
    MerkleTree Commit(ReadOnlySpan<ReadOnlyMemory<Felt>> columns, IMerkleHasher hasher);
}
