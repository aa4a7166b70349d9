using System.Numerics;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Registry.Store;

/// <summary>
/// The embedded registry: the rules of <see cref="IRegistry"/> (<see cref="RegistryRules"/>) over a SQLite
/// database in WAL mode. The rules' ledger transactions run on the single writer (<see cref="WriteBatcher"/>,
/// <see cref="LedgerWriter"/>), so they see every earlier write; reads run on pooled read connections.
/// </summary>
public sealed class SqliteRegistry : IRegistry, ILedger, IDisposable
{
    private readonly RegistryOptions _options;
    private readonly RegistryRules _rules;
    private readonly WriteBatcher _batcher;
    private readonly string _readConnectionString;
    private readonly Felt _feeAccount;
    private long _lastSequence;
    private int _disposed;
    private TaskCompletionSource _eventSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _signalLock = new();

    private SqliteRegistry(RegistryOptions options, IProofVerifier verifier, IStoneProofVerifier? stoneVerifier, WriteBatcher batcher, string readConnectionString, long lastSequence)
    {
        _options = options;
        _batcher = batcher;
        _readConnectionString = readConnectionString;
        _lastSequence = lastSequence;
        _feeAccount = options.FeeAccount ?? options.OperatorKey ?? Felt.Zero;
        _rules = new RegistryRules(new RegistryTerms(options.RegistryId, options.OperatorKey, options.DevFaucet, options.FeeBasisPoints, _feeAccount, options.Clock,
            options.CommitReveal), verifier, this, stoneVerifier);
    }

    /// <summary>
    /// Opens (creating and migrating as needed) the registry database named by <paramref name="options"/>.
    /// Throws <see cref="InvalidOperationException"/> for a database from a newer registry and
    /// <see cref="ArgumentOutOfRangeException"/> for a fee outside [0, 10,000] basis points. Stone-format proofs are
    /// refused (no Stone verifier); <see cref="Open(RegistryOptions, IProofVerifier, IStoneProofVerifier)"/> names one.
    /// </summary>
    public static SqliteRegistry Open(RegistryOptions options, IProofVerifier verifier) => Open(options, verifier, null);

    /// <summary>Opens the registry as <see cref="Open(RegistryOptions, IProofVerifier)"/>, checking Stone-format proofs with <paramref name="stoneVerifier"/>.</summary>
    public static SqliteRegistry Open(RegistryOptions options, IProofVerifier verifier, IStoneProofVerifier? stoneVerifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        if (options.StoneRevealWindow < TimeSpan.FromSeconds(1) || options.StoneRevealWindow.Ticks % TimeSpan.TicksPerSecond != 0
            || options.MaxCommitsPerJob < 1 || options.MaxCommitsPerExecutor < 1)
            throw new ArgumentOutOfRangeException(nameof(options),
                $"commit–reveal: StoneRevealWindow {options.StoneRevealWindow} is a whole number of seconds, at least 1; " +
                $"MaxCommitsPerJob {options.MaxCommitsPerJob} and MaxCommitsPerExecutor {options.MaxCommitsPerExecutor} are at least 1");
        if ((uint)options.FeeBasisPoints > 10_000u)
            throw new ArgumentOutOfRangeException(nameof(options), $"the fee is {options.FeeBasisPoints} basis points; it lies in [0, 10000]");
        if (options.MaxConcurrentVerifications < 1 || options.MaxEventSubscribers < 1 || options.WriteBurstPerClient < 1
            || !(options.WritesPerSecondPerClient >= 0) || double.IsInfinity(options.WritesPerSecondPerClient))
            throw new ArgumentOutOfRangeException(nameof(options),
                $"limits: MaxConcurrentVerifications {options.MaxConcurrentVerifications} and MaxEventSubscribers {options.MaxEventSubscribers} " +
                $"and WriteBurstPerClient {options.WriteBurstPerClient} are at least 1; WritesPerSecondPerClient {options.WritesPerSecondPerClient} is finite and at least 0");
        string path = Path.GetFullPath(options.DatabasePath);
        string cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString();
        var db = new SqliteConnection(cs);
        db.Open();
        Pragma(db, "PRAGMA journal_mode = WAL;");
        Pragma(db, options.SynchronousFull ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
        Pragma(db, "PRAGMA busy_timeout = 10000;");
        RegistrySchema.Migrate(db);
        long last;
        using (SqliteCommand cmd = db.CreateCommand())
        {
            cmd.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM events;";
            last = (long)cmd.ExecuteScalar()!;
        }
        var writer = new LedgerWriter(db, options.Clock) { NextSequence = last + 1 };
        string readCs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true }.ToString();
        SqliteRegistry? registry = null;
        var batcher = new WriteBatcher(db, writer, options.MaxBatch, seq => registry!.OnCommitted(seq));
        registry = new SqliteRegistry(options, verifier, stoneVerifier, batcher, readCs, last);
        return registry;
    }

    private static void Pragma(SqliteConnection db, string sql)
    {
        using SqliteCommand cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public Felt RegistryId => _options.RegistryId;

    /// <summary>The options the registry was opened with (the HTTP API reads its limits from them).</summary>
    internal RegistryOptions Options => _options;

    /// <summary>Whether unsigned deposits are allowed.</summary>
    public bool DevFaucet => _options.DevFaucet;

    /// <summary>The account fees are paid into.</summary>
    public Felt FeeAccount => _feeAccount;

    /// <summary>The fee in basis points.</summary>
    public int FeeBasisPoints => _options.FeeBasisPoints;

    /// <summary>The highest committed event sequence number (0 before the first event).</summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    private void OnCommitted(long lastSequence)
    {
        TaskCompletionSource toSignal;
        lock (_signalLock)
        {
            if (lastSequence <= _lastSequence) return;
            Volatile.Write(ref _lastSequence, lastSequence);
            toSignal = _eventSignal;
            _eventSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        toSignal.TrySetResult();
    }

    /// <summary>Completes when an event with a sequence number above <paramref name="after"/> is committed.</summary>
    public Task WaitForEventAfterAsync(long after, CancellationToken cancellationToken)
    {
        Task signal;
        lock (_signalLock)
        {
            if (_lastSequence > after) return Task.CompletedTask;
            signal = _eventSignal.Task;
        }
        return signal.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public Task<RegistryOutcome<TransferReceipt>> DepositAsync(DepositRequest request, CancellationToken cancellationToken = default) =>
        _rules.DepositAsync(request);

    /// <inheritdoc/>
    public Task<RegistryOutcome<TransferReceipt>> WithdrawAsync(WithdrawRequest request, CancellationToken cancellationToken = default) =>
        _rules.WithdrawAsync(request);

    /// <inheritdoc/>
    public Task<RegistryOutcome<JobRegistration>> RegisterJobAsync(JobHeader header, Signature delegatorSignature, CancellationToken cancellationToken = default) =>
        _rules.RegisterJobAsync(header, delegatorSignature);

    /// <inheritdoc/>
    public Task<RegistryOutcome<SettlementReceipt>> SubmitWitnessAsync(JobWitness witness, CancellationToken cancellationToken = default) =>
        _rules.SubmitWitnessAsync(witness, cancellationToken);

    /// <inheritdoc/>
    public Task<RegistryOutcome<CommitReceipt>> CommitProofAsync(ProofCommit commit, CancellationToken cancellationToken = default) =>
        _rules.CommitProofAsync(commit);

    /// <inheritdoc/>
    public Task<RegistryOutcome<SettlementReceipt>> RevealProofAsync(ProofReveal reveal, CancellationToken cancellationToken = default) =>
        _rules.RevealProofAsync(reveal, cancellationToken);

    /// <inheritdoc/>
    Task<IReadOnlyList<CommitRecord>> ILedger.GetCommitsAsync(Felt jobId, CancellationToken cancellationToken)
    {
        using SqliteConnection db = OpenRead();
        using SqliteCommand cmd = db.CreateCommand();
        cmd.CommandText = LedgerWriter.ReadCommitsSql;
        cmd.Parameters.AddWithValue("$job", FeltBlobs.ToBlob(jobId));
        return Task.FromResult<IReadOnlyList<CommitRecord>>(LedgerWriter.ReadCommitRows(cmd));
    }

    /// <inheritdoc/>
    Task<RegistryOutcome<T>> ILedger.WriteAsync<T>(Func<ILedgerTransaction, RegistryOutcome<T>> apply) => _batcher.Enqueue(apply);

    private SqliteConnection OpenRead()
    {
        var c = new SqliteConnection(_readConnectionString);
        c.Open();
        return c;
    }

    /// <inheritdoc/>
    public Task<AccountView> GetAccountAsync(Felt account, CancellationToken cancellationToken = default)
    {
        using SqliteConnection db = OpenRead();
        using SqliteTransaction tx = db.BeginTransaction(deferred: true);
        Amount balance = Amount.Zero;
        ulong nonce = 0;
        using (SqliteCommand cmd = db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT balance, nonce FROM accounts WHERE id = $id;";
            cmd.Parameters.AddWithValue("$id", FeltBlobs.ToBlob(account));
            using SqliteDataReader r = cmd.ExecuteReader();
            if (r.Read()) { balance = Amount.Parse(r.GetString(0)); nonce = (ulong)r.GetInt64(1); }
        }
        BigInteger promised = BigInteger.Zero;
        using (SqliteCommand cmd = db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT locked FROM jobs WHERE delegator = $d AND status = 'open' AND deadline >= $now;";
            cmd.Parameters.AddWithValue("$d", FeltBlobs.ToBlob(account));
            cmd.Parameters.AddWithValue("$now", _options.Clock.GetUtcNow().ToUnixTimeSeconds());
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read()) promised += Amount.Parse(r.GetString(0)).Value;
        }
        Amount promisedAmount = Amount.From(BigInteger.Min(promised, Amount.MaxValue));
        Amount available = balance.TrySubtract(promisedAmount, out Amount left) ? left : Amount.Zero;
        return Task.FromResult(new AccountView(account, balance, promisedAmount, available, nonce));
    }

    /// <inheritdoc/>
    public Task<JobView?> GetJobAsync(Felt jobId, CancellationToken cancellationToken = default)
    {
        using SqliteConnection db = OpenRead();
        using SqliteCommand cmd = db.CreateCommand();
        cmd.CommandText = "SELECT status, delegator, reward, deadline, executor, fee, n_steps, output, proof_hash, seq, task_program_hash FROM jobs WHERE id = $id;";
        cmd.Parameters.AddWithValue("$id", FeltBlobs.ToBlob(jobId));
        using SqliteDataReader r = cmd.ExecuteReader();
        if (!r.Read()) return Task.FromResult<JobView?>(null);
        JobStatus status = JobStatusNames.Parse(r.GetString(0));
        bool settled = status == JobStatus.Settled;
        var view = new JobView(
            jobId,
            status,
            FeltBlobs.FromBlob((byte[])r[1]),
            Amount.Parse(r.GetString(2)),
            (ulong)r.GetInt64(3),
            settled ? FeltBlobs.FromBlob((byte[])r[4]) : null,
            settled ? Amount.Parse(r.GetString(5)) : null,
            settled ? (ulong)r.GetInt64(6) : null,
            settled ? FeltBlobs.ListFromBlob((byte[])r[7]) : null,
            settled ? FeltBlobs.FromBlob((byte[])r[8]) : null,
            settled ? r.GetInt64(9) : null)
        {
            TaskProgramHash = settled && !r.IsDBNull(10) ? FeltBlobs.FromBlob((byte[])r[10]) : null,
        };
        return Task.FromResult<JobView?>(view);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<RegistryEvent>> GetEventsAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0) return Task.FromResult<IReadOnlyList<RegistryEvent>>([]);
        using SqliteConnection db = OpenRead();
        using SqliteCommand cmd = db.CreateCommand();
        cmd.CommandText =
            "SELECT seq, kind, time_ms, account, amount, source, job_id, delegator, executor, reward, fee, n_steps, output, proof_hash, task_program_hash " +
            "FROM events WHERE seq > $after ORDER BY seq LIMIT $limit;";
        cmd.Parameters.AddWithValue("$after", after);
        cmd.Parameters.AddWithValue("$limit", limit);
        var list = new List<RegistryEvent>(Math.Min(limit, 1024));
        using SqliteDataReader r = cmd.ExecuteReader();
        while (r.Read())
        {
            var kind = (RegistryEventKind)r.GetInt32(1);
            if (kind == RegistryEventKind.JobSettled)
            {
                list.Add(new RegistryEvent(r.GetInt64(0), kind, r.GetInt64(2), null, null, null,
                    FeltBlobs.FromBlob((byte[])r[6]), FeltBlobs.FromBlob((byte[])r[7]), FeltBlobs.FromBlob((byte[])r[8]),
                    Amount.Parse(r.GetString(9)), Amount.Parse(r.GetString(10)), (ulong)r.GetInt64(11),
                    FeltBlobs.ListFromBlob((byte[])r[12]), FeltBlobs.FromBlob((byte[])r[13]))
                {
                    TaskProgramHash = r.IsDBNull(14) ? null : FeltBlobs.FromBlob((byte[])r[14]),
                });
            }
            else
            {
                list.Add(new RegistryEvent(r.GetInt64(0), kind, r.GetInt64(2), FeltBlobs.FromBlob((byte[])r[3]), Amount.Parse(r.GetString(4)),
                    r.IsDBNull(5) ? null : r.GetString(5), null, null, null, null, null, null, null, null));
            }
        }
        return Task.FromResult<IReadOnlyList<RegistryEvent>>(list);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<RegistryEvent> SubscribeAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long cursor = after;
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<RegistryEvent> page = await GetEventsAsync(cursor, 512, cancellationToken).ConfigureAwait(false);
            foreach (RegistryEvent e in page)
            {
                yield return e;
                cursor = e.Sequence;
            }
            if (page.Count == 0) await WaitForEventAfterAsync(cursor, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Recomputes the ledger from the database in one read transaction: the sum of all balances against
    /// minted − withdrawn, and the event log's shape (numbers 1..N with no gap, one JobSettled per settled job).
    /// </summary>
    public LedgerAudit Audit()
    {
        using SqliteConnection db = OpenRead();
        using SqliteTransaction tx = db.BeginTransaction(deferred: true);
        BigInteger sum = BigInteger.Zero;
        long accounts = 0;
        using (SqliteCommand cmd = db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT balance FROM accounts;";
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read()) { sum += BigInteger.Parse(r.GetString(0), System.Globalization.CultureInfo.InvariantCulture); accounts++; }
        }
        BigInteger minted, withdrawn, fees;
        using (SqliteCommand cmd = db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT minted, withdrawn, fees FROM ledger WHERE id = 1;";
            using SqliteDataReader r = cmd.ExecuteReader();
            r.Read();
            minted = Amount.Parse(r.GetString(0)).Value;
            withdrawn = Amount.Parse(r.GetString(1)).Value;
            fees = Amount.Parse(r.GetString(2)).Value;
        }
        long count, max, settledJobs, settledEvents, settledJoined;
        using (SqliteCommand cmd = db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText =
                "SELECT (SELECT COUNT(*) FROM events), (SELECT COALESCE(MAX(seq), 0) FROM events), " +
                "(SELECT COUNT(*) FROM jobs WHERE status = 'settled'), (SELECT COUNT(*) FROM events WHERE kind = 3), " +
                "(SELECT COUNT(*) FROM jobs j JOIN events e ON e.seq = j.seq AND e.kind = 3 AND e.job_id = j.id WHERE j.status = 'settled');";
            using SqliteDataReader r = cmd.ExecuteReader();
            r.Read();
            count = r.GetInt64(0); max = r.GetInt64(1); settledJobs = r.GetInt64(2); settledEvents = r.GetInt64(3); settledJoined = r.GetInt64(4);
        }
        return new LedgerAudit(sum, minted, withdrawn, fees, accounts, count, max, settledJobs, settledEvents, settledJoined)
        {
            LockMismatches = CountLockMismatches(db, tx),
        };
    }

    /// <summary>
    /// The number of accounts whose locked amount differs from the sum of what their jobs hold locked
    /// (exact sums in C#: SQLite's SUM is floating point over TEXT).
    /// </summary>
    private static long CountLockMismatches(SqliteConnection db, SqliteTransaction tx)
    {
        var byAccount = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        using (SqliteCommand cmd = db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT hex(delegator), locked FROM jobs WHERE locked <> '0';";
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                string id = r.GetString(0);
                byAccount[id] = byAccount.GetValueOrDefault(id) + Amount.Parse(r.GetString(1)).Value;
            }
        }
        long mismatches = 0;
        using (SqliteCommand cmd = db.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT hex(id), locked FROM accounts;";
            using SqliteDataReader r = cmd.ExecuteReader();
            while (r.Read())
            {
                string id = r.GetString(0);
                if (Amount.Parse(r.GetString(1)).Value != byAccount.GetValueOrDefault(id)) mismatches++;
                byAccount.Remove(id);
            }
        }
        return mismatches + byAccount.Count;
    }

    /// <summary>Lets queued writes commit, then closes the database.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _batcher.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
