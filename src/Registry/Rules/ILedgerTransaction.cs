using Zetina.Registry.Ledger;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>
/// What the registry's rules read and write inside one write transaction: accounts, the ledger's running
/// totals, jobs and the event log. A store implements it (SQLite today; PostgreSQL or a StarkNet-backed
/// ledger could); the rules (<see cref="RegistryRules"/>) are written against it alone.
/// </summary>
/// <remarks>
/// The store runs one transaction at a time and keeps its writes only when the rule returns a success
/// (<see cref="ILedger.WriteAsync{T}"/>), so a rule may write and then refuse. Implementations check nothing:
/// every decision is the rules'.
/// </remarks>
internal interface ILedgerTransaction
{
    /// <summary>The account's balance (locked funds included) and next nonce; zero and 0 for an account never written.</summary>
    (Amount Balance, ulong Nonce) ReadAccount(in Felt id);

    /// <summary>Writes the account's balance and next nonce, creating the account if needed.</summary>
    void WriteAccount(in Felt id, Amount balance, ulong nonce);

    /// <summary>The part of the account's balance locked by its open jobs (zero for an account never written).</summary>
    Amount ReadLocked(in Felt id);

    /// <summary>Writes the account's locked amount (at most its balance; an account never written locks nothing).</summary>
    void WriteLocked(in Felt id, Amount locked);

    /// <summary>The ledger's running totals: minted, withdrawn, fees paid.</summary>
    (Amount Minted, Amount Withdrawn, Amount Fees) ReadLedger();

    /// <summary>Writes the ledger's running totals.</summary>
    void WriteLedger(Amount minted, Amount withdrawn, Amount fees);

    /// <summary>The job's status (null for a job never recorded) and the amount it holds locked.</summary>
    (JobStatus? Status, Amount Locked) ReadJob(in Felt id);

    /// <summary>The number of open jobs of <paramref name="delegator"/>, expired or not (named in refusals).</summary>
    long CountOpenJobs(in Felt delegator);

    /// <summary>
    /// Marks <paramref name="delegator"/>'s open jobs whose deadline is before <paramref name="now"/> (unix seconds)
    /// expired with nothing locked, and returns the sum of what they held locked (the account's lock is the caller's).
    /// </summary>
    Amount ExpireOpenJobs(in Felt delegator, long now);

    /// <summary>Records a new open job holding <paramref name="reward"/> locked.</summary>
    void OpenJob(in Felt id, in Felt delegator, Amount reward, ulong deadline);

    /// <summary>Records the job settled with the receipt's fields and nothing locked (inserting it if it was never registered).</summary>
    void SettleJob(SettlementReceipt receipt, ulong deadline);

    /// <summary>The job's stored commits, in sequence order.</summary>
    IReadOnlyList<CommitRecord> ReadCommits(in Felt jobId);

    /// <summary>The number of <paramref name="executor"/>'s commits, over all jobs, made after <paramref name="after"/> (unix seconds).</summary>
    long CountCommitsSince(in Felt executor, long after);

    /// <summary>
    /// Stores a commit with the next commit sequence number (greater than every number given before, in this store's
    /// life, deleted commits included) and returns that number.
    /// </summary>
    long AppendCommit(in Felt jobId, in Felt executor, in Felt commitment, long committedAt);

    /// <summary>Deletes every commit of the job (it settled: they decide nothing more).</summary>
    void DeleteCommits(in Felt jobId);

    /// <summary>Deletes the commits of every job made at or before <paramref name="madeAtOrBefore"/> (unix seconds): they can no longer be revealed.</summary>
    void DeleteDeadCommits(long madeAtOrBefore);

    /// <summary>The sequence number the next appended event gets.</summary>
    long NextSequence { get; }

    /// <summary>Appends a Deposit or Withdraw event numbered <see cref="NextSequence"/> and returns that number.</summary>
    long AppendTransfer(RegistryEventKind kind, in Felt account, Amount amount, string? source);

    /// <summary>Appends the JobSettled event of <paramref name="receipt"/>, whose sequence is <see cref="NextSequence"/>.</summary>
    void AppendSettlement(SettlementReceipt receipt);
}
