using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Registry.Store;

/// <summary>
/// The embedded registry: the rules of <see cref="IRegistry"/> over a SQLite database in WAL mode.
/// Checks that need no state (signatures, proofs) run on the caller's thread, in parallel; checks that
/// need state (nonces, balances, "not yet settled") and the writes run on the single writer
/// (<see cref="WriteBatcher"/>), so they see every earlier write.
/// </summary>
public sealed class SqliteRegistry : IRegistry, IDisposable
{
    private readonly RegistryOptions _options;
    private readonly IProofVerifier _verifier;
    private readonly WriteBatcher _batcher;
    private readonly string _readConnectionString;
    private readonly Felt _feeAccount;
    private long _lastSequence;
    private int _disposed;
    private TaskCompletionSource _eventSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly object _signalLock = new();

    private SqliteRegistry(RegistryOptions options, IProofVerifier verifier, WriteBatcher batcher, string readConnectionString, long lastSequence)
    {
        _options = options;
        _verifier = verifier;
        _batcher = batcher;
        _readConnectionString = readConnectionString;
        _lastSequence = lastSequence;
        _feeAccount = options.FeeAccount ?? options.OperatorKey ?? Felt.Zero;
    }

    /// <summary>
    /// Opens (creating and migrating as needed) the registry database named by <paramref name="options"/>.
    /// Throws <see cref="InvalidOperationException"/> for a database from a newer registry and
    /// <see cref="ArgumentOutOfRangeException"/> for a fee outside [0, 10,000] basis points.
    /// </summary>
    public static SqliteRegistry Open(RegistryOptions options, IProofVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(verifier);
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
        registry = new SqliteRegistry(options, verifier, batcher, readCs, last);
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
    public Task<RegistryOutcome<TransferReceipt>> DepositAsync(DepositRequest request, CancellationToken cancellationToken = default)
    {
        string source;
        if (request.Signature is { } sig)
        {
            if (_options.OperatorKey is not { } op || request.Minter != op)
                return Refused<TransferReceipt>(RegistryError.MintNotAllowed,
                    $"deposits are minted by the operator key; {request.Minter.ToHexString()} is not this registry's operator");
            if (!RegistryCrypto.Verify(op, request.Hash(RegistryId), sig.R, sig.S))
                return Refused<TransferReceipt>(RegistryError.BadSignature,
                    "the deposit's signature does not verify against the operator key over H(\"zetina.deposit.v1\", registry_id, account, amount_low, amount_high, minter, nonce)");
            source = "operator";
        }
        else
        {
            if (!_options.DevFaucet)
                return Refused<TransferReceipt>(RegistryError.MintNotAllowed,
                    "unsigned deposits need a registry started with --dev-faucet; sign the deposit with the operator key instead");
            source = "faucet";
        }
        if (request.Amount.IsZero)
            return Refused<TransferReceipt>(RegistryError.InvalidRequest, "a deposit moves a positive amount");

        return _batcher.Enqueue(w =>
        {
            if (source == "operator")
            {
                var (opBalance, opNonce) = w.ReadAccount(request.Minter);
                if (request.Nonce != opNonce)
                    return RegistryOutcome<TransferReceipt>.Refuse(RegistryError.NonceMismatch,
                        $"the operator's next nonce is {opNonce}, the deposit carries {request.Nonce} (a replayed or out-of-order request)");
                w.WriteAccount(request.Minter, opBalance, opNonce + 1);
            }
            var (minted, withdrawn, fees) = w.ReadLedger();
            // Read after the operator's nonce write: the operator may deposit into its own account.
            var (balance, nonce) = w.ReadAccount(request.Account);
            if (!minted.TryAdd(request.Amount, out Amount newMinted) || !balance.TryAdd(request.Amount, out Amount newBalance))
                return RegistryOutcome<TransferReceipt>.Refuse(RegistryError.AmountOverflow,
                    "this deposit would take the account or the total minted past 2^256 - 1");
            w.WriteAccount(request.Account, newBalance, nonce);
            w.WriteLedger(newMinted, withdrawn, fees);
            long seq = w.AppendTransfer(RegistryEventKind.Deposit, request.Account, request.Amount, source);
            return RegistryOutcome<TransferReceipt>.Success(new TransferReceipt(request.Account, request.Amount, newBalance, nonce, seq));
        });
    }

    /// <inheritdoc/>
    public Task<RegistryOutcome<TransferReceipt>> WithdrawAsync(WithdrawRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Amount.IsZero)
            return Refused<TransferReceipt>(RegistryError.InvalidRequest, "a withdrawal moves a positive amount");
        if (!RegistryCrypto.Verify(request.Account, request.Hash(RegistryId), request.Signature.R, request.Signature.S))
            return Refused<TransferReceipt>(RegistryError.BadSignature,
                "the withdrawal's signature does not verify against the account's key over H(\"zetina.withdraw.v1\", registry_id, account, amount_low, amount_high, nonce)");

        return _batcher.Enqueue(w =>
        {
            w.ReleaseExpired(request.Account, NowSeconds);
            var (balance, nonce) = w.ReadAccount(request.Account);
            if (request.Nonce != nonce)
                return RegistryOutcome<TransferReceipt>.Refuse(RegistryError.NonceMismatch,
                    $"the account's next nonce is {nonce}, the withdrawal carries {request.Nonce} (a replayed or out-of-order request)");
            if (CheckUnlocked(w, request.Account, balance, request.Amount, "requested") is { } shortfall)
                return RegistryOutcome<TransferReceipt>.Refuse(shortfall.Error, shortfall.Message);
            balance.TrySubtract(request.Amount, out Amount newBalance);
            var (minted, withdrawn, fees) = w.ReadLedger();
            if (!withdrawn.TryAdd(request.Amount, out Amount newWithdrawn))
                return RegistryOutcome<TransferReceipt>.Refuse(RegistryError.AmountOverflow, "the total withdrawn would pass 2^256 - 1");
            w.WriteAccount(request.Account, newBalance, nonce + 1);
            w.WriteLedger(minted, newWithdrawn, fees);
            long seq = w.AppendTransfer(RegistryEventKind.Withdraw, request.Account, request.Amount, null);
            return RegistryOutcome<TransferReceipt>.Success(new TransferReceipt(request.Account, request.Amount, newBalance, nonce + 1, seq));
        });
    }

    /// <inheritdoc/>
    public async Task<RegistryOutcome<JobRegistration>> RegisterJobAsync(JobHeader header, Signature delegatorSignature, CancellationToken cancellationToken = default)
    {
        var stateless = CheckHeader(header, delegatorSignature);
        if (stateless is { } refusal) return RegistryOutcome<JobRegistration>.Refuse(refusal.Error, refusal.Message);
        return await _batcher.Enqueue(w =>
        {
            w.ReleaseExpired(header.Delegator, NowSeconds);
            var (status, _) = w.ReadJob(header.JobId);
            if (status == "settled")
                return RegistryOutcome<JobRegistration>.Refuse(RegistryError.JobAlreadySettled, $"job {header.JobId.ToHexString()} is already settled");
            if (status == "expired")
                return RegistryOutcome<JobRegistration>.Refuse(RegistryError.JobExpired, ExpiredMessage(header.JobId));
            if (status is null)
            {
                // Escrow: the reward (fee included) is locked from now until the job settles or expires.
                var (balance, _) = w.ReadAccount(header.Delegator);
                if (CheckUnlocked(w, header.Delegator, balance, header.Reward, "the job's reward") is { } shortfall)
                    return RegistryOutcome<JobRegistration>.Refuse(shortfall.Error, shortfall.Message);
                w.ReadLocked(header.Delegator).TryAdd(header.Reward, out Amount locked);
                w.WriteLocked(header.Delegator, locked);
                w.OpenJob(header.JobId, header.Delegator, header.Reward, header.Deadline);
            }
            return RegistryOutcome<JobRegistration>.Success(new JobRegistration(header.JobId, header.Delegator, header.Reward, header.Deadline));
        }).ConfigureAwait(false);
    }

    private long NowSeconds => _options.Clock.GetUtcNow().ToUnixTimeSeconds();

    private static string ExpiredMessage(Felt jobId) =>
        $"job {jobId.ToHexString()} was registered and passed its deadline unpaid; its reward was released (post the work as a new job)";

    /// <summary>
    /// The <see cref="Escrow"/> rule on the writer: whether <paramref name="requested"/> fits the unlocked part of
    /// <paramref name="account"/>'s <paramref name="balance"/> (its expired jobs already released).
    /// </summary>
    private static (RegistryError Error, string Message)? CheckUnlocked(LedgerWriter w, Felt account, Amount balance, Amount requested, string what)
    {
        Amount locked = w.ReadLocked(account);
        long open = locked.IsZero ? 0 : w.CountOpenJobs(account);
        return Escrow.Check(balance, locked, open, requested, what);
    }

    /// <summary>The checks on a job header that need no state: registry id, delegator signature, deadline.</summary>
    private (RegistryError Error, string Message)? CheckHeader(JobHeader header, Signature signature)
    {
        if (header.RegistryId != RegistryId)
            return (RegistryError.WrongRegistry, $"the job header names registry {header.RegistryId.ToHexString()}; this is registry {RegistryId.ToHexString()}");
        if (header.Reward.IsZero)
            return (RegistryError.InvalidRequest, "a job's reward is positive");
        if (!header.BindsInput && header.InputHash != Felt.Zero)
            return (RegistryError.InvalidRequest, "the job header has an input hash but an input length of 0; an unbound input has no hash");
        if (!RegistryCrypto.Verify(header.Delegator, header.Hash(), signature.R, signature.S))
            return (RegistryError.BadSignature, "the delegator's signature does not verify over the job header's hash (see docs/registry.md, JobHeader)");
        ulong now = (ulong)_options.Clock.GetUtcNow().ToUnixTimeSeconds();
        if (now > header.Deadline)
            return (RegistryError.JobExpired, $"the job's deadline {header.Deadline} (unix seconds) has passed; it is now {now}");
        return null;
    }

    /// <inheritdoc/>
    public async Task<RegistryOutcome<SettlementReceipt>> SubmitWitnessAsync(WitnessSubmission witness, CancellationToken cancellationToken = default)
    {
        JobHeader header = witness.Header;
        if (witness.JobId != header.JobId)
            return Refuse(RegistryError.WrongJobId, $"the witness is for job {witness.JobId.ToHexString()} but its header is job {header.JobId.ToHexString()}");
        if (witness.Proof.Length == 0)
            return Refuse(RegistryError.InvalidProof, "the witness carries no proof");
        var stateless = CheckHeader(header, witness.DelegatorSignature);
        if (stateless is { } refusal) return Refuse(refusal.Error, refusal.Message);

        // Cheap early refusal before the expensive proof check; the writer checks again.
        JobView? existing = await GetJobAsync(header.JobId, cancellationToken).ConfigureAwait(false);
        if (existing is { Status: "settled" })
            return Refuse(RegistryError.JobAlreadySettled, $"job {header.JobId.ToHexString()} was already paid (event {existing.Sequence})");

        var binding = new ProofBinding(header.JobId, witness.Executor, header.ProgramHash);
        ProofCheck check = _verifier.Verify(witness.Proof, binding);
        if (!check.Ok)
        {
            return check.Failure switch
            {
                ProofFailure.WrongExecutor => Refuse(RegistryError.ProofBoundToAnotherExecutor,
                    $"the proof is bound to another executor than {witness.Executor.ToHexString()}: {check.Error}"),
                ProofFailure.WrongJob => Refuse(RegistryError.WrongJobId, $"the proof answers another job than {header.JobId.ToHexString()}: {check.Error}"),
                _ => Refuse(RegistryError.InvalidProof, $"the proof does not verify: {check.Error}"),
            };
        }
        if (check.ProgramHash != header.ProgramHash)
            return Refuse(RegistryError.WrongProgram, $"the proof proves program {check.ProgramHash.ToHexString()}; the job asks for {header.ProgramHash.ToHexString()}");
        if (check.NSteps > header.StepLimit)
            return Refuse(RegistryError.StepLimitExceeded, $"the proved run took {check.NSteps} steps; the job pays for at most {header.StepLimit}");
        if (!OutputsEqual(check.Output, witness.Output))
            return Refuse(RegistryError.OutputMismatch,
                $"the submitted output ({witness.Output.Length} felts) differs from the output in the proof's public input ({check.Output.Length} felts)");
        if (InputBinding.Check(header, check.Output) is { } unbound)
            return Refuse(RegistryError.OutputDoesNotBindInput, unbound);
        Felt proofHash = ProofHash(witness.Proof);
        Amount fee = header.Reward.BasisPoints(_options.FeeBasisPoints);
        header.Reward.TrySubtract(fee, out Amount pay);

        return await _batcher.Enqueue(w =>
        {
            w.ReleaseExpired(header.Delegator, NowSeconds);
            var (status, jobLock) = w.ReadJob(header.JobId);
            if (status == "settled")
                return Refuse(RegistryError.JobAlreadySettled, $"job {header.JobId.ToHexString()} was already paid");
            if (status == "expired")
                return Refuse(RegistryError.JobExpired, ExpiredMessage(header.JobId));
            // Pay from escrow: this job's own lock is released and spent; the other open jobs' locks stay covered.
            var (dBalance, dNonce) = w.ReadAccount(header.Delegator);
            Amount dLocked = w.ReadLocked(header.Delegator);
            dLocked.TrySubtract(jobLock, out Amount othersLocked);
            long othersOpen = othersLocked.IsZero ? 0 : w.CountOpenJobs(header.Delegator) - (status == "open" ? 1 : 0);
            if (Escrow.Check(dBalance, othersLocked, othersOpen, header.Reward, "the job's reward") is { } shortfall)
                return Refuse(shortfall.Error, $"the delegator cannot pay: {shortfall.Message}");
            dBalance.TrySubtract(header.Reward, out Amount dNew);
            w.WriteLocked(header.Delegator, othersLocked);
            w.WriteAccount(header.Delegator, dNew, dNonce);
            var (eBalance, eNonce) = w.ReadAccount(witness.Executor);
            if (!eBalance.TryAdd(pay, out Amount eNew))
                return Refuse(RegistryError.AmountOverflow, "paying the executor would take its balance past 2^256 - 1");
            w.WriteAccount(witness.Executor, eNew, eNonce);
            var (minted, withdrawn, fees) = w.ReadLedger();
            Amount newFees = fees;
            if (!fee.IsZero)
            {
                var (fBalance, fNonce) = w.ReadAccount(_feeAccount);
                if (!fBalance.TryAdd(fee, out Amount fNew) || !fees.TryAdd(fee, out newFees))
                    return Refuse(RegistryError.AmountOverflow, "the fee would take the fee account past 2^256 - 1");
                w.WriteAccount(_feeAccount, fNew, fNonce);
            }
            w.WriteLedger(minted, withdrawn, newFees);
            var receipt = new SettlementReceipt(header.JobId, header.Delegator, witness.Executor, header.Reward, fee, check.NSteps,
                check.Output, proofHash, w.NextSequence);
            w.SettleJob(receipt, header.Deadline);
            w.AppendSettlement(receipt);
            return RegistryOutcome<SettlementReceipt>.Success(receipt);
        }).ConfigureAwait(false);

        static RegistryOutcome<SettlementReceipt> Refuse(RegistryError e, string m) => RegistryOutcome<SettlementReceipt>.Refuse(e, m);
    }

    /// <summary>
    /// The proof hash recorded with a settlement: SHA-256 of the proof bytes, its top 6 bits cleared so it is a felt.
    /// </summary>
    public static Felt ProofHash(ReadOnlySpan<byte> proof)
    {
        Span<byte> d = stackalloc byte[32];
        SHA256.HashData(proof, d);
        d[0] &= 0x03;
        return Felt.FromBytesBigEndian(d);
    }

    private static bool OutputsEqual(Felt[] a, Felt[] b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
        return true;
    }

    private static Task<RegistryOutcome<T>> Refused<T>(RegistryError e, string message) => Task.FromResult(RegistryOutcome<T>.Refuse(e, message));

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
        cmd.CommandText = "SELECT status, delegator, reward, deadline, executor, fee, n_steps, output, proof_hash, seq FROM jobs WHERE id = $id;";
        cmd.Parameters.AddWithValue("$id", FeltBlobs.ToBlob(jobId));
        using SqliteDataReader r = cmd.ExecuteReader();
        if (!r.Read()) return Task.FromResult<JobView?>(null);
        bool settled = r.GetString(0) == "settled";
        var view = new JobView(
            jobId,
            r.GetString(0),
            FeltBlobs.FromBlob((byte[])r[1]),
            Amount.Parse(r.GetString(2)),
            (ulong)r.GetInt64(3),
            settled ? FeltBlobs.FromBlob((byte[])r[4]) : null,
            settled ? Amount.Parse(r.GetString(5)) : null,
            settled ? (ulong)r.GetInt64(6) : null,
            settled ? FeltBlobs.ListFromBlob((byte[])r[7]) : null,
            settled ? FeltBlobs.FromBlob((byte[])r[8]) : null,
            settled ? r.GetInt64(9) : null);
        return Task.FromResult<JobView?>(view);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<RegistryEvent>> GetEventsAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        if (limit <= 0) return Task.FromResult<IReadOnlyList<RegistryEvent>>([]);
        using SqliteConnection db = OpenRead();
        using SqliteCommand cmd = db.CreateCommand();
        cmd.CommandText =
            "SELECT seq, kind, time_ms, account, amount, source, job_id, delegator, executor, reward, fee, n_steps, output, proof_hash " +
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
                    FeltBlobs.ListFromBlob((byte[])r[12]), FeltBlobs.FromBlob((byte[])r[13])));
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
