using Zetina.Registry.Jobs;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>
/// The registry's rules: accounts keyed by Stark public keys, deposits, withdrawals, job settlement
/// against a verified proof, and a gapless event log. Implemented by the embedded SQLite registry
/// (<see cref="Store.SqliteRegistry"/>) and, over HTTP, by <see cref="Client.RegistryClient"/>.
/// </summary>
/// <remarks>
/// Every state-changing call either commits completely (state change and its event together) or
/// refuses with a <see cref="RegistryError"/> and changes nothing. A job is paid at most once, whatever
/// the concurrency.
/// </remarks>
public interface IRegistry
{
    /// <summary>This registry's id: job headers and signed requests name it, so they cannot be replayed at another registry.</summary>
    Felt RegistryId { get; }

    /// <summary>Mints funds into an account (operator-signed, or the dev faucet).</summary>
    Task<RegistryOutcome<TransferReceipt>> DepositAsync(DepositRequest request, CancellationToken cancellationToken = default);

    /// <summary>Takes funds out of an account, signed by its key with its next nonce.</summary>
    Task<RegistryOutcome<TransferReceipt>> WithdrawAsync(WithdrawRequest request, CancellationToken cancellationToken = default);

    /// <summary>The account's balance, promised funds and next nonce (zero and 0 for an account never seen).</summary>
    Task<AccountView> GetAccountAsync(Felt account, CancellationToken cancellationToken = default);

    /// <summary>Records a signed job header as open, so its reward shows as promised by the delegator (optional for settlement).</summary>
    Task<RegistryOutcome<JobRegistration>> RegisterJobAsync(JobHeader header, Signature delegatorSignature, CancellationToken cancellationToken = default);

    /// <summary>Checks a witness and, if every rule holds, pays the executor in one transaction.</summary>
    Task<RegistryOutcome<SettlementReceipt>> SubmitWitnessAsync(JobWitness witness, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an executor's signed commitment to a Stone-format proof for a registered, open Stone-format job, numbered
    /// in arrival order. Committing the same (executor, commitment) again returns the first receipt.
    /// </summary>
    Task<RegistryOutcome<CommitReceipt>> CommitProofAsync(ProofCommit commit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Shows the proof a commit fixed; if it verifies, proves the job's statement, and no earlier commit can still
    /// reveal, pays the commit's executor in one transaction (as <see cref="SubmitWitnessAsync"/> does).
    /// </summary>
    Task<RegistryOutcome<SettlementReceipt>> RevealProofAsync(ProofReveal reveal, CancellationToken cancellationToken = default);

    /// <summary>The job's record, or null when the registry has never seen the id.</summary>
    Task<JobView?> GetJobAsync(Felt jobId, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> events with sequence numbers above <paramref name="after"/>, in order.</summary>
    Task<IReadOnlyList<RegistryEvent>> GetEventsAsync(long after, int limit, CancellationToken cancellationToken = default);

    /// <summary>Every event after <paramref name="after"/>, then each new one as it is committed, until cancelled.</summary>
    IAsyncEnumerable<RegistryEvent> SubscribeAsync(long after, CancellationToken cancellationToken = default);
}
