using System.Numerics;
using Zetina.Node.Delegator;
using Zetina.Node.Executor;
using Zetina.Node.Logging;
using Zetina.Node.Proving;
using Zetina.Node.Tests.Support;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.EndToEnd;

/// <summary>
/// A Stone-format job from publish to payment, in-process: a SQLite registry with the Cairo and Stone verifiers, a
/// delegator and an executor over the network double. The executor's Stone prover is the stand-in of
/// <see cref="StoneFixtures.RecordedProver"/> (Stone's own proof of the shared program, handed out only for that program),
/// so what runs for real is everything around proving: the delegator's signed Stone-format header, the executor's run,
/// its commit, the registry's receipt, the reveal, Stone verification and payment. An executor without a Stone prover
/// refuses the job and says why.
/// </summary>
public sealed class StoneJobEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-stone-e2e-").FullName;
    private readonly StringWriter _log = new();
    private readonly SqliteRegistry _registry;

    public StoneJobEndToEndTests() =>
        _registry = SqliteRegistry.Open(new RegistryOptions
        {
            DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true, StoneMinimumSecurityBits = StoneFixtures.ProofSecurityBits,
        }, new CairoProofVerifier(), new StoneJobProofVerifier());

    public void Dispose()
    {
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task<DelegatorService> DelegatorAsync(MemoryJobNetwork net)
    {
        var delegator = new DelegatorService(net, _registry, new CairoJobProver(1), RegistryCrypto.NewPrivateKey(), new NodeLog("delegator", _log));
        Assert.True((await _registry.DepositAsync(new DepositRequest(delegator.Account, Amount.From(1_000_000), Felt.Zero, 0, null))).Ok);
        return delegator;
    }

    [Fact]
    public async Task StoneJob_ExecutorCommitsThenReveals_RegistryPaysItOnce_CopierIsRefused()
    {
        var net = new MemoryJobNetwork();
        DelegatorService delegator = await DelegatorAsync(net);
        BigInteger key = RegistryCrypto.NewPrivateKey();
        Felt address = RegistryCrypto.PublicKey(key);
        var log = new NodeLog("executor", _log);
        await using var executor = new ExecutorService(net, _registry, new CairoJobProver(1), address,
            new ExecutorOptions { BodyFetchTimeout = TimeSpan.FromSeconds(5) }, new JobRecord(null), log,
            stone: new StoneProofFormat(StoneFixtures.RecordedProver(), key, log));
        JobWitness? published = null;
        net.WitnessReceived += w => published = w;
        executor.Start(0);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        JobAnnouncement a = await delegator.PublishAsync(StoneFixtures.Body, Amount.From(1000), (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600,
            cts.Token, format: ProofFormat.Stone);
        Assert.True(a.Header.IsStoneFormat);
        Assert.Equal(StoneFixtures.ProgramHash, a.Header.ProgramHash);

        RegistryEvent settled = await delegator.WaitForSettlementAsync(a.Header.JobId, 0, cts.Token);
        Assert.Equal(address, settled.Executor);
        Assert.Equal(StoneFixtures.Output, settled.Output);
        Assert.Equal(Amount.From(1000), (await _registry.GetAccountAsync(address)).Balance);
        for (int i = 0; i < 200 && executor.Record.Get(a.Header.JobId.ToHexString())?.State != JobState.Won; i++) await Task.Delay(50);
        Assert.Equal(JobState.Won, executor.Record.Get(a.Header.JobId.ToHexString())!.State);
        string text = _log.ToString();
        Assert.True(text.IndexOf("event=job.committed", StringComparison.Ordinal) < text.IndexOf("event=job.paid", StringComparison.Ordinal));

        // The published witness carries the Stone proof: a copier who commits and reveals it under its own key is refused.
        for (int i = 0; i < 100 && published is null; i++) await Task.Delay(50);
        Assert.NotNull(published);
        BigInteger copier = RegistryCrypto.NewPrivateKey();
        var commit = await _registry.CommitProofAsync(ProofCommit.Sign(published!.Announcement, published.Proof, copier));
        Assert.Equal(RegistryError.JobAlreadySettled, commit.Error);
        var reveal = await _registry.RevealProofAsync(new ProofReveal(published with { Executor = RegistryCrypto.PublicKey(copier) }, StoneFixtures.Header));
        Assert.Equal(RegistryError.JobAlreadySettled, reveal.Error);
        Assert.Equal(Amount.Zero, (await _registry.GetAccountAsync(RegistryCrypto.PublicKey(copier))).Balance);
        Assert.Single(await _registry.GetEventsAsync(0, 1000), e => e.Kind == RegistryEventKind.JobSettled && e.JobId == a.Header.JobId);
    }

    /// <summary>
    /// The executor's own Stone prover (the build's, <c>NodeHost.BuiltInStoneProver</c>): our VM's run of a fibonacci
    /// program in the small layout, proved in Stone's format at the default 96-bit parameters, committed, revealed,
    /// verified by the registry at its default minimum of 96 bits, and paid.
    /// </summary>
    [Fact]
    public async Task StoneJob_ProvedByTheBuiltInStoneProver_IsPaid()
    {
        using var registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "own.db"), DevFaucet = true },
            new CairoProofVerifier(), new StoneJobProofVerifier());
        var net = new MemoryJobNetwork();
        var delegator = new DelegatorService(net, registry, new CairoJobProver(1), RegistryCrypto.NewPrivateKey(), new NodeLog("delegator", _log));
        Assert.True((await registry.DepositAsync(new DepositRequest(delegator.Account, Amount.From(1_000_000), Felt.Zero, 0, null))).Ok);
        BigInteger key = RegistryCrypto.NewPrivateKey();
        Felt address = RegistryCrypto.PublicKey(key);
        var log = new NodeLog("executor", _log);
        var prover = new CairoJobProver(2);
        await using var executor = new ExecutorService(net, registry, prover, address,
            new ExecutorOptions { BodyFetchTimeout = TimeSpan.FromSeconds(5) }, new JobRecord(null), log,
            stone: new StoneProofFormat(Zetina.Node.Hosting.NodeHost.BuiltInStoneProver(prover), key, log));
        JobWitness? published = null;
        net.WitnessReceived += w => published = w;
        executor.Start(0);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var body = new Zetina.Node.Jobs.JobBody("small", 1 << 12, System.Text.Encoding.UTF8.GetBytes(Zetina.Cairo.Program.FibonacciProgram.Json(10)), []);
        JobAnnouncement a = await delegator.PublishAsync(body, Amount.From(700), (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600,
            cts.Token, format: ProofFormat.Stone);
        RegistryEvent settled = await delegator.WaitForSettlementAsync(a.Header.JobId, 0, cts.Token);
        Assert.Equal(address, settled.Executor);
        Assert.Equal(Amount.From(700), (await registry.GetAccountAsync(address)).Balance);

        // What was paid for is Stone's proof file with the default parameters (76 queries at blowup 2 and 20 bits).
        for (int i = 0; i < 100 && published is null; i++) await Task.Delay(50);
        Assert.NotNull(published);
        using var file = System.Text.Json.JsonDocument.Parse(published!.Proof);
        System.Text.Json.JsonElement fri = file.RootElement.GetProperty("proof_parameters").GetProperty("stark").GetProperty("fri");
        Assert.Equal(76, fri.GetProperty("n_queries").GetInt32());
        Assert.Equal(20, fri.GetProperty("proof_of_work_bits").GetInt32());
        Assert.Equal("small", file.RootElement.GetProperty("public_input").GetProperty("layout").GetString());
    }

    [Fact]
    public async Task StoneJob_ExecutorWithoutAStoneProver_RefusesItWithALogLine()
    {
        var net = new MemoryJobNetwork();
        DelegatorService delegator = await DelegatorAsync(net);
        BigInteger key = RegistryCrypto.NewPrivateKey();
        var log = new NodeLog("executor", _log);
        await using var executor = new ExecutorService(net, _registry, new CairoJobProver(1), RegistryCrypto.PublicKey(key),
            new ExecutorOptions { BodyFetchTimeout = TimeSpan.FromSeconds(5) }, new JobRecord(null), log,
            stone: new StoneProofFormat(null, key, log));
        executor.Start(0);

        JobAnnouncement a = await delegator.PublishAsync(StoneFixtures.Body, Amount.From(1000), (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600,
            CancellationToken.None, format: ProofFormat.Stone);
        string? refused = null;
        for (int i = 0; i < 200 && refused is null; i++)
        {
            await Task.Delay(25);
            refused = _log.ToString().Split('\n').FirstOrDefault(l => l.Contains("event=job.refused", StringComparison.Ordinal));
        }
        Assert.NotNull(refused);
        Assert.Contains("stone-format job", refused);
        Assert.Contains("no Stone-format prover", refused);
        Assert.Null(executor.Record.Get(a.Header.JobId.ToHexString())); // refused before anything is stored
        Assert.Equal(JobStatus.Open, (await _registry.GetJobAsync(a.Header.JobId))!.Status);
    }
}
