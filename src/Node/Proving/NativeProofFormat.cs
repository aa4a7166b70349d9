using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Registry.Rules;
using Zetina.Stark.Field;

namespace Zetina.Node.Proving;

/// <summary>
/// Zetina's own proofs: <paramref name="prover"/> binds (job id, executor) into the proof's public input, so the proof
/// goes to the registry as one witness (docs/registry.md, "Settlement").
/// </summary>
internal sealed class NativeProofFormat(IJobProver prover) : IProofFormat
{
    public ProofFormat Format => ProofFormat.Native;

    public string? Unavailable => null;

    public Task<ProvedJob> ProveAsync(JobBody body, Felt jobId, Felt executor, IProgress<ProvingProgress>? progress, CancellationToken cancellationToken) =>
        prover.ProveAsync(body, jobId, executor, progress, cancellationToken);

    public Task<RegistryOutcome<SettlementReceipt>> SettleAsync(IRegistry registry, JobWitness witness, ProvedJob proved, CancellationToken cancellationToken) =>
        registry.SubmitWitnessAsync(witness, cancellationToken);
}
