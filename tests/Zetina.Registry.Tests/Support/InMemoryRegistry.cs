using System.Numerics;
using System.Runtime.CompilerServices;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests.Support;

/// <summary>
/// A second store for the registry's rules: the ledger in dictionaries, one write at a time under a lock, each
/// write applied to a copy that replaces the state only when the rule succeeds. Nothing here decides anything;
/// the same <see cref="RegistryRules"/> as SQLite's do, so the rule tests passing on both show the rules are the store's guests.
/// </summary>
internal sealed class InMemoryRegistry : IRegistry, ILedger
{
    private readonly RegistryTerms _terms;
    private readonly RegistryRules _rules;
    private readonly object _gate = new();
    private LedgerState _state = new();
    private TaskCompletionSource _eventSignal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public InMemoryRegistry(RegistryTerms terms, IProofVerifier verifier, IStoneProofVerifier? stoneVerifier = null)
    {
        _terms = terms;
        _rules = new RegistryRules(terms, verifier, this, stoneVerifier);
    }

    public Felt RegistryId => _terms.RegistryId;

    public long LastSequence { get { lock (_gate) return _state.Events.Count; } }

    public Task<RegistryOutcome<TransferReceipt>> DepositAsync(DepositRequest request, CancellationToken cancellationToken = default) => _rules.DepositAsync(request);

    public Task<RegistryOutcome<TransferReceipt>> WithdrawAsync(WithdrawRequest request, CancellationToken cancellationToken = default) => _rules.WithdrawAsync(request);

    public Task<RegistryOutcome<JobRegistration>> RegisterJobAsync(JobHeader header, Signature delegatorSignature, CancellationToken cancellationToken = default) =>
        _rules.RegisterJobAsync(header, delegatorSignature);

    public Task<RegistryOutcome<SettlementReceipt>> SubmitWitnessAsync(JobWitness witness, CancellationToken cancellationToken = default) =>
        _rules.SubmitWitnessAsync(witness, cancellationToken);

    public Task<RegistryOutcome<CommitReceipt>> CommitProofAsync(ProofCommit commit, CancellationToken cancellationToken = default) =>
        _rules.CommitProofAsync(commit);

    public Task<RegistryOutcome<SettlementReceipt>> RevealProofAsync(ProofReveal reveal, CancellationToken cancellationToken = default) =>
        _rules.RevealProofAsync(reveal, cancellationToken);

    Task<IReadOnlyList<CommitRecord>> ILedger.GetCommitsAsync(Felt jobId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<CommitRecord>>(_state.Commits.Where(c => c.JobId == jobId).OrderBy(c => c.Sequence).ToList());
    }

    Task<RegistryOutcome<T>> ILedger.WriteAsync<T>(Func<ILedgerTransaction, RegistryOutcome<T>> apply)
    {
        TaskCompletionSource? signal = null;
        RegistryOutcome<T> outcome;
        lock (_gate)
        {
            var tx = new InMemoryTransaction(_state.Copy(), _terms.Clock);
            outcome = apply(tx);
            if (outcome.Ok)
            {
                if (tx.State.Events.Count != _state.Events.Count)
                {
                    signal = _eventSignal;
                    _eventSignal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                _state = tx.State;
            }
        }
        signal?.TrySetResult();
        return Task.FromResult(outcome);
    }

    public Task<AccountView> GetAccountAsync(Felt account, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            AccountRow row = _state.Accounts.GetValueOrDefault(account, AccountRow.Empty);
            long now = _terms.NowSeconds;
            BigInteger promised = BigInteger.Zero;
            foreach (JobRow j in _state.Jobs.Values)
                if (j.Delegator == account && j.Status == JobStatus.Open && (long)j.Deadline >= now) promised += j.Locked.Value;
            Amount promisedAmount = Amount.From(BigInteger.Min(promised, Amount.MaxValue));
            Amount available = row.Balance.TrySubtract(promisedAmount, out Amount left) ? left : Amount.Zero;
            return Task.FromResult(new AccountView(account, row.Balance, promisedAmount, available, row.Nonce));
        }
    }

    public Task<JobView?> GetJobAsync(Felt jobId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_state.Jobs.TryGetValue(jobId, out JobRow? j)) return Task.FromResult<JobView?>(null);
            SettlementReceipt? s = j.Settlement;
            return Task.FromResult<JobView?>(new JobView(jobId, j.Status, j.Delegator, j.Reward, j.Deadline,
                s?.Executor, s?.Fee, s?.NSteps, s?.Output, s?.ProofHash, s?.Sequence) { TaskProgramHash = s?.TaskProgramHash });
        }
    }

    public Task<IReadOnlyList<RegistryEvent>> GetEventsAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            int from = (int)Math.Clamp(after, 0, _state.Events.Count);
            int count = Math.Clamp(limit, 0, _state.Events.Count - from);
            return Task.FromResult<IReadOnlyList<RegistryEvent>>(_state.Events.GetRange(from, count));
        }
    }

    public async IAsyncEnumerable<RegistryEvent> SubscribeAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long cursor = after;
        while (!cancellationToken.IsCancellationRequested)
        {
            Task signal;
            lock (_gate) signal = _eventSignal.Task;
            IReadOnlyList<RegistryEvent> page = await GetEventsAsync(cursor, 512, cancellationToken);
            foreach (RegistryEvent e in page)
            {
                yield return e;
                cursor = e.Sequence;
            }
            if (page.Count == 0) await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The invariant of <see cref="SqliteRegistry.Audit"/>, recomputed from the dictionaries.</summary>
    public LedgerAudit Audit()
    {
        lock (_gate)
        {
            LedgerState s = _state;
            BigInteger sum = BigInteger.Zero;
            foreach (AccountRow a in s.Accounts.Values) sum += a.Balance.Value;
            long settledJobs = 0, joined = 0;
            foreach (var (id, j) in s.Jobs)
            {
                if (j.Status != JobStatus.Settled) continue;
                settledJobs++;
                long seq = j.Settlement!.Sequence;
                if (seq >= 1 && seq <= s.Events.Count && s.Events[(int)seq - 1] is { Kind: RegistryEventKind.JobSettled } e && e.JobId == id) joined++;
            }
            long settledEvents = s.Events.Count(e => e.Kind == RegistryEventKind.JobSettled);
            long mismatches = 0;
            foreach (var (id, a) in s.Accounts)
            {
                BigInteger jobsLocked = BigInteger.Zero;
                foreach (JobRow j in s.Jobs.Values) if (j.Delegator == id) jobsLocked += j.Locked.Value;
                if (jobsLocked != a.Locked.Value) mismatches++;
            }
            long maxSeq = s.Events.Count == 0 ? 0 : s.Events[^1].Sequence;
            return new LedgerAudit(sum, s.Minted.Value, s.Withdrawn.Value, s.Fees.Value, s.Accounts.Count, s.Events.Count, maxSeq,
                settledJobs, settledEvents, joined) { LockMismatches = mismatches };
        }
    }

    private sealed record AccountRow(Amount Balance, ulong Nonce, Amount Locked)
    {
        public static readonly AccountRow Empty = new(Amount.Zero, 0, Amount.Zero);
    }

    private sealed record JobRow(JobStatus Status, Felt Delegator, Amount Reward, ulong Deadline, Amount Locked, SettlementReceipt? Settlement);

    /// <summary>The whole ledger; rows are immutable records, so a copy is a copy of the collections.</summary>
    private sealed class LedgerState
    {
        public Dictionary<Felt, AccountRow> Accounts { get; init; } = [];
        public Dictionary<Felt, JobRow> Jobs { get; init; } = [];
        public List<RegistryEvent> Events { get; init; } = [];
        public Amount Minted { get; set; } = Amount.Zero;
        public Amount Withdrawn { get; set; } = Amount.Zero;
        public Amount Fees { get; set; } = Amount.Zero;
        public List<CommitRecord> Commits { get; init; } = [];
        public long LastCommitSequence { get; set; }

        public LedgerState Copy() => new()
        {
            Accounts = new(Accounts), Jobs = new(Jobs), Events = [.. Events], Minted = Minted, Withdrawn = Withdrawn, Fees = Fees,
            Commits = [.. Commits], LastCommitSequence = LastCommitSequence,
        };
    }

    private sealed class InMemoryTransaction(LedgerState state, TimeProvider clock) : ILedgerTransaction
    {
        public LedgerState State => state;

        public long NextSequence => state.Events.Count + 1;

        public (Amount Balance, ulong Nonce) ReadAccount(in Felt id)
        {
            AccountRow a = state.Accounts.GetValueOrDefault(id, AccountRow.Empty);
            return (a.Balance, a.Nonce);
        }

        public void WriteAccount(in Felt id, Amount balance, ulong nonce) =>
            state.Accounts[id] = state.Accounts.GetValueOrDefault(id, AccountRow.Empty) with { Balance = balance, Nonce = nonce };

        public Amount ReadLocked(in Felt id) => state.Accounts.GetValueOrDefault(id, AccountRow.Empty).Locked;

        public void WriteLocked(in Felt id, Amount locked)
        {
            // As the SQLite store: only an account that exists can lock anything, and never more than its balance.
            if (!state.Accounts.TryGetValue(id, out AccountRow? a)) return;
            if (!a.Balance.TrySubtract(locked, out _)) throw new InvalidOperationException($"account lock {locked} exceeds its balance {a.Balance}");
            state.Accounts[id] = a with { Locked = locked };
        }

        public (Amount Minted, Amount Withdrawn, Amount Fees) ReadLedger() => (state.Minted, state.Withdrawn, state.Fees);

        public void WriteLedger(Amount minted, Amount withdrawn, Amount fees)
        {
            state.Minted = minted;
            state.Withdrawn = withdrawn;
            state.Fees = fees;
        }

        public (JobStatus? Status, Amount Locked) ReadJob(in Felt id) =>
            state.Jobs.TryGetValue(id, out JobRow? j) ? (j.Status, j.Locked) : (null, Amount.Zero);

        public long CountOpenJobs(in Felt delegator)
        {
            long n = 0;
            foreach (JobRow j in state.Jobs.Values) if (j.Delegator == delegator && j.Status == JobStatus.Open) n++;
            return n;
        }

        public Amount ExpireOpenJobs(in Felt delegator, long now)
        {
            Amount released = Amount.Zero;
            foreach (var (id, j) in state.Jobs.ToArray())
            {
                if (j.Delegator != delegator || j.Status != JobStatus.Open || (long)j.Deadline >= now) continue;
                if (!released.TryAdd(j.Locked, out released)) throw new InvalidDataException("the expired jobs' locks exceed 2^256 - 1");
                state.Jobs[id] = j with { Status = JobStatus.Expired, Locked = Amount.Zero };
            }
            return released;
        }

        public void OpenJob(in Felt id, in Felt delegator, Amount reward, ulong deadline)
        {
            if (!state.Jobs.TryAdd(id, new JobRow(JobStatus.Open, delegator, reward, deadline, reward, null)))
                throw new InvalidOperationException($"job {id.ToHexString()} is already recorded");
        }

        public void SettleJob(SettlementReceipt receipt, ulong deadline)
        {
            if (state.Jobs.TryGetValue(receipt.JobId, out JobRow? j) && j.Status != JobStatus.Open)
                throw new InvalidOperationException($"job {receipt.JobId.ToHexString()} is final");
            state.Jobs[receipt.JobId] = new JobRow(JobStatus.Settled, receipt.Delegator, receipt.Reward, deadline, Amount.Zero, receipt);
        }

        public IReadOnlyList<CommitRecord> ReadCommits(in Felt jobId)
        {
            Felt id = jobId;
            return state.Commits.Where(c => c.JobId == id).OrderBy(c => c.Sequence).ToList();
        }

        public long CountCommitsSince(in Felt executor, long after)
        {
            Felt e = executor;
            return state.Commits.Count(c => c.Executor == e && c.CommittedAt > after);
        }

        public long AppendCommit(in Felt jobId, in Felt executor, in Felt commitment, long committedAt)
        {
            // As SQLite's AUTOINCREMENT: a number is never handed out again, whatever was deleted.
            long seq = ++state.LastCommitSequence;
            state.Commits.Add(new CommitRecord(seq, jobId, executor, commitment, committedAt));
            return seq;
        }

        public void DeleteCommits(in Felt jobId)
        {
            Felt id = jobId;
            state.Commits.RemoveAll(c => c.JobId == id);
        }

        public void DeleteDeadCommits(long madeAtOrBefore) => state.Commits.RemoveAll(c => c.CommittedAt <= madeAtOrBefore);

        public long AppendTransfer(RegistryEventKind kind, in Felt account, Amount amount, string? source)
        {
            long seq = NextSequence;
            state.Events.Add(new RegistryEvent(seq, kind, clock.GetUtcNow().ToUnixTimeMilliseconds(), account, amount, source,
                null, null, null, null, null, null, null, null));
            return seq;
        }

        public void AppendSettlement(SettlementReceipt s)
        {
            if (s.Sequence != NextSequence) throw new InvalidOperationException("a settlement's sequence is the next sequence");
            state.Events.Add(new RegistryEvent(s.Sequence, RegistryEventKind.JobSettled, clock.GetUtcNow().ToUnixTimeMilliseconds(), null, null, null,
                s.JobId, s.Delegator, s.Executor, s.Reward, s.Fee, s.NSteps, s.Output, s.ProofHash) { TaskProgramHash = s.TaskProgramHash });
        }
    }
}
