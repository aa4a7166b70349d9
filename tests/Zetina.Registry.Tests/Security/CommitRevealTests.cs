using Zetina.Registry.Client;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Tests.Support;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests.Security;

/// <summary>
/// Commit–reveal for Stone-format jobs, attacker by attacker: a Stone statement names no executor, so the registry pays
/// the earliest commit H(executor ‖ proof) whose reveal verifies. The proofs are <see cref="StoneStatementVerifier"/>'s
/// (no job, no executor inside, like Stone's); every limit is <see cref="LedgerFixture.Stone"/>'s (W = 60 s).
/// </summary>
public abstract class CommitRevealTests
{
    private static readonly ProgramHeader Program = new(6, ["output", "pedersen"]);
    private static readonly Felt Bytecode = Felt.Parse("0xb17ec0de");
    private static readonly Felt[] Output = [Felt.FromUInt64(10_000), Felt.FromUInt64(7)];
    private static readonly TimeSpan W = TimeSpan.FromSeconds(LedgerFixture.Stone.WindowSeconds);

    internal abstract LedgerFixture Fixture();

    private protected static byte[] Proof(Felt? bytecode = null, ulong nSteps = 4096, int bits = 100) =>
        StoneStatementVerifier.MakeProof(bytecode ?? Bytecode, nSteps, bits, Output);

    /// <summary>A funded delegator's registered Stone-format job for the program (<see cref="Program"/>, <see cref="Bytecode"/>).</summary>
    private protected static async Task<JobAnnouncement> StoneJobAsync(LedgerFixture f, ulong reward = 1_000, bool register = true)
    {
        var delegator = TestKey.Next();
        await f.FundAsync(delegator.Public, 10_000);
        var (plain, _) = f.Job(delegator, reward);
        JobHeader header = plain with { ProgramHash = StoneStatementVerifier.ProgramHashOf(Program, Bytecode), Format = ProofFormat.Stone };
        var a = JobAnnouncement.Sign(header, delegator.Private);
        if (register) Assert.True((await f.Registry.RegisterJobAsync(header, a.Signature)).Ok);
        return a;
    }

    private protected static ProofReveal Reveal(JobAnnouncement job, Felt executor, byte[] proof, Felt[]? output = null) =>
        new(new JobWitness(job, executor, output ?? Output, proof), Program);

    private protected static async Task<CommitReceipt> CommitAsync(LedgerFixture f, JobAnnouncement job, TestKey executor, byte[] proof)
    {
        var r = await f.Registry.CommitProofAsync(ProofCommit.Sign(job, proof, executor.Private));
        Assert.True(r.Ok, r.Message);
        return r.Value!;
    }

    private static async Task<Amount> BalanceAsync(LedgerFixture f, Felt account) => (await f.Registry.GetAccountAsync(account)).Balance;

    [Fact]
    public async Task CommitThenReveal_RealStatement_PaysTheCommittedExecutorOnce()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var executor = TestKey.Next();
        byte[] proof = Proof();
        CommitReceipt receipt = await CommitAsync(f, job, executor, proof);
        Assert.Equal(ProofCommit.CommitmentOf(executor.Public, proof), receipt.Commitment);
        Assert.Equal(receipt.CommittedAt + 60, receipt.BlocksUntil);
        Assert.Equal(receipt.CommittedAt + 120, receipt.RevealBy);

        var paid = await f.Registry.RevealProofAsync(Reveal(job, executor.Public, proof));
        Assert.True(paid.Ok, paid.Message);
        Assert.Equal(executor.Public, paid.Value!.Executor);
        Assert.Equal(Output, paid.Value.Output);
        Assert.Equal(4096UL, paid.Value.NSteps);
        Assert.Equal(Amount.From(1_000 - 25), await BalanceAsync(f, executor.Public)); // 2.5 % fee
        Assert.Equal(JobStatus.Settled, (await f.Registry.GetJobAsync(job.Header.JobId))!.Status);
        var again = await f.Registry.RevealProofAsync(Reveal(job, executor.Public, proof));
        Assert.Equal(RegistryError.JobAlreadySettled, again.Error);
        Assert.True(f.Audit().Holds);
    }

    [Fact]
    public async Task Copier_CommitsARevealedProofAfterSettlement_IsRefusedAndNeverPaid()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var honest = TestKey.Next();
        var copier = TestKey.Next();
        byte[] proof = Proof();
        await CommitAsync(f, job, honest, proof);
        Assert.True((await f.Registry.RevealProofAsync(Reveal(job, honest.Public, proof))).Ok);

        // The copier now holds the revealed proof and commits it under its own address: too late.
        var commit = await f.Registry.CommitProofAsync(ProofCommit.Sign(job, proof, copier.Private));
        Assert.Equal(RegistryError.JobAlreadySettled, commit.Error);
        var reveal = await f.Registry.RevealProofAsync(Reveal(job, copier.Public, proof));
        Assert.Equal(RegistryError.JobAlreadySettled, reveal.Error);
        Assert.Equal(Amount.Zero, await BalanceAsync(f, copier.Public));
    }

    [Fact]
    public async Task Copier_CommitsAfterTheOwnerButRevealsFirst_WaitsAndTheOwnerIsPaid()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var owner = TestKey.Next();
        var copier = TestKey.Next();
        byte[] proof = Proof();
        CommitReceipt first = await CommitAsync(f, job, owner, proof);
        f.Clock.Advance(TimeSpan.FromSeconds(5));
        CommitReceipt second = await CommitAsync(f, job, copier, proof); // the proof leaked to the copier
        Assert.True(second.Sequence > first.Sequence);

        var early = await f.Registry.RevealProofAsync(Reveal(job, copier.Public, proof));
        Assert.Equal(RegistryError.EarlierCommitPending, early.Error);
        Assert.Contains($"until {first.BlocksUntil}", early.Message);

        var paid = await f.Registry.RevealProofAsync(Reveal(job, owner.Public, proof));
        Assert.True(paid.Ok, paid.Message);
        Assert.Equal(owner.Public, paid.Value!.Executor);
        Assert.Equal(RegistryError.JobAlreadySettled, (await f.Registry.RevealProofAsync(Reveal(job, copier.Public, proof))).Error);
        Assert.Equal(Amount.Zero, await BalanceAsync(f, copier.Public));
    }

    [Fact]
    public async Task Copier_CopiesTheOwnersCommitmentEarlier_CannotOpenIt_AndDelaysTheOwnerByAtMostOneWindow()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var owner = TestKey.Next();
        var copier = TestKey.Next();
        byte[] proof = Proof();
        // The copier front-runs with the owner's commitment value, signed with its own key (the signature is valid).
        Felt ownersCommitment = ProofCommit.CommitmentOf(owner.Public, proof);
        Felt message = ProofCommit.MessageFor(job.Header.RegistryId, job.Header.JobId, copier.Public, ownersCommitment);
        var stolen = new ProofCommit(job, copier.Public, ownersCommitment, RegistryCrypto.Sign(copier.Private, message));
        Assert.True((await f.Registry.CommitProofAsync(stolen)).Ok);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        await CommitAsync(f, job, owner, proof);

        // The address is inside the hash: the copier's reveal of the proof opens H(copier ‖ proof), not what it committed.
        var copied = await f.Registry.RevealProofAsync(Reveal(job, copier.Public, proof));
        Assert.Equal(RegistryError.CommitmentMismatch, copied.Error);
        // The copied commit blocks the owner only while it could be revealed first, W from the copier's commit.
        Assert.Equal(RegistryError.EarlierCommitPending, (await f.Registry.RevealProofAsync(Reveal(job, owner.Public, proof))).Error);
        f.Clock.Advance(W - TimeSpan.FromSeconds(1));
        var paid = await f.Registry.RevealProofAsync(Reveal(job, owner.Public, proof));
        Assert.True(paid.Ok, paid.Message);
        Assert.Equal(owner.Public, paid.Value!.Executor);
        Assert.Equal(Amount.Zero, await BalanceAsync(f, copier.Public));
    }

    [Fact]
    public async Task Reveal_WithoutACommit_RefusedNotCommittedNothingChanges()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var executor = TestKey.Next();
        var before = await Snapshot.TakeAsync(f, [executor.Public, job.Header.Delegator], [job.Header.JobId]);
        var r = await f.Registry.RevealProofAsync(Reveal(job, executor.Public, Proof()));
        Assert.Equal(RegistryError.NotCommitted, r.Error);
        Assert.Equal(0, f.StoneVerifier.Calls); // refused before the costly verification
        Assert.Equal(before, await Snapshot.TakeAsync(f, [executor.Public, job.Header.Delegator], [job.Header.JobId]));
    }

    [Fact]
    public async Task Reveal_OfAnotherProofThanCommitted_RefusedCommitmentMismatch()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var executor = TestKey.Next();
        await CommitAsync(f, job, executor, Proof(nSteps: 4096));
        var r = await f.Registry.RevealProofAsync(Reveal(job, executor.Public, Proof(nSteps: 2048)));
        Assert.Equal(RegistryError.CommitmentMismatch, r.Error);
        Assert.Equal(Amount.Zero, await BalanceAsync(f, executor.Public));
    }

    [Fact]
    public async Task Commit_SignedByAnotherKeyOrNotAtAll_RefusedBadSignature()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var executor = TestKey.Next();
        var other = TestKey.Next();
        byte[] proof = Proof();
        ProofCommit byOther = ProofCommit.Sign(job, proof, other.Private) with { Executor = executor.Public, Commitment = ProofCommit.CommitmentOf(executor.Public, proof) };
        Assert.Equal(RegistryError.BadSignature, (await f.Registry.CommitProofAsync(byOther)).Error);
        ProofCommit unsigned = byOther with { Signature = new Signature(Felt.Zero, Felt.Zero) };
        Assert.Equal(RegistryError.BadSignature, (await f.Registry.CommitProofAsync(unsigned)).Error);
        // And with nothing recorded, a reveal has no commit to open.
        Assert.Equal(RegistryError.NotCommitted, (await f.Registry.RevealProofAsync(Reveal(job, executor.Public, proof))).Error);
    }

    [Fact]
    public async Task Reveal_ProofOfAnotherProgram_RefusedWrongProgram()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var executor = TestKey.Next();
        byte[] proof = Proof(bytecode: Felt.Parse("0x0de1"));
        await CommitAsync(f, job, executor, proof);
        var r = await f.Registry.RevealProofAsync(Reveal(job, executor.Public, proof));
        Assert.Equal(RegistryError.WrongProgram, r.Error);
        // Naming another program header over the right bytecode is another program too.
        byte[] right = Proof();
        await CommitAsync(f, job, executor, right);
        var header = new ProofReveal(new JobWitness(job, executor.Public, Output, right), Program with { Main = 7 });
        Assert.Equal(RegistryError.WrongProgram, (await f.Registry.RevealProofAsync(header)).Error);
        Assert.Equal(Amount.Zero, await BalanceAsync(f, executor.Public));
    }

    [Fact]
    public async Task Reveal_TooFewSecurityBits_RefusedByTheRegistryMinimum()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var executor = TestKey.Next();
        byte[] weak = Proof(bits: 95);
        await CommitAsync(f, job, executor, weak);
        var r = await f.Registry.RevealProofAsync(Reveal(job, executor.Public, weak));
        Assert.Equal(RegistryError.ProofSecurityTooLow, r.Error);
        Assert.Contains("95", r.Message);
        byte[] enough = Proof(bits: 96);
        await CommitAsync(f, job, executor, enough);
        Assert.True((await f.Registry.RevealProofAsync(Reveal(job, executor.Public, enough))).Ok);
    }

    [Fact]
    public async Task Reveal_RunLongerThanTheStepLimitOrAnotherOutput_Refused()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var executor = TestKey.Next();
        byte[] tooLong = Proof(nSteps: job.Header.StepLimit * 2);
        await CommitAsync(f, job, executor, tooLong);
        Assert.Equal(RegistryError.StepLimitExceeded, (await f.Registry.RevealProofAsync(Reveal(job, executor.Public, tooLong))).Error);
        byte[] proof = Proof();
        await CommitAsync(f, job, executor, proof);
        Assert.Equal(RegistryError.OutputMismatch,
            (await f.Registry.RevealProofAsync(Reveal(job, executor.Public, proof, [Felt.One]))).Error);
    }

    [Fact]
    public async Task Commits_SpamBeyondTheLimits_RefusedUntilTheyDie()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        for (int i = 0; i < LedgerFixture.Stone.MaxCommitsPerJob; i++)
            await CommitAsync(f, job, TestKey.Next(), Proof(nSteps: (ulong)(100 + i)));
        var full = await f.Registry.CommitProofAsync(ProofCommit.Sign(job, Proof(), TestKey.Next().Private));
        Assert.Equal(RegistryError.TooManyCommits, full.Error);
        // Past 2W nothing of theirs can be revealed: they are dropped and make room.
        f.Clock.Advance(2 * W);
        var owner = TestKey.Next();
        await CommitAsync(f, job, owner, Proof());
        Assert.True((await f.Registry.RevealProofAsync(Reveal(job, owner.Public, Proof()))).Ok);

        // One executor over all jobs.
        var busy = TestKey.Next();
        for (int i = 0; i < LedgerFixture.Stone.MaxCommitsPerExecutor; i++)
            await CommitAsync(f, await StoneJobAsync(f), busy, Proof());
        var one = await f.Registry.CommitProofAsync(ProofCommit.Sign(await StoneJobAsync(f), Proof(), busy.Private));
        Assert.Equal(RegistryError.TooManyCommits, one.Error);
        Assert.Contains("over all jobs", one.Message);
    }

    [Fact]
    public async Task Commit_Repeated_AnswersTheFirstReceipt()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var executor = TestKey.Next();
        CommitReceipt a = await CommitAsync(f, job, executor, Proof());
        f.Clock.Advance(TimeSpan.FromSeconds(3));
        CommitReceipt b = await CommitAsync(f, job, executor, Proof());
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Reveal_AfterTheCommitsRevealWindow_RefusedNotCommitted()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var executor = TestKey.Next();
        await CommitAsync(f, job, executor, Proof());
        f.Clock.Advance(2 * W);
        var r = await f.Registry.RevealProofAsync(Reveal(job, executor.Public, Proof()));
        Assert.Equal(RegistryError.NotCommitted, r.Error);
    }

    [Fact]
    public async Task LapsedEarlierCommit_NoLongerBlocks_TheLaterOneIsPaid()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f);
        var silent = TestKey.Next();
        var later = TestKey.Next();
        await CommitAsync(f, job, silent, Proof());
        f.Clock.Advance(TimeSpan.FromSeconds(10));
        await CommitAsync(f, job, later, Proof());
        Assert.Equal(RegistryError.EarlierCommitPending, (await f.Registry.RevealProofAsync(Reveal(job, later.Public, Proof()))).Error);
        f.Clock.Advance(W - TimeSpan.FromSeconds(10));
        var paid = await f.Registry.RevealProofAsync(Reveal(job, later.Public, Proof()));
        Assert.True(paid.Ok, paid.Message);
        Assert.Equal(later.Public, paid.Value!.Executor);
    }

    [Fact]
    public async Task Formats_WrongPathForTheJob_RefusedProofFormatMismatch()
    {
        using var f = Fixture();
        var stone = await StoneJobAsync(f);
        var executor = TestKey.Next();
        // A native witness for a Stone-format job.
        var witness = LedgerFixture.Witness(stone.Header, stone.Signature, executor.Public);
        Assert.Equal(RegistryError.ProofFormatMismatch, (await f.Registry.SubmitWitnessAsync(witness)).Error);
        // A commit and a reveal for a native job.
        var delegator = TestKey.Next();
        await f.FundAsync(delegator.Public, 5_000);
        var (native, sig) = f.Job(delegator, 1_000);
        Assert.True((await f.Registry.RegisterJobAsync(native, sig)).Ok);
        var nativeJob = new JobAnnouncement(native, sig);
        Assert.Equal(RegistryError.ProofFormatMismatch, (await f.Registry.CommitProofAsync(ProofCommit.Sign(nativeJob, Proof(), executor.Private))).Error);
        Assert.Equal(RegistryError.ProofFormatMismatch, (await f.Registry.RevealProofAsync(Reveal(nativeJob, executor.Public, Proof()))).Error);
    }

    [Fact]
    public async Task Format_NotSignedByTheDelegator_Refused()
    {
        using var f = Fixture();
        var delegator = TestKey.Next();
        await f.FundAsync(delegator.Public, 5_000);
        var (native, sig) = f.Job(delegator, 1_000);
        // The native header's signature does not sign the Stone-format header, nor the other way round.
        Assert.Equal(RegistryError.BadSignature, (await f.Registry.RegisterJobAsync(native with { Format = ProofFormat.Stone }, sig)).Error);
        var stone = JobAnnouncement.Sign(native with { Format = ProofFormat.Stone }, delegator.Private);
        Assert.Equal(RegistryError.BadSignature, (await f.Registry.RegisterJobAsync(native, stone.Signature)).Error);
    }

    [Fact]
    public async Task Commit_ForAnUnregisteredJob_RefusedNotFound()
    {
        using var f = Fixture();
        var job = await StoneJobAsync(f, register: false);
        var r = await f.Registry.CommitProofAsync(ProofCommit.Sign(job, Proof(), TestKey.Next().Private));
        Assert.Equal(RegistryError.NotFound, r.Error);
        Assert.Contains("POST /v1/jobs", r.Message);
    }
}

/// <summary>Commit–reveal against the SQLite store, and what only a durable store shows: commits and their order survive a restart.</summary>
public sealed class SqliteCommitRevealTests : CommitRevealTests
{
    internal override LedgerFixture Fixture() => new RegistryFixture();

    [Fact]
    public async Task Commits_SurviveARestart_InOrder_AndNumbersAreNeverReused()
    {
        using var f = new RegistryFixture();
        var settled = await StoneJobAsync(f);
        var executor = TestKey.Next();
        CommitReceipt paidCommit = await CommitAsync(f, settled, executor, Proof());
        Assert.True((await f.Registry.RevealProofAsync(Reveal(settled, executor.Public, Proof()))).Ok); // its commits are deleted

        var job = await StoneJobAsync(f);
        var owner = TestKey.Next();
        var later = TestKey.Next();
        CommitReceipt first = await CommitAsync(f, job, owner, Proof());
        CommitReceipt second = await CommitAsync(f, job, later, Proof());
        f.Reopen();

        // The later commit is still behind the earlier one, and a new commit numbers past every number given, deleted ones included.
        Assert.Equal(RegistryError.EarlierCommitPending, (await f.Registry.RevealProofAsync(Reveal(job, later.Public, Proof()))).Error);
        CommitReceipt third = await CommitAsync(f, job, TestKey.Next(), Proof());
        Assert.True(paidCommit.Sequence < first.Sequence && first.Sequence < second.Sequence && second.Sequence < third.Sequence);
        Assert.Equal(first, await CommitAsync(f, job, owner, Proof()));
        var paid = await f.Registry.RevealProofAsync(Reveal(job, owner.Public, Proof()));
        Assert.True(paid.Ok, paid.Message);
        Assert.Equal(owner.Public, paid.Value!.Executor);
        Assert.True(f.Audit().Holds);
    }

    [Fact]
    public async Task DeadCommits_OfAnyJob_AreDeletedByTheNextCommit_TheStoreKeepsOnlyLiveOnes()
    {
        using var f = new RegistryFixture();
        var abandoned = await StoneJobAsync(f);
        for (int i = 0; i < LedgerFixture.Stone.MaxCommitsPerJob; i++) await CommitAsync(f, abandoned, TestKey.Next(), Proof());
        Assert.Equal(LedgerFixture.Stone.MaxCommitsPerJob, CountCommitRows(f));
        f.Clock.Advance(2 * TimeSpan.FromSeconds(LedgerFixture.Stone.WindowSeconds));
        await CommitAsync(f, await StoneJobAsync(f), TestKey.Next(), Proof());
        Assert.Equal(1, CountCommitRows(f));
    }

    private static long CountCommitRows(RegistryFixture f)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={f.DatabasePath};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM commits;";
        return (long)cmd.ExecuteScalar()!;
    }
}

/// <summary>Commit–reveal against the in-memory store.</summary>
public sealed class InMemoryCommitRevealTests : CommitRevealTests
{
    internal override LedgerFixture Fixture() => new InMemoryFixture();
}
