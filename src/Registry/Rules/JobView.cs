using Zetina.Registry.Ledger;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>The registry's record of a job: "open" (registered, unpaid) or "settled" (paid; the settlement fields set).</summary>
public sealed record JobView(
    Felt JobId,
    string Status,
    Felt Delegator,
    Amount Reward,
    ulong Deadline,
    Felt? Executor,
    Amount? Fee,
    ulong? NSteps,
    Felt[]? Output,
    Felt? ProofHash,
    long? Sequence);
