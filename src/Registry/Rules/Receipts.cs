using Zetina.Registry.Ledger;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>A committed deposit or withdrawal: the account's new balance and next nonce, and the event's sequence number.</summary>
public sealed record TransferReceipt(Felt Account, Amount Amount, Amount Balance, ulong NextNonce, long Sequence);

/// <summary>A committed settlement: who was paid what for which job, and the event's sequence number.</summary>
public sealed record SettlementReceipt(Felt JobId, Felt Delegator, Felt Executor, Amount Reward, Amount Fee, ulong NSteps, Felt[] Output, Felt ProofHash, long Sequence)
{
    /// <summary>For a PIE job, the task's program hash as the proven bootloader output states it (Output is then that task's output); null for a program job.</summary>
    public Felt? TaskProgramHash { get; init; }
}

/// <summary>A committed job registration: the job is open, and its reward counts as promised by its delegator.</summary>
public sealed record JobRegistration(Felt JobId, Felt Delegator, Amount Reward, ulong Deadline);

/// <summary>
/// A recorded commit to a Stone-format proof: its place in the registry's commit order (<paramref name="Sequence"/>,
/// increasing, never reused), when it was made, until when it blocks later commits (<paramref name="BlocksUntil"/>) and
/// until when it may be revealed (<paramref name="RevealBy"/>), all in unix seconds.
/// </summary>
/// <param name="JobId">The job committed to.</param>
/// <param name="Executor">The committing executor, paid if its reveal wins.</param>
/// <param name="Commitment">H(executor ‖ proof) as committed.</param>
/// <param name="Sequence">The commit's place in the registry's commit order (smaller: earlier).</param>
/// <param name="CommittedAt">When the registry recorded it, unix seconds.</param>
/// <param name="BlocksUntil">Until when it blocks later commits' payment (committed_at + W).</param>
/// <param name="RevealBy">Until when (exclusive) it may be revealed (committed_at + 2W).</param>
public sealed record CommitReceipt(Felt JobId, Felt Executor, Felt Commitment, long Sequence, long CommittedAt, long BlocksUntil, long RevealBy);
