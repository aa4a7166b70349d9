namespace Zetina.Stark.Verifier;

/// <summary>Why a proof was rejected. Each member says when it is returned.</summary>
public enum VerifyError
{
    /// <summary>Returned for an accepted proof.</summary>
    None = 0,
    /// <summary>Returned when the proof's bytes cannot be parsed (truncated, wrong version, absurd lengths, non-canonical felts).</summary>
    Malformed,
    /// <summary>Returned when the AIR instance itself is unusable (shape, boundary rows or columns out of range).</summary>
    AirInvalid,
    /// <summary>Returned when the proof's parameters are inconsistent or do not fit the trace length or the constraints' degree.</summary>
    ParametersInvalid,
    /// <summary>Returned when the parameters' conjectured security is below what the verifier requires.</summary>
    SecurityTooLow,
    /// <summary>Returned when the proof is for another trace length than the AIR's.</summary>
    TraceLengthMismatch,
    /// <summary>Returned when a section has the wrong number of elements (roots, out-of-domain values, openings).</summary>
    ShapeMismatch,
    /// <summary>Returned when the composition polynomial at z does not match the constraints evaluated on the out-of-domain values.</summary>
    OutOfDomainMismatch,
    /// <summary>Returned when the proof-of-work nonce does not have the required leading zeros.</summary>
    ProofOfWork,
    /// <summary>Returned when an opened table's rows or a FRI layer's leaves do not hash to the committed root (a changed value, a changed or reordered node).</summary>
    MerkleMismatch,
    /// <summary>Returned when a Merkle multi-proof ends before the root: a node the verifier cannot compute is missing.</summary>
    MerkleNodesMissing,
    /// <summary>Returned when a Merkle multi-proof has nodes left over at the root: a node the verifier computes itself, or a spare one, was sent.</summary>
    MerkleNodesExtra,
    /// <summary>Returned when FRI's folding or last-layer check fails.</summary>
    FriMismatch,
}
