using System.Numerics;
using System.Text;
using Zetina.Cairo.Program;
using Zetina.Node.Executor;
using Zetina.Node.Jobs;
using Zetina.Node.Logging;
using Zetina.Node.Network;
using Zetina.Node.Proving;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;
using Zetina.Node.Tests.Support;

namespace Zetina.Node.Tests.Security;

/// <summary>
/// What a peer can make an executor store: a header for another registry, a stale or far-off deadline, a
/// forged copy of a real job's header sent ahead of it, and a flood of jobs. The executor is driven
/// directly with announcements (a network double serves bodies); its workers are not started, so nothing
/// is proved.
/// </summary>
public sealed class ExecutorPeerInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-peer-input-").FullName;
    private readonly SqliteRegistry _registry;
    private readonly StringWriter _log = new();

    public ExecutorPeerInputTests()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
    }

    public void Dispose()
    {
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private (ExecutorService Executor, MemoryJobNetwork Net, List<Felt> Changed) NewExecutor(ExecutorOptions? options = null)
    {
        var net = new MemoryJobNetwork();
        var ex = new ExecutorService(net, _registry, new CairoJobProver(1), RegistryCrypto.PublicKey(RegistryCrypto.NewPrivateKey()),
            options ?? new ExecutorOptions { BodyFetchTimeout = TimeSpan.FromSeconds(1) }, new JobRecord(Path.Combine(_dir, "record")), new NodeLog("test", _log));
        var changed = new List<Felt>();
        ex.JobChanged += (job, _, _) => { lock (changed) changed.Add(job); };
        return (ex, net, changed);
    }

    private async Task<BigInteger> FundedDelegatorAsync(ulong amount)
    {
        BigInteger key = RegistryCrypto.NewPrivateKey();
        var r = await _registry.DepositAsync(new DepositRequest(RegistryCrypto.PublicKey(key), Amount.From(amount), Felt.Zero, 0, null));
        Assert.True(r.Ok, r.Message);
        return key;
    }

    private static JobBody Fib(ulong n) => new("small", 1 << 12, Encoding.UTF8.GetBytes(FibonacciProgram.Json(n)), []);

    private JobAnnouncement Announce(BigInteger key, JobBody body, ulong reward = 1000, long deadlineFromNow = 600, Felt? registryId = null) =>
        JobAnnouncement.Sign(new JobHeader(JobIds.Of(body), Felt.FromUInt64(1), Amount.From(reward), body.MaxSteps,
            (ulong)(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + deadlineFromNow), RegistryCrypto.PublicKey(key), Felt.FromUInt64(7),
            registryId ?? _registry.RegistryId), key);

    [Fact]
    public async Task JobRecord_HeaderForAnotherRegistry_NotStored()
    {
        var (ex, net, changed) = NewExecutor();
        BigInteger key = await FundedDelegatorAsync(1_000_000);
        JobBody body = Fib(10);
        await net.PutBodyAsync(JobIds.Of(body), body.Encode(), default);
        JobAnnouncement a = Announce(key, body, registryId: _registry.RegistryId + Felt.One);
        await ex.OnAnnouncementAsync(a);
        Assert.Null(ex.Record.Get(a.Header.JobId.ToHexString()));
        Assert.Equal(0, ex.Record.Count);
        Assert.Empty(changed);
        Assert.Contains("event=job.refused", _log.ToString());
        Assert.Empty(JobRecord.ReadStored(Path.Combine(_dir, "record")));
    }

    [Theory]
    [InlineData(-5, "expired")]
    [InlineData(0, "expired")]
    [InlineData(400L * 24 * 3600, "ahead")]
    public async Task JobRecord_PastDeadline_NotStored(long deadlineFromNow, string reason)
    {
        var (ex, net, changed) = NewExecutor();
        BigInteger key = await FundedDelegatorAsync(1_000_000);
        JobBody body = Fib(10);
        await net.PutBodyAsync(JobIds.Of(body), body.Encode(), default);
        JobAnnouncement a = Announce(key, body, deadlineFromNow: deadlineFromNow);
        await ex.OnAnnouncementAsync(a);
        Assert.Equal(0, ex.Record.Count);
        Assert.Empty(changed);
        Assert.Contains(reason, _log.ToString());
    }

    [Fact]
    public async Task ForgedHeaderSentFirst_GenuineHeaderStillQueued()
    {
        var (ex, net, _) = NewExecutor();
        BigInteger key = await FundedDelegatorAsync(1_000_000);
        JobBody body = Fib(10);
        await net.PutBodyAsync(JobIds.Of(body), body.Encode(), default);
        JobAnnouncement genuine = Announce(key, body);
        // A peer replays the job id ahead of the delegator: signature broken, then a stale copy.
        await ex.OnAnnouncementAsync(genuine with { Signature = new Signature(genuine.Signature.R, genuine.Signature.S + Felt.One) });
        await ex.OnAnnouncementAsync(Announce(key, body, deadlineFromNow: -1));
        Assert.Equal(0, ex.Record.Count);
        await ex.OnAnnouncementAsync(genuine);
        Assert.Equal(JobState.Queued, ex.Record.Get(genuine.Header.JobId.ToHexString())!.State);
        Assert.Equal(1, ex.QueueLength);
    }

    [Fact]
    public async Task JobQueue_FloodThroughExecutor_BoundedAndLeastProfitableRejected()
    {
        var (ex, net, _) = NewExecutor(new ExecutorOptions { BodyFetchTimeout = TimeSpan.FromSeconds(1), MaxQueue = 3 });
        BigInteger key = await FundedDelegatorAsync(1_000_000);
        var ids = new List<string>();
        for (ulong i = 0; i < 8; i++)
        {
            JobBody body = Fib(10 + i);
            await net.PutBodyAsync(JobIds.Of(body), body.Encode(), default);
            JobAnnouncement a = Announce(key, body, reward: 100 + i);
            ids.Add(a.Header.JobId.ToHexString());
            await ex.OnAnnouncementAsync(a);
        }
        Assert.Equal(3, ex.QueueLength);
        for (int i = 0; i < 8; i++)
        {
            JobEntry e = ex.Record.Get(ids[i])!;
            if (i >= 5) Assert.Equal(JobState.Queued, e.State);
            else Assert.Contains("queue full", e.Reason);
        }
    }
}
