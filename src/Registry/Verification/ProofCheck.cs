using Zetina.Stark.Field;

namespace Zetina.Registry.Verification;

/// <summary>
/// The verdict of <see cref="IProofVerifier.Verify"/>: on success the proved program hash, the
/// program's output (from the proof's public input) and the number of steps; on failure a message
/// naming what did not verify and its <see cref="Failure"/> kind.
/// </summary>
public sealed record ProofCheck(bool Ok, string? Error, Felt ProgramHash, Felt[] Output, ulong NSteps)
{
    /// <summary>The kind of failure; <see cref="ProofFailure.None"/> when <see cref="Ok"/>.</summary>
    public ProofFailure Failure { get; init; }

    /// <summary>
    /// The proof's conjectured security in bits, as the verifier counts it (a Stone proof: n_queries · log_n_cosets +
    /// proof_of_work_bits); 0 when the verifier does not report it (native proofs are held to their own minimum inside
    /// the verifier).
    /// </summary>
    public int SecurityBits { get; init; }

    /// <summary>A successful check.</summary>
    public static ProofCheck Valid(Felt programHash, Felt[] output, ulong nSteps) => new(true, null, programHash, output, nSteps);

    /// <summary>A failed check with its reason.</summary>
    public static ProofCheck Invalid(string error, ProofFailure failure = ProofFailure.Invalid) =>
        new(false, error, default, [], 0) { Failure = failure };
}
