using Zetina.Registry.Ledger;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>The kinds of events, each appended in the same transaction as the state change it reports.</summary>
public enum RegistryEventKind
{
    /// <summary>Funds minted into an account (by the operator key or the dev faucet: see <see cref="RegistryEvent.Source"/>).</summary>
    Deposit = 1,

    /// <summary>Funds taken out of an account by its holder.</summary>
    Withdraw = 2,

    /// <summary>A job paid: reward minus fee to the executor, fee to the fee account.</summary>
    JobSettled = 3,
}

/// <summary>
/// One entry of the registry's event log. <paramref name="Sequence"/> numbers are 1, 2, 3, … with no gap:
/// a subscriber that remembers its last number resumes without missing or repeating anything.
/// Deposit/Withdraw set Account, Amount and (for deposits) Source ("operator" or "faucet");
/// JobSettled sets the job fields; for a PIE job also <see cref="TaskProgramHash"/>.
/// </summary>
public sealed record RegistryEvent(
    long Sequence,
    RegistryEventKind Kind,
    long UnixTimeMs,
    Felt? Account,
    Amount? Amount,
    string? Source,
    Felt? JobId,
    Felt? Delegator,
    Felt? Executor,
    Amount? Reward,
    Amount? Fee,
    ulong? NSteps,
    Felt[]? Output,
    Felt? ProofHash)
{
    /// <summary>JobSettled of a PIE job: the task's program hash as the proven bootloader output states it (Output is then that task's output); else null.</summary>
    public Felt? TaskProgramHash { get; init; }
}
