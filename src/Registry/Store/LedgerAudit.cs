using System.Numerics;

namespace Zetina.Registry.Store;

/// <summary>
/// A recomputation of the ledger (<see cref="SqliteRegistry.Audit"/>). <see cref="Holds"/> is the
/// registry's invariant: Σ balances (fee account included) = minted − withdrawn, the events are
/// numbered 1..N without a gap, every settled job has exactly one JobSettled event, and each account's
/// locked amount is the sum of what its open jobs hold (escrow).
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
    /// <summary>The number of accounts whose locked amount differs from the sum of their jobs' locks (0 when the books agree).</summary>
    public long LockMismatches { get; init; }

    /// <summary>True when the invariant holds.</summary>
    public bool Holds =>
        SumOfBalances == Minted - Withdrawn && EventCount == MaxSequence && SettledJobs == SettledEvents && SettledJobs == SettledJobsWithTheirEvent
        && LockMismatches == 0;

    /// <inheritdoc/>
    public override string ToString() =>
        $"balances {SumOfBalances} vs minted {Minted} - withdrawn {Withdrawn} (fees {Fees}); {Accounts} accounts; " +
        $"events {EventCount} (max seq {MaxSequence}); settled jobs {SettledJobs}, JobSettled events {SettledEvents}, matched {SettledJobsWithTheirEvent}; " +
        $"accounts whose lock differs from their jobs' {LockMismatches}";
}
