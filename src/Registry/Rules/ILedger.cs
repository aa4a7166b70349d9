using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>A registry's store as the rules see it: serialised write transactions, and the job read the rules consult early.</summary>
internal interface ILedger
{
    /// <summary>
    /// Runs <paramref name="apply"/> in a write transaction that sees every earlier write. Its writes are kept when it
    /// returns a success and leave nothing when it refuses or throws; the task completes once the kept writes are durable.
    /// </summary>
    Task<RegistryOutcome<T>> WriteAsync<T>(Func<ILedgerTransaction, RegistryOutcome<T>> apply);

    /// <summary>The job's record as last committed, or null.</summary>
    Task<JobView?> GetJobAsync(Felt jobId, CancellationToken cancellationToken = default);

    /// <summary>The job's commits as last committed, in sequence order (empty when none).</summary>
    Task<IReadOnlyList<CommitRecord>> GetCommitsAsync(Felt jobId, CancellationToken cancellationToken = default);
}
