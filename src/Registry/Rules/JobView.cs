using Zetina.Registry.Ledger;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>
/// The registry's record of a job: open, settled (the settlement fields set) or expired (<see cref="JobStatus"/>). A
/// settled PIE job also has <see cref="TaskProgramHash"/>: the task's program hash as the proven bootloader output
/// states it, <paramref name="Output"/> being that task's output.
/// </summary>
public sealed record JobView(
    Felt JobId,
    JobStatus Status,
    Felt Delegator,
    Amount Reward,
    ulong Deadline,
    Felt? Executor,
    Amount? Fee,
    ulong? NSteps,
    Felt[]? Output,
    Felt? ProofHash,
    long? Sequence)
{
    /// <summary>A settled PIE job's task program hash, as the proven bootloader output states it; null otherwise.</summary>
    public Felt? TaskProgramHash { get; init; }
}
