using System.Numerics;
using Zetina.Cairo.Run;
using Zetina.Node.Delegator;
using Zetina.Node.Executor;
using Zetina.Node.Jobs;
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
/// A PIE job from publish to payment, in-process: a SQLite registry with the Cairo verifier, a delegator and an
/// executor (both with the shared bootloader) over the network double. The executor runs the bootloader on the PIE
/// in proof mode, proves it, and the registry pays once; the delegator reads the task's output from the settlement.
/// </summary>
public sealed class PieJobEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-pie-").FullName;
    private readonly StringWriter _log = new();
    private readonly SqliteRegistry _registry;
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public PieJobEndToEndTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
    }

    public void Dispose()
    {
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task PieJob_ProvedByExecutor_DelegatorSeesTheTasksOutputAndRegistryPaysOnce()
    {
        byte[] zip = PieFixtures.PieZip(PieFixtures.FibonacciPie);
        Felt[] expected = PieFixtures.RecordedOutput(zip);
        Assert.Equal(2, expected.Length); // [index, fib(index)], as the PIE's own output segment holds them

        var net = new MemoryJobNetwork();
        var prover = new CairoJobProver(2, bootloader: PieFixtures.Bootloader);
        BigInteger key = RegistryCrypto.NewPrivateKey();
        var delegator = new DelegatorService(net, _registry, prover, key, new NodeLog("delegator", _log));
        Assert.True((await _registry.DepositAsync(new DepositRequest(delegator.Account, Amount.From(1_000_000), Felt.Zero, 0, null))).Ok);
        Felt address = RegistryCrypto.PublicKey(RegistryCrypto.NewPrivateKey());
        await using var executor = new ExecutorService(net, _registry, prover, address,
            new ExecutorOptions { BodyFetchTimeout = TimeSpan.FromSeconds(5) }, new JobRecord(null), new NodeLog("executor", _log));
        JobWitness? published = null;
        net.WitnessReceived += w => published = w;
        executor.Start(0);

        (JobBody body, PieJob pie) = PieJob.BodyFor(zip, PieFixtures.Bootloader, 1 << 20);
        // The bootloader declares keccak, but this task uses none: the layout is one without it, whose run is shorter.
        Assert.False(CairoLayout.Find(body.Layout)!.Has("keccak"), body.Layout);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        JobAnnouncement a = await delegator.PublishAsync(body, Amount.From(1000), (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600, cts.Token);
        Assert.True(a.Header.IsPieJob);
        Assert.Equal(PieFixtures.Bootloader.Hash, a.Header.ProgramHash);
        Assert.Equal(pie.TaskProgramHash, a.Header.TaskProgramHash);

        RegistryEvent settled = await delegator.WaitForSettlementAsync(a.Header.JobId, 0, cts.Token);
        Assert.Equal(expected, settled.Output);
        Assert.Equal(pie.TaskProgramHash, settled.TaskProgramHash); // as the proven bootloader output states it
        Assert.Equal(address, settled.Executor);
        Assert.Equal(Amount.From(1000), (await _registry.GetAccountAsync(address)).Balance);
        // The executor records Won when the registry's answer reaches it, which can be just after the delegator hears
        // of the settlement: wait for it, bounded.
        for (int i = 0; i < 200 && executor.Record.Get(a.Header.JobId.ToHexString())?.State != JobState.Won; i++) await Task.Delay(50);
        Assert.Equal(JobState.Won, executor.Record.Get(a.Header.JobId.ToHexString())!.State);

        // Paid once: the winner's published witness, submitted again, is refused and nothing moves.
        for (int i = 0; i < 100 && published is null; i++) await Task.Delay(50);
        Assert.NotNull(published);
        var again = await _registry.SubmitWitnessAsync(published!);
        Assert.Equal(RegistryError.JobAlreadySettled, again.Error);
        Assert.Equal(Amount.From(1000), (await _registry.GetAccountAsync(address)).Balance);
        Assert.Single(await _registry.GetEventsAsync(0, 1000), e => e.Kind == RegistryEventKind.JobSettled && e.JobId == a.Header.JobId);
        foreach (string line in _log.ToString().Split('\n'))
            if (line.Contains("event=job.proved", StringComparison.Ordinal)) _output.WriteLine(line);
    }
}
