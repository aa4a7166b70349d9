namespace Zetina.Stark.Merkle;

/// <summary>The outcome of checking a batch Merkle opening (<see cref="MerkleVerifier.Verify"/>).</summary>
public enum MerkleCheck
{
    /// <summary>Returned when the leaves hash up to the root through exactly the nodes given.</summary>
    Valid = 0,
    /// <summary>Returned when the leaf indices are not sorted, distinct and inside the tree, or the digest counts or sizes are wrong.</summary>
    LeavesMalformed,
    /// <summary>Returned when the opening ends before the root is reached: a node the verifier cannot compute is missing.</summary>
    NodesMissing,
    /// <summary>Returned when nodes are left over after the root is reached: the opening sends a node it need not (or a spare one).</summary>
    NodesExtra,
    /// <summary>Returned when the recomputed root differs from the committed one (a changed value, a changed or reordered node).</summary>
    RootMismatch,
}
