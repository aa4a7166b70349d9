using Zetina.Registry.Ledger;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>
/// The escrow rule: a registered job's reward (the fee is taken out of it) is locked in the delegator's
/// account from registration until the job settles or expires, so a delegator cannot withdraw or promise
/// again what executors are proving for. Only <c>balance − locked</c> can be withdrawn or locked anew.
/// </summary>
/// <remarks>
/// An account's balance still counts its locked funds (Σ balances = minted − withdrawn stays the ledger's
/// invariant); the lock is a second figure beside it that the store keeps at most the balance. An expired
/// job's lock is released on the next write that touches its delegator (<see cref="ReleaseExpired"/>), not by
/// a timer: exact at the deadline, no second writer, nothing to run after a restart (docs/registry.md, Escrow).
/// </remarks>
internal static class Escrow
{
    /// <summary>
    /// Whether <paramref name="requested"/> fits the unlocked part of <paramref name="balance"/>; if not, the
    /// refusal: <see cref="RegistryError.InsufficientFunds"/> when the balance itself is short,
    /// <see cref="RegistryError.FundsLocked"/> when open jobs hold the difference.
    /// </summary>
    /// <param name="balance">The account's balance, locked funds included.</param>
    /// <param name="locked">The part of it held by open jobs (at most the balance).</param>
    /// <param name="openJobs">How many open jobs hold <paramref name="locked"/> (named in the message).</param>
    /// <param name="requested">What the caller wants to withdraw, lock or spend.</param>
    /// <param name="what">What the request is, for the message ("requested", "the job's reward").</param>
    public static Refusal? Check(Amount balance, Amount locked, long openJobs, Amount requested, string what)
    {
        if (!balance.TrySubtract(locked, out Amount unlocked)) unlocked = Amount.Zero;
        if (unlocked.TrySubtract(requested, out _)) return null;
        string jobs = openJobs == 1 ? "1 open job" : $"{openJobs} open jobs";
        if (locked.IsZero || !balance.TrySubtract(requested, out _))
            return new Refusal(RegistryError.InsufficientFunds, $"balance {balance}, {locked} locked by {jobs}, {what} {requested}: the balance is short");
        return new Refusal(RegistryError.FundsLocked,
            $"balance {balance}, {locked} locked by {jobs}, {what} {requested}: only {unlocked} is unlocked until those jobs settle or pass their deadline");
    }

    /// <summary><see cref="Check"/> against the account's current lock, its expired jobs already released.</summary>
    public static Refusal? CheckUnlocked(ILedgerTransaction tx, in Felt account, Amount balance, Amount requested, string what)
    {
        Amount locked = tx.ReadLocked(account);
        long open = locked.IsZero ? 0 : tx.CountOpenJobs(account);
        return Check(balance, locked, open, requested, what);
    }

    /// <summary>
    /// Releases the locks of <paramref name="delegator"/>'s open jobs whose deadline is before <paramref name="now"/>:
    /// they become expired (final) and the account's lock drops by what they held.
    /// </summary>
    /// <exception cref="InvalidDataException">The released locks exceed the account's: the books are inconsistent.</exception>
    public static void ReleaseExpired(ILedgerTransaction tx, in Felt delegator, long now)
    {
        Amount released = tx.ExpireOpenJobs(delegator, now);
        if (released.IsZero) return;
        if (!tx.ReadLocked(delegator).TrySubtract(released, out Amount left))
            throw new InvalidDataException("the expired jobs' locks exceed the account's: the books are inconsistent");
        tx.WriteLocked(delegator, left);
    }
}
