using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Registry.Rules;
using Zetina.Stark.Field;

namespace Zetina.Node.Proving;

/// <summary>
/// The executor's side of one <see cref="ProofFormat"/>: whether this node can prove in it, how it proves a job, and how
/// it hands the proof to the registry — one witness for <see cref="NativeProofFormat"/>, a commit and then a reveal for
/// <see cref="StoneProofFormat"/> (docs/registry.md, "Stone-format jobs"). The executor picks one by the header's format.
/// </summary>
internal interface IProofFormat
{
    /// <summary>The format this strategy proves in.</summary>
    ProofFormat Format { get; }

    /// <summary>Null when this node can prove jobs in this format; else why not, a sentence the executor logs when it refuses such a job.</summary>
    string? Unavailable { get; }

    /// <summary>Runs and proves <paramref name="body"/> for the job, as <see cref="IJobProver.ProveAsync"/>.</summary>
    Task<ProvedJob> ProveAsync(JobBody body, Felt jobId, Felt executor, IProgress<ProvingProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Hands <paramref name="witness"/> (whose proof is <paramref name="proved"/>'s) to <paramref name="registry"/> and
    /// returns the settlement or the registry's refusal. Safe to call again after <see cref="RegistryError.Busy"/>.
    /// </summary>
    Task<RegistryOutcome<SettlementReceipt>> SettleAsync(IRegistry registry, JobWitness witness, ProvedJob proved, CancellationToken cancellationToken);
}
