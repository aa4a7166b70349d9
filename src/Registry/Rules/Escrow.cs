using Zetina.Registry.Ledger;

namespace Zetina.Registry.Rules;

/// <summary>
/// The escrow rule: a registered job's reward (the fee is taken out of it) is locked in the delegator's
/// account from registration until the job settles or expires, so a delegator cannot withdraw or promise
/// again what executors are proving for. Only <c>balance − locked</c> can be withdrawn or locked anew.
/// </summary>
/// <remarks>
/// An account's balance still counts its locked funds (Σ balances = minted − withdrawn stays the ledger's
/// invariant); the lock is a second figure beside it that the database keeps at most the balance.
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
    public static (RegistryError Error, string Message)? Check(Amount balance, Amount locked, long openJobs, Amount requested, string what)
    {
        if (!balance.TrySubtract(locked, out Amount unlocked)) unlocked = Amount.Zero;
        if (unlocked.TrySubtract(requested, out _)) return null;
        string jobs = openJobs == 1 ? "1 open job" : $"{openJobs} open jobs";
        if (locked.IsZero || !balance.TrySubtract(requested, out _))
            return (RegistryError.InsufficientFunds, $"balance {balance}, {locked} locked by {jobs}, {what} {requested}: the balance is short");
        return (RegistryError.FundsLocked,
            $"balance {balance}, {locked} locked by {jobs}, {what} {requested}: only {unlocked} is unlocked until those jobs settle or pass their deadline");
    }
}
