using Microsoft.Data.Sqlite;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Stark.Field;

namespace Zetina.Registry.Store;

/// <summary>
/// The SQLite <see cref="ILedgerTransaction"/>: the statements the single writer runs, prepared once on the writer's connection. Used only from the
/// writer thread, inside the transaction <see cref="WriteBatcher"/> opened.
/// </summary>
internal sealed class LedgerWriter : ILedgerTransaction, IDisposable
{
    private readonly SqliteConnection _db;
    private readonly SqliteCommand _readAccount, _writeAccount, _readLedger, _writeLedger, _readJob, _settleJob, _openJob, _appendEvent;
    private readonly SqliteCommand _readLocked, _writeLocked, _expiredJobs, _expireJobs, _countOpen;
    private readonly SqliteCommand _readCommits, _countCommits, _appendCommit, _deleteCommits, _deleteDeadCommits;
    private readonly TimeProvider _clock;

    /// <inheritdoc/>
    public long NextSequence { get; set; }

    public LedgerWriter(SqliteConnection db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
        _readAccount = Prepare("SELECT balance, nonce FROM accounts WHERE id = $id;", "$id");
        _writeAccount = Prepare(
            "INSERT INTO accounts (id, balance, nonce) VALUES ($id, $balance, $nonce) " +
            "ON CONFLICT (id) DO UPDATE SET balance = excluded.balance, nonce = excluded.nonce;", "$id", "$balance", "$nonce");
        _readLedger = Prepare("SELECT minted, withdrawn, fees FROM ledger WHERE id = 1;");
        _writeLedger = Prepare("UPDATE ledger SET minted = $minted, withdrawn = $withdrawn, fees = $fees WHERE id = 1;", "$minted", "$withdrawn", "$fees");
        _readJob = Prepare("SELECT status, locked FROM jobs WHERE id = $id;", "$id");
        _settleJob = Prepare(
            "INSERT INTO jobs (id, status, delegator, reward, deadline, executor, fee, n_steps, output, proof_hash, seq, task_program_hash) " +
            "VALUES ($id, 'settled', $delegator, $reward, $deadline, $executor, $fee, $n_steps, $output, $proof_hash, $seq, $task_program_hash) " +
            "ON CONFLICT (id) DO UPDATE SET status = 'settled', delegator = excluded.delegator, reward = excluded.reward, " +
            "deadline = excluded.deadline, executor = excluded.executor, fee = excluded.fee, n_steps = excluded.n_steps, " +
            "output = excluded.output, proof_hash = excluded.proof_hash, seq = excluded.seq, task_program_hash = excluded.task_program_hash, locked = '0';",
            "$id", "$delegator", "$reward", "$deadline", "$executor", "$fee", "$n_steps", "$output", "$proof_hash", "$seq", "$task_program_hash");
        _openJob = Prepare(
            "INSERT INTO jobs (id, status, delegator, reward, deadline, locked) VALUES ($id, 'open', $delegator, $reward, $deadline, $reward);",
            "$id", "$delegator", "$reward", "$deadline");
        _readLocked = Prepare("SELECT locked FROM accounts WHERE id = $id;", "$id");
        // An UPDATE, not an upsert: SQLite checks an upsert's would-be inserted row (balance '0') against the
        // CHECK before it finds the conflict. Only an account with a balance can lock anything.
        _writeLocked = Prepare("UPDATE accounts SET locked = $locked WHERE id = $id;", "$id", "$locked");
        _expiredJobs = Prepare("SELECT locked FROM jobs WHERE delegator = $d AND status = 'open' AND deadline < $now;", "$d", "$now");
        _expireJobs = Prepare("UPDATE jobs SET status = 'expired', locked = '0' WHERE delegator = $d AND status = 'open' AND deadline < $now;", "$d", "$now");
        _countOpen = Prepare("SELECT COUNT(*) FROM jobs WHERE delegator = $d AND status = 'open';", "$d");
        _readCommits = Prepare(ReadCommitsSql, "$job");
        _countCommits = Prepare("SELECT COUNT(*) FROM commits WHERE executor = $e AND committed_at > $after;", "$e", "$after");
        _appendCommit = Prepare(
            "INSERT INTO commits (job_id, executor, commitment, committed_at) VALUES ($job, $e, $c, $t) RETURNING seq;", "$job", "$e", "$c", "$t");
        _deleteCommits = Prepare("DELETE FROM commits WHERE job_id = $job;", "$job");
        _deleteDeadCommits = Prepare("DELETE FROM commits WHERE committed_at <= $t;", "$t");
        _appendEvent = Prepare(
            "INSERT INTO events (seq, kind, time_ms, account, amount, source, job_id, delegator, executor, reward, fee, n_steps, output, proof_hash, task_program_hash) " +
            "VALUES ($seq, $kind, $time_ms, $account, $amount, $source, $job_id, $delegator, $executor, $reward, $fee, $n_steps, $output, $proof_hash, $task_program_hash);",
            "$seq", "$kind", "$time_ms", "$account", "$amount", "$source", "$job_id", "$delegator", "$executor", "$reward", "$fee", "$n_steps", "$output", "$proof_hash",
            "$task_program_hash");
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        SqliteCommand cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (string p in parameters) cmd.Parameters.Add(new SqliteParameter(p, null));
        cmd.Prepare();
        return cmd;
    }

    /// <summary>Runs a statement without parameters (transaction control).</summary>
    public void Execute(string sql)
    {
        using SqliteCommand cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public (Amount Balance, ulong Nonce) ReadAccount(in Felt id)
    {
        _readAccount.Parameters[0].Value = FeltBlobs.ToBlob(id);
        using SqliteDataReader r = _readAccount.ExecuteReader();
        if (!r.Read()) return (Amount.Zero, 0);
        return (Amount.Parse(r.GetString(0)), checked((ulong)r.GetInt64(1)));
    }

    /// <inheritdoc/>
    public void WriteAccount(in Felt id, Amount balance, ulong nonce)
    {
        _writeAccount.Parameters[0].Value = FeltBlobs.ToBlob(id);
        _writeAccount.Parameters[1].Value = balance.ToString();
        _writeAccount.Parameters[2].Value = checked((long)nonce);
        _writeAccount.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public (Amount Minted, Amount Withdrawn, Amount Fees) ReadLedger()
    {
        using SqliteDataReader r = _readLedger.ExecuteReader();
        if (!r.Read()) throw new InvalidDataException("the ledger row is missing");
        return (Amount.Parse(r.GetString(0)), Amount.Parse(r.GetString(1)), Amount.Parse(r.GetString(2)));
    }

    /// <inheritdoc/>
    public void WriteLedger(Amount minted, Amount withdrawn, Amount fees)
    {
        _writeLedger.Parameters[0].Value = minted.ToString();
        _writeLedger.Parameters[1].Value = withdrawn.ToString();
        _writeLedger.Parameters[2].Value = fees.ToString();
        _writeLedger.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public (JobStatus? Status, Amount Locked) ReadJob(in Felt id)
    {
        _readJob.Parameters[0].Value = FeltBlobs.ToBlob(id);
        using SqliteDataReader r = _readJob.ExecuteReader();
        if (!r.Read()) return (null, Amount.Zero);
        return (JobStatusNames.Parse(r.GetString(0)), Amount.Parse(r.GetString(1)));
    }

    /// <inheritdoc/>
    public Amount ReadLocked(in Felt id)
    {
        _readLocked.Parameters[0].Value = FeltBlobs.ToBlob(id);
        return _readLocked.ExecuteScalar() is string s ? Amount.Parse(s) : Amount.Zero;
    }

    /// <inheritdoc/>
    public void WriteLocked(in Felt id, Amount locked)
    {
        _writeLocked.Parameters[0].Value = FeltBlobs.ToBlob(id);
        _writeLocked.Parameters[1].Value = locked.ToString();
        _writeLocked.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public long CountOpenJobs(in Felt delegator)
    {
        _countOpen.Parameters[0].Value = FeltBlobs.ToBlob(delegator);
        return (long)_countOpen.ExecuteScalar()!;
    }

    /// <inheritdoc/>
    public Amount ExpireOpenJobs(in Felt delegator, long now)
    {
        byte[] d = FeltBlobs.ToBlob(delegator);
        _expiredJobs.Parameters[0].Value = d;
        _expiredJobs.Parameters[1].Value = now;
        Amount released = Amount.Zero;
        int count = 0;
        using (SqliteDataReader r = _expiredJobs.ExecuteReader())
        {
            while (r.Read())
            {
                // Each job's lock was added to the account's, so the sum fits the account's lock (< 2^256).
                if (!released.TryAdd(Amount.Parse(r.GetString(0)), out Amount sum))
                    throw new InvalidDataException("the expired jobs' locks exceed 2^256 - 1: the books are inconsistent");
                released = sum;
                count++;
            }
        }
        if (count == 0) return Amount.Zero;
        _expireJobs.Parameters[0].Value = d;
        _expireJobs.Parameters[1].Value = now;
        _expireJobs.ExecuteNonQuery();
        return released;
    }

    /// <inheritdoc/>
    public void OpenJob(in Felt id, in Felt delegator, Amount reward, ulong deadline)
    {
        _openJob.Parameters[0].Value = FeltBlobs.ToBlob(id);
        _openJob.Parameters[1].Value = FeltBlobs.ToBlob(delegator);
        _openJob.Parameters[2].Value = reward.ToString();
        _openJob.Parameters[3].Value = checked((long)deadline);
        _openJob.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public void SettleJob(SettlementReceipt s, ulong deadline)
    {
        _settleJob.Parameters[0].Value = FeltBlobs.ToBlob(s.JobId);
        _settleJob.Parameters[1].Value = FeltBlobs.ToBlob(s.Delegator);
        _settleJob.Parameters[2].Value = s.Reward.ToString();
        _settleJob.Parameters[3].Value = checked((long)deadline);
        _settleJob.Parameters[4].Value = FeltBlobs.ToBlob(s.Executor);
        _settleJob.Parameters[5].Value = s.Fee.ToString();
        _settleJob.Parameters[6].Value = checked((long)s.NSteps);
        _settleJob.Parameters[7].Value = FeltBlobs.ToBlob(s.Output);
        _settleJob.Parameters[8].Value = FeltBlobs.ToBlob(s.ProofHash);
        _settleJob.Parameters[9].Value = s.Sequence;
        _settleJob.Parameters[10].Value = s.TaskProgramHash is Felt task ? FeltBlobs.ToBlob(task) : DBNull.Value;
        _settleJob.ExecuteNonQuery();
    }

    /// <summary>The job's commits in sequence order (shared with the read side, <see cref="SqliteRegistry"/>).</summary>
    internal const string ReadCommitsSql = "SELECT seq, job_id, executor, commitment, committed_at FROM commits WHERE job_id = $job ORDER BY seq;";

    /// <summary>Reads the rows of <see cref="ReadCommitsSql"/>.</summary>
    internal static List<CommitRecord> ReadCommitRows(SqliteCommand cmd)
    {
        var list = new List<CommitRecord>();
        using SqliteDataReader r = cmd.ExecuteReader();
        while (r.Read())
            list.Add(new CommitRecord(r.GetInt64(0), FeltBlobs.FromBlob((byte[])r[1]), FeltBlobs.FromBlob((byte[])r[2]), FeltBlobs.FromBlob((byte[])r[3]), r.GetInt64(4)));
        return list;
    }

    /// <inheritdoc/>
    public IReadOnlyList<CommitRecord> ReadCommits(in Felt jobId)
    {
        _readCommits.Parameters[0].Value = FeltBlobs.ToBlob(jobId);
        return ReadCommitRows(_readCommits);
    }

    /// <inheritdoc/>
    public long CountCommitsSince(in Felt executor, long after)
    {
        _countCommits.Parameters[0].Value = FeltBlobs.ToBlob(executor);
        _countCommits.Parameters[1].Value = after;
        return (long)_countCommits.ExecuteScalar()!;
    }

    /// <inheritdoc/>
    public long AppendCommit(in Felt jobId, in Felt executor, in Felt commitment, long committedAt)
    {
        _appendCommit.Parameters[0].Value = FeltBlobs.ToBlob(jobId);
        _appendCommit.Parameters[1].Value = FeltBlobs.ToBlob(executor);
        _appendCommit.Parameters[2].Value = FeltBlobs.ToBlob(commitment);
        _appendCommit.Parameters[3].Value = committedAt;
        return (long)_appendCommit.ExecuteScalar()!;
    }

    /// <inheritdoc/>
    public void DeleteCommits(in Felt jobId)
    {
        _deleteCommits.Parameters[0].Value = FeltBlobs.ToBlob(jobId);
        _deleteCommits.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public void DeleteDeadCommits(long madeAtOrBefore)
    {
        _deleteDeadCommits.Parameters[0].Value = madeAtOrBefore;
        _deleteDeadCommits.ExecuteNonQuery();
    }

    /// <inheritdoc/>
    public long AppendTransfer(RegistryEventKind kind, in Felt account, Amount amount, string? source)
    {
        long seq = NextSequence;
        SqliteParameterCollection p = _appendEvent.Parameters;
        p[0].Value = seq;
        p[1].Value = (int)kind;
        p[2].Value = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        p[3].Value = FeltBlobs.ToBlob(account);
        p[4].Value = amount.ToString();
        p[5].Value = (object?)source ?? DBNull.Value;
        for (int i = 6; i < 15; i++) p[i].Value = DBNull.Value;
        _appendEvent.ExecuteNonQuery();
        NextSequence = seq + 1;
        return seq;
    }

    /// <inheritdoc/>
    public void AppendSettlement(SettlementReceipt s)
    {
        if (s.Sequence != NextSequence) throw new InvalidOperationException("a settlement's sequence is the next sequence");
        SqliteParameterCollection p = _appendEvent.Parameters;
        p[0].Value = s.Sequence;
        p[1].Value = (int)RegistryEventKind.JobSettled;
        p[2].Value = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        p[3].Value = DBNull.Value;
        p[4].Value = DBNull.Value;
        p[5].Value = DBNull.Value;
        p[6].Value = FeltBlobs.ToBlob(s.JobId);
        p[7].Value = FeltBlobs.ToBlob(s.Delegator);
        p[8].Value = FeltBlobs.ToBlob(s.Executor);
        p[9].Value = s.Reward.ToString();
        p[10].Value = s.Fee.ToString();
        p[11].Value = checked((long)s.NSteps);
        p[12].Value = FeltBlobs.ToBlob(s.Output);
        p[13].Value = FeltBlobs.ToBlob(s.ProofHash);
        p[14].Value = s.TaskProgramHash is Felt task ? FeltBlobs.ToBlob(task) : DBNull.Value;
        _appendEvent.ExecuteNonQuery();
        NextSequence = s.Sequence + 1;
    }

    public void Dispose()
    {
        _readAccount.Dispose();
        _writeAccount.Dispose();
        _readLedger.Dispose();
        _writeLedger.Dispose();
        _readJob.Dispose();
        _settleJob.Dispose();
        _openJob.Dispose();
        _appendEvent.Dispose();
        _readLocked.Dispose();
        _writeLocked.Dispose();
        _expiredJobs.Dispose();
        _expireJobs.Dispose();
        _countOpen.Dispose();
        _readCommits.Dispose();
        _countCommits.Dispose();
        _appendCommit.Dispose();
        _deleteCommits.Dispose();
        _deleteDeadCommits.Dispose();
    }
}
