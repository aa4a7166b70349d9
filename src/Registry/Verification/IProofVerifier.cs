namespace Zetina.Registry.Verification;

/// <summary>
/// Checks a job's proof for the registry. The Cairo verifier implements it (in the node, which joins
/// Cairo and Registry); the registry never names a particular AIR.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe: the registry verifies concurrent witnesses in parallel.
/// A proof that fails to parse or verify is expected data, reported in <see cref="ProofCheck"/>, never thrown.
/// </remarks>
public interface IProofVerifier
{
    /// <summary>
    /// Verifies <paramref name="proof"/> and that its public input is bound to <paramref name="binding"/>'s
    /// job id and executor address, and reports the program hash, output and step count it proves.
    /// </summary>
    ProofCheck Verify(ReadOnlySpan<byte> proof, in ProofBinding binding);
}
