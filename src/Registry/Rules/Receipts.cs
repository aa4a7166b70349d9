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
