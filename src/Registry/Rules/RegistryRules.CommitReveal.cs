using Zetina.Registry.Jobs;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

internal sealed partial class RegistryRules
{
    /// <summary>
    /// Records an executor's signed commitment to a Stone-format proof (docs/registry.md, "Stone-format jobs:
    /// commit–reveal"). Stateless checks first (header, format, executor's signature); then, in one write: the job is
    /// registered and open, dead commits (of every job) are dropped, the job and the executor are under their live-commit
    /// limits, and the commit gets the next commit sequence number. The same (executor, commitment) again is answered
    /// with its first receipt (a retry after a lost answer changes nothing).
    /// </summary>
    public Task<RegistryOutcome<CommitReceipt>> CommitProofAsync(ProofCommit commit)
    {
        JobHeader header = commit.Header;
        if (CheckHeader(header, commit.Announcement.Signature) is { } refusal) return Task.FromResult(refusal.As<CommitReceipt>());
        if (!header.IsStoneFormat)
            return Task.FromResult(RegistryOutcome<CommitReceipt>.Refuse(RegistryError.ProofFormatMismatch,
                $"job {header.JobId.ToHexString()} asks for a native proof, which binds its executor itself: submit a witness (POST /v1/witnesses), no commit"));
        if (!commit.SignatureIsValid())
            return Task.FromResult(RegistryOutcome<CommitReceipt>.Refuse(RegistryError.BadSignature,
                $"the commit's signature does not verify against executor {commit.Executor.ToHexString()} over " +
                "H(\"zetina.commit.v1\", registry_id, job_id, executor, commitment): a commit is signed by the key of the address it pays"));
        return ledger.WriteAsync(tx => ApplyCommit(tx, commit));
    }

    private RegistryOutcome<CommitReceipt> ApplyCommit(ILedgerTransaction tx, ProofCommit commit)
    {
        JobHeader header = commit.Header;
        CommitRevealTerms stone = terms.Stone;
        long now = terms.NowSeconds;
        Escrow.ReleaseExpired(tx, header.Delegator, now);
        var (status, _) = tx.ReadJob(header.JobId);
        switch (status)
        {
            case null:
                return RegistryOutcome<CommitReceipt>.Refuse(RegistryError.NotFound,
                    $"job {header.JobId.ToHexString()} is not registered here: a Stone-format job is registered (POST /v1/jobs) before executors commit to it");
            case JobStatus.Settled:
                return RegistryOutcome<CommitReceipt>.Refuse(RegistryError.JobAlreadySettled, $"job {header.JobId.ToHexString()} was already paid");
            case JobStatus.Expired:
                return RegistryOutcome<CommitReceipt>.Refuse(RegistryError.JobExpired, ExpiredMessage(header.JobId));
        }
        // A commit that can no longer be revealed decides nothing: drop every such one (of any job, expired jobs' too),
        // so the store holds only live commits.
        long deadAtOrBefore = now - 2 * stone.WindowSeconds;
        tx.DeleteDeadCommits(deadAtOrBefore);
        IReadOnlyList<CommitRecord> live = tx.ReadCommits(header.JobId);
        foreach (CommitRecord c in live)
            if (c.Executor == commit.Executor && c.Commitment == commit.Commitment)
                return RegistryOutcome<CommitReceipt>.Success(ReceiptOf(c, stone));
        if (live.Count >= stone.MaxCommitsPerJob)
            return RegistryOutcome<CommitReceipt>.Refuse(RegistryError.TooManyCommits,
                $"job {header.JobId.ToHexString()} holds {live.Count} live commits, the most this registry keeps; " +
                $"the oldest can be revealed until {stone.RevealBy(live[0].CommittedAt)} (unix seconds): commit after that");
        long mine = tx.CountCommitsSince(commit.Executor, deadAtOrBefore);
        if (mine >= stone.MaxCommitsPerExecutor)
            return RegistryOutcome<CommitReceipt>.Refuse(RegistryError.TooManyCommits,
                $"executor {commit.Executor.ToHexString()} holds {mine} live commits over all jobs, the most this registry keeps (reveal them, or wait {2 * stone.WindowSeconds} s)");
        long sequence = tx.AppendCommit(header.JobId, commit.Executor, commit.Commitment, now);
        return RegistryOutcome<CommitReceipt>.Success(ReceiptOf(new CommitRecord(sequence, header.JobId, commit.Executor, commit.Commitment, now), stone));
    }

    private static CommitReceipt ReceiptOf(CommitRecord c, CommitRevealTerms stone) =>
        new(c.JobId, c.Executor, c.Commitment, c.Sequence, c.CommittedAt, stone.BlocksUntil(c.CommittedAt), stone.RevealBy(c.CommittedAt));

    /// <summary>
    /// Pays a Stone-format job's committed executor if its reveal holds, in this order (the first failure is the refusal;
    /// nothing changes on one): the proof is non-empty and the program header well formed; the header checks as for a
    /// witness; the job is Stone-format and not settled; the executor has a live commit whose commitment is
    /// H(executor ‖ proof) (<see cref="RegistryError.NotCommitted"/>, <see cref="RegistryError.CommitmentMismatch"/>);
    /// no earlier commit still blocks it (<see cref="RegistryError.EarlierCommitPending"/>) — all before the costly
    /// verification; the proof verifies at the minimum security or more; its statement proves the job (as a witness's,
    /// steps 7–9); then, in one write, the commit and order are checked again and the job is settled as for a witness.
    /// </summary>
    public async Task<RegistryOutcome<SettlementReceipt>> RevealProofAsync(ProofReveal reveal, CancellationToken cancellationToken)
    {
        JobWitness witness = reveal.Witness;
        JobHeader header = witness.Header;
        if (witness.Proof.Length == 0)
            return Refuse(RegistryError.InvalidProof, "the reveal carries no proof");
        if (reveal.Program.Problem() is { } badProgram)
            return Refuse(RegistryError.InvalidRequest, badProgram);
        if (CheckHeader(header, witness.Announcement.Signature) is { } refusal) return refusal.As<SettlementReceipt>();
        if (!header.IsStoneFormat)
            return Refuse(RegistryError.ProofFormatMismatch,
                $"job {header.JobId.ToHexString()} asks for a native proof: submit a witness (POST /v1/witnesses), not a reveal");
        JobView? existing = await ledger.GetJobAsync(header.JobId, cancellationToken).ConfigureAwait(false);
        if (existing is { Status: JobStatus.Settled })
            return Refuse(RegistryError.JobAlreadySettled, $"job {header.JobId.ToHexString()} was already paid (event {existing.Sequence})");

        Felt commitment = ProofCommit.CommitmentOf(witness.Executor, witness.Proof);
        IReadOnlyList<CommitRecord> commits = await ledger.GetCommitsAsync(header.JobId, cancellationToken).ConfigureAwait(false);
        if (CheckCommitOrder(commits, header.JobId, witness.Executor, commitment) is { } notYet) return notYet.As<SettlementReceipt>();

        ProofCheck check = _stoneVerifier.Verify(witness.Proof, reveal.Program);
        if (check.Ok && check.SecurityBits < terms.Stone.MinimumSecurityBits)
            return Refuse(RegistryError.ProofSecurityTooLow,
                $"the Stone proof verifies at {check.SecurityBits} security bits (n_queries · log_n_cosets + proof_of_work_bits); this registry pays for at least {terms.Stone.MinimumSecurityBits}");
        if (CheckStatement(witness, check, out Felt[] paidOutput, out Felt? taskProgramHash) is { } wrong) return wrong.As<SettlementReceipt>();
        Felt proofHash = ProofHash(witness.Proof);
        return await ledger.WriteAsync(tx =>
        {
            if (CheckCommitOrder(tx.ReadCommits(header.JobId), header.JobId, witness.Executor, commitment) is { } changed) return changed.As<SettlementReceipt>();
            RegistryOutcome<SettlementReceipt> paid = ApplySettlement(tx, header, witness.Executor, check, paidOutput, taskProgramHash, proofHash);
            // A settled job's commits decide nothing more.
            if (paid.Ok) tx.DeleteCommits(header.JobId);
            return paid;
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Null when <paramref name="executor"/> holds a live commit to <paramref name="commitment"/> for the job and no earlier
    /// commit of another executor still blocks it; else the refusal. "Live": revealable (made less than 2W ago); "blocks": made less than W ago.
    /// </summary>
    private Refusal? CheckCommitOrder(IReadOnlyList<CommitRecord> commits, Felt jobId, Felt executor, Felt commitment)
    {
        CommitRevealTerms stone = terms.Stone;
        long now = terms.NowSeconds;
        CommitRecord? mine = null;
        bool committedAtAll = false;
        foreach (CommitRecord c in commits)
        {
            if (c.Executor != executor || now >= stone.RevealBy(c.CommittedAt)) continue;
            committedAtAll = true;
            if (c.Commitment == commitment) { mine = c; break; }
        }
        if (mine is not { } m)
        {
            return committedAtAll
                ? new Refusal(RegistryError.CommitmentMismatch,
                    $"executor {executor.ToHexString()} committed to job {jobId.ToHexString()}, but to another proof: H(executor ‖ revealed proof) is {commitment.ToHexString()}, " +
                    "which none of its commits names (a commitment binds the committing executor's own address and proof)")
                : new Refusal(RegistryError.NotCommitted,
                    $"executor {executor.ToHexString()} has no live commit for job {jobId.ToHexString()}: commit H(executor ‖ proof) first (POST /v1/commits), " +
                    $"then reveal within {2 * stone.WindowSeconds} s");
        }
        foreach (CommitRecord c in commits)
        {
            if (c.Sequence >= m.Sequence) break;
            // The executor's own earlier commits pay the same address: they block nothing of its own.
            if (c.Executor == executor) continue;
            long blocksUntil = stone.BlocksUntil(c.CommittedAt);
            if (now < blocksUntil)
                return new Refusal(RegistryError.EarlierCommitPending,
                    $"commit {c.Sequence} by executor {c.Executor.ToHexString()} came before this one ({m.Sequence}) and may still reveal until {blocksUntil} (unix seconds); " +
                    $"reveal again then (this commit may be revealed until {stone.RevealBy(m.CommittedAt)})");
        }
        return null;
    }
}
