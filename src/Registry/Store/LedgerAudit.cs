using System.Numerics;

namespace Zetina.Registry.Store;

/// <summary>
/// A recomputation of the ledger (<see cref="SqliteRegistry.Audit"/>). <see cref="Holds"/> is the
/// registry's invariant: Σ balances (fee account included) = minted − withdrawn, the events are
/// numbered 1..N without a gap, and every settled job has exactly one JobSettled event.
/// </summary>
public sealed record LedgerAudit(
    BigInteger SumOfBalances,
    BigInteger Minted,
    BigInteger Withdrawn,
    BigInteger Fees,
    long Accounts,
    long EventCount,
    long MaxSequence,
    long SettledJobs,
    long SettledEvents,
    long SettledJobsWithTheirEvent)
{
    /// <summary>True when the invariant holds.</summary>
    public bool Holds =>
        SumOfBalances == Minted - Withdrawn && EventCount == MaxSequence && SettledJobs == SettledEvents && SettledJobs == SettledJobsWithTheirEvent;

    /// <inheritdoc/>
    public override string ToString() =>
        $"balances {SumOfBalances} vs minted {Minted} - withdrawn {Withdrawn} (fees {Fees}); {Accounts} accounts; " +
        $"events {EventCount} (max seq {MaxSequence}); settled jobs {SettledJobs}, JobSettled events {SettledEvents}, matched {SettledJobsWithTheirEvent}";
}
