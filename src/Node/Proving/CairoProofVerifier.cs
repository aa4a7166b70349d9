using Zetina.Cairo.Air;
using Zetina.Cairo.Prover;
using Zetina.Registry.Verification;

namespace Zetina.Node.Proving;

/// <summary>
/// The registry's proof check for Cairo jobs: the proof must verify under the binding (job id,
/// executor address) and prove the program whose hash the header names. Stateless and thread-safe.
/// </summary>
internal sealed class CairoProofVerifier : IProofVerifier
{
    public ProofCheck Verify(ReadOnlySpan<byte> proof, in ProofBinding binding)
    {
        if (!CairoProof.TryParse(proof, out CairoProof? parsed, out string? error))
            return ProofCheck.Invalid("proof does not parse: " + error);
        CairoBinding stated = parsed!.Statement.Binding;
        if (stated.ExecutorAddress != binding.Executor)
            return ProofCheck.Invalid($"proof is bound to executor {stated.ExecutorAddress}, not {binding.Executor}", ProofFailure.WrongExecutor);
        if (stated.JobId != binding.JobId)
            return ProofCheck.Invalid($"proof is bound to job {stated.JobId}, not {binding.JobId}", ProofFailure.WrongJob);
        CairoVerifyResult r = CairoVerifier.Verify(parsed, new CairoBinding(binding.JobId, binding.Executor), binding.ProgramHash, CairoVerifier.MinimumSecurityBits);
        return r.IsValid
            ? ProofCheck.Valid(r.ProgramHash, r.Output, (ulong)r.NSteps)
            : ProofCheck.Invalid($"{r.Error}: {r.Message}");
    }
}
