using Zetina.Cairo.Program;
using Zetina.Node.Jobs;
using Zetina.Node.Proving;
using Zetina.Node.Tests.Support;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Security;

/// <summary>
/// Stone-format settlement with a real Stone proof (Stone's own, of the shared fib(10000) program) through the SQLite
/// registry and the node's Stone verifier: the job's program hash is the one a delegator signs (our VM's run), the
/// proof's statement is read from the proof, and commit–reveal decides who is paid. Minimum security is set to the
/// proof's 64 bits except where the test is about it.
/// </summary>
public sealed class StoneCommitRevealTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-stone-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private SqliteRegistry Open(int minimumBits = StoneFixtures.ProofSecurityBits) =>
        SqliteRegistry.Open(new RegistryOptions
        {
            DatabasePath = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".db"), DevFaucet = true, FeeBasisPoints = 100,
            StoneMinimumSecurityBits = minimumBits,
        }, new CairoProofVerifier(), new StoneJobProofVerifier());

    private static async Task<JobAnnouncement> StoneJobAsync(SqliteRegistry registry, Felt programHash)
    {
        var delegator = RegistryCrypto.NewPrivateKey();
        Felt account = RegistryCrypto.PublicKey(delegator);
        Assert.True((await registry.DepositAsync(new DepositRequest(account, Amount.From(100_000), Felt.Zero, 0, null))).Ok);
        var header = new JobHeader(Felt.FromUInt64((ulong)Random.Shared.NextInt64(1, long.MaxValue)), programHash, Amount.From(10_000), 1 << 17,
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600, account, 1UL, registry.RegistryId, Format: ProofFormat.Stone);
        var job = JobAnnouncement.Sign(header, delegator);
        var registered = await registry.RegisterJobAsync(header, job.Signature);
        Assert.True(registered.Ok, registered.Message);
        return job;
    }

    private static ProofReveal Reveal(JobAnnouncement job, Felt executor, byte[] proof, ProgramHeader? header = null) =>
        new(new JobWitness(job, executor, StoneFixtures.Output, proof), header ?? StoneFixtures.Header);

    [Fact]
    public async Task RealStoneProof_OwnerCommitsFirst_OwnerIsPaid_CopierOfTheSameProofNever()
    {
        using SqliteRegistry registry = Open();
        var job = await StoneJobAsync(registry, StoneFixtures.ProgramHash);
        var owner = RegistryCrypto.NewPrivateKey();
        var copier = RegistryCrypto.NewPrivateKey();
        byte[] proof = StoneFixtures.Proof;
        Assert.True((await registry.CommitProofAsync(ProofCommit.Sign(job, proof, owner))).Ok);
        Assert.True((await registry.CommitProofAsync(ProofCommit.Sign(job, proof, copier))).Ok);

        var early = await registry.RevealProofAsync(Reveal(job, RegistryCrypto.PublicKey(copier), proof));
        Assert.Equal(RegistryError.EarlierCommitPending, early.Error);
        var paid = await registry.RevealProofAsync(Reveal(job, RegistryCrypto.PublicKey(owner), proof));
        Assert.True(paid.Ok, paid.Message);
        Assert.Equal(RegistryCrypto.PublicKey(owner), paid.Value!.Executor);
        Assert.Equal(StoneFixtures.Output, paid.Value.Output);
        Assert.Equal(Felt.FromUInt64(10_000), paid.Value.Output[0]);
        Assert.Equal(65_536UL, paid.Value.NSteps); // the Stone statement's n_steps
        Assert.Equal(Amount.From(9_900), (await registry.GetAccountAsync(RegistryCrypto.PublicKey(owner))).Balance);

        var late = await registry.RevealProofAsync(Reveal(job, RegistryCrypto.PublicKey(copier), proof));
        Assert.Equal(RegistryError.JobAlreadySettled, late.Error);
        Assert.Equal(Amount.Zero, (await registry.GetAccountAsync(RegistryCrypto.PublicKey(copier))).Balance);
        Assert.True(registry.Audit().Holds);
    }

    [Fact]
    public async Task RealStoneProof_BelowTheRegistryMinimum_RefusedSecurityTooLow()
    {
        using SqliteRegistry registry = Open(minimumBits: 96);
        var job = await StoneJobAsync(registry, StoneFixtures.ProgramHash);
        var executor = RegistryCrypto.NewPrivateKey();
        Assert.True((await registry.CommitProofAsync(ProofCommit.Sign(job, StoneFixtures.Proof, executor))).Ok);
        var r = await registry.RevealProofAsync(Reveal(job, RegistryCrypto.PublicKey(executor), StoneFixtures.Proof));
        Assert.Equal(RegistryError.ProofSecurityTooLow, r.Error);
        Assert.Contains("64 security bits", r.Message);
    }

    [Fact]
    public async Task RealStoneProof_ForAnotherProgramsJob_OrUnderAnotherHeader_RefusedWrongProgram()
    {
        using SqliteRegistry registry = Open();
        Felt otherProgram = Cairo.Air.ProgramHash.Of(CairoJobProver.Run(new JobBody("small", 1 << 12, System.Text.Encoding.UTF8.GetBytes(FibonacciProgram.Json(30)), [])).Result);
        var other = await StoneJobAsync(registry, otherProgram);
        var executor = RegistryCrypto.NewPrivateKey();
        Assert.True((await registry.CommitProofAsync(ProofCommit.Sign(other, StoneFixtures.Proof, executor))).Ok);
        var r = await registry.RevealProofAsync(Reveal(other, RegistryCrypto.PublicKey(executor), StoneFixtures.Proof));
        Assert.Equal(RegistryError.WrongProgram, r.Error);

        var job = await StoneJobAsync(registry, StoneFixtures.ProgramHash);
        Assert.True((await registry.CommitProofAsync(ProofCommit.Sign(job, StoneFixtures.Proof, executor))).Ok);
        var moved = await registry.RevealProofAsync(Reveal(job, RegistryCrypto.PublicKey(executor), StoneFixtures.Proof,
            StoneFixtures.Header with { Main = StoneFixtures.Header.Main + 1 }));
        Assert.Equal(RegistryError.WrongProgram, moved.Error);
        Assert.Equal(Amount.Zero, (await registry.GetAccountAsync(RegistryCrypto.PublicKey(executor))).Balance);
    }

    [Fact]
    public async Task RealStoneProof_OneDigitChanged_RefusedInvalidProof()
    {
        using SqliteRegistry registry = Open();
        var job = await StoneJobAsync(registry, StoneFixtures.ProgramHash);
        byte[] tampered = (byte[])StoneFixtures.Proof.Clone();
        int at = System.Text.Encoding.ASCII.GetString(tampered).IndexOf("\"proof_hex\"", StringComparison.Ordinal);
        Assert.True(at > 0);
        int digit = Array.IndexOf(tampered, (byte)'7', at + 40);
        tampered[digit] = (byte)'8';
        var executor = RegistryCrypto.NewPrivateKey();
        Assert.True((await registry.CommitProofAsync(ProofCommit.Sign(job, tampered, executor))).Ok);
        var r = await registry.RevealProofAsync(Reveal(job, RegistryCrypto.PublicKey(executor), tampered));
        Assert.Equal(RegistryError.InvalidProof, r.Error);
        Assert.Contains("does not verify", r.Message);
    }
}
