namespace Zetina.Registry.Verification;

/// <summary>
/// A verifier that refuses every proof: for a registry that only moves funds (benchmarks, a deposit-only
/// service) until the node hands it the Cairo verifier. Never a verifier that accepts everything.
/// </summary>
public sealed class RefuseAllVerifier : IProofVerifier, IStoneProofVerifier
{
    /// <summary>The shared instance.</summary>
    public static readonly RefuseAllVerifier Instance = new();

    /// <inheritdoc/>
    public ProofCheck Verify(ReadOnlySpan<byte> proof, in ProofBinding binding) =>
        ProofCheck.Invalid("this registry was started without a proof verifier (the node supplies the Cairo verifier)");

    /// <inheritdoc/>
    public ProofCheck Verify(ReadOnlySpan<byte> proofJson, ProgramHeader program) =>
        ProofCheck.Invalid("this registry was started without a Stone proof verifier (the node supplies it)");
}
