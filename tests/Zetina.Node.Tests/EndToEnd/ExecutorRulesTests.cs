using System.Numerics;
using System.Text;
using Zetina.Node.Executor;
using Zetina.Node.Jobs;
using Zetina.Node.Logging;
using Zetina.Node.Network;
using Zetina.Cairo.Program;
using Zetina.Node.Proving;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;
using Zetina.Node.Tests.Support;

namespace Zetina.Node.Tests.EndToEnd;

/// <summary>
/// The executor's refusals and the registry's replay protection, in-process: a real SQLite registry with
/// the Cairo verifier, a real prover, and a network double that hands the executor exactly the header
/// and body under test (the libp2p path itself is covered by the process tests and the P2P suite).
/// </summary>
public sealed class ExecutorRulesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-exec-").FullName;
    private readonly SqliteRegistry _registry;
    private readonly StringWriter _log = new();

    public ExecutorRulesTests()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
    }

    public void Dispose()
    {
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private (ExecutorService Executor, MemoryJobNetwork Net) NewExecutor(out Felt address)
    {
        var net = new MemoryJobNetwork();
        address = RegistryCrypto.PublicKey(RegistryCrypto.NewPrivateKey());
        var ex = new ExecutorService(net, _registry, new CairoJobProver(1), address,
            new ExecutorOptions { BodyFetchTimeout = TimeSpan.FromSeconds(1) }, new JobRecord(null), new NodeLog("test", _log));
        return (ex, net);
    }

    private async Task<BigInteger> FundedDelegatorAsync(ulong amount)
    {
        BigInteger key = RegistryCrypto.NewPrivateKey();
        if (amount > 0)
        {
            var r = await _registry.DepositAsync(new DepositRequest(RegistryCrypto.PublicKey(key), Amount.From(amount), Felt.Zero, 0, null));
            Assert.True(r.Ok, r.Message);
        }
        return key;
    }

    private JobAnnouncement Announce(BigInteger key, JobBody body, ulong reward = 1000, long deadlineFromNow = 600, Felt? jobId = null)
    {
        var header = new JobHeader(jobId ?? JobIds.Of(body), Felt.FromUInt64(1), Amount.From(reward), body.MaxSteps,
            (ulong)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + deadlineFromNow), RegistryCrypto.PublicKey(key), Felt.FromUInt64(7), _registry.RegistryId);
        return JobAnnouncement.Sign(header, key);
    }

    private static JobBody Fib(ulong n) => new("small", 1 << 16, Encoding.UTF8.GetBytes(FibonacciProgram.Json(n)), []);

    [Fact]
    public async Task MinRewardPerMstep_JobBelowThenFloorLowered_RefusedThenHeard()
    {
        var (ex, net) = NewExecutor(out _);
        BigInteger key = await FundedDelegatorAsync(1_000_000);
        JobBody body = Fib(10);
        await net.PutBodyAsync(JobIds.Of(body), body.Encode(), default);
        // 1000 for 2^16 steps is about 15259 per million steps.
        JobAnnouncement a = Announce(key, body, reward: 1000);
        ex.Reconfigure(ex.Options with { MinRewardPerMstep = 20_000 });
        await ex.OnAnnouncementAsync(a);
        Assert.Null(ex.Record.Get(a.Header.JobId.ToHexString()));
        Assert.Contains("below this executor's --min-reward-per-mstep 20000", _log.ToString());

        ex.Reconfigure(ex.Options with { MinRewardPerMstep = 10_000 });
        await ex.OnAnnouncementAsync(a);
        Assert.NotNull(ex.Record.Get(a.Header.JobId.ToHexString()));
        await ex.DisposeAsync();
    }

    [Fact]
    public async Task UnfundedDelegator_JobRefusedAsCannotPayUnstored()
    {
        var (ex, net) = NewExecutor(out _);
        BigInteger key = await FundedDelegatorAsync(0);
        JobBody body = Fib(10);
        await net.PutBodyAsync(JobIds.Of(body), body.Encode(), default);
        JobAnnouncement a = Announce(key, body);
        await ex.OnAnnouncementAsync(a);
        // Refused unstored: an unfunded header for a body must not take the job id from a funded one.
        Assert.Null(ex.Record.Get(a.Header.JobId.ToHexString()));
        Assert.Contains("cannot pay", _log.ToString());
    }

    [Fact]
    public async Task CopiedBodyUnderAnotherDelegatorsHeader_HeardFirst_RealHeaderStillQueued()
    {
        var (ex, net) = NewExecutor(out _);
        BigInteger real = await FundedDelegatorAsync(1_000_000), copier = await FundedDelegatorAsync(0);
        JobBody body = Fib(10);
        await net.PutBodyAsync(JobIds.Of(body), body.Encode(), default);
        JobAnnouncement genuine = Announce(real, body);
        Assert.True((await _registry.RegisterJobAsync(genuine.Header, genuine.Signature)).Ok);
        // A validly signed header for the same body from an unfunded key, heard first; then one from a funded key
        // that differs from the header the registry holds.
        await ex.OnAnnouncementAsync(Announce(copier, body));
        BigInteger rich = await FundedDelegatorAsync(1_000_000);
        await ex.OnAnnouncementAsync(Announce(rich, body));
        Assert.Null(ex.Record.Get(genuine.Header.JobId.ToHexString()));
        Assert.Contains("the registry holds this job for delegator", _log.ToString());

        await ex.OnAnnouncementAsync(genuine);
        JobEntry e = ex.Record.Get(genuine.Header.JobId.ToHexString())!;
        Assert.Equal(genuine.Header.Delegator.ToHexString(), e.Delegator);
        Assert.NotEqual(JobState.Rejected, e.State);
    }

    [Fact]
    public async Task BodyNotMatchingHeader_JobRejected()
    {
        var (ex, net) = NewExecutor(out _);
        BigInteger key = await FundedDelegatorAsync(1_000_000);
        JobBody body = Fib(10);
        JobAnnouncement a = Announce(key, body);
        net.Bodies[a.Header.JobId] = Fib(11).Encode(); // a peer serves a different body under this id
        await ex.OnAnnouncementAsync(a);
        JobEntry e = ex.Record.Get(a.Header.JobId.ToHexString())!;
        Assert.Equal(JobState.Rejected, e.State);
        Assert.Contains("does not match", e.Reason);
    }

    [Fact]
    public async Task ExpiredJob_NotWorkedOn()
    {
        var (ex, net) = NewExecutor(out _);
        BigInteger key = await FundedDelegatorAsync(1_000_000);
        JobBody body = Fib(10);
        await net.PutBodyAsync(JobIds.Of(body), body.Encode(), default);
        JobAnnouncement a = Announce(key, body, deadlineFromNow: -5);
        await ex.OnAnnouncementAsync(a);
        // Refused unstored: a stale copy must not take the job id's place in the record.
        Assert.Null(ex.Record.Get(a.Header.JobId.ToHexString()));
        Assert.Contains("expired", _log.ToString());
    }

    [Fact]
    public async Task ForgedSignature_JobRefusedUnstored()
    {
        var (ex, net) = NewExecutor(out _);
        BigInteger key = await FundedDelegatorAsync(1_000_000);
        JobBody body = Fib(10);
        await net.PutBodyAsync(JobIds.Of(body), body.Encode(), default);
        JobAnnouncement a = Announce(key, body);
        var forged = a with { Header = a.Header with { Reward = Amount.From(999_999) } };
        await ex.OnAnnouncementAsync(forged);
        Assert.Null(ex.Record.Get(a.Header.JobId.ToHexString()));
        Assert.Contains("bad delegator signature", _log.ToString());
    }

    [Fact]
    public async Task WitnessReplayedUnderAnotherExecutor_RefusedThenOwnerPaid()
    {
        BigInteger key = await FundedDelegatorAsync(1_000_000);
        JobBody body = Fib(20);
        var prover = new CairoJobProver(1);
        Felt programHash = prover.ProgramHash(body);
        var header = new JobHeader(JobIds.Of(body), programHash, Amount.From(1000), body.MaxSteps,
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600, RegistryCrypto.PublicKey(key), Felt.FromUInt64(3), _registry.RegistryId);
        JobAnnouncement a = JobAnnouncement.Sign(header, key);
        Felt honest = RegistryCrypto.PublicKey(RegistryCrypto.NewPrivateKey());
        Felt thief = RegistryCrypto.PublicKey(RegistryCrypto.NewPrivateKey());
        ProvedJob proved = await prover.ProveAsync(body, header.JobId, honest, null, default);
        Assert.Equal([Felt.FromBigInteger(Zetina.Node.Cli.DemoCommand.Fibonacci(20))], proved.Output);

        var stolen = await _registry.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(header, a.Signature), thief, proved.Output, proved.Proof));
        Assert.False(stolen.Ok);
        Assert.Equal(RegistryError.ProofBoundToAnotherExecutor, stolen.Error);
        Assert.True((await _registry.GetAccountAsync(thief)).Balance.IsZero);

        var paid = await _registry.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(header, a.Signature), honest, proved.Output, proved.Proof));
        Assert.True(paid.Ok, paid.Message);
        Assert.Equal(Amount.From(1000), (await _registry.GetAccountAsync(honest)).Balance);

        var again = await _registry.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(header, a.Signature), honest, proved.Output, proved.Proof));
        Assert.Equal(RegistryError.JobAlreadySettled, again.Error);
    }
}
