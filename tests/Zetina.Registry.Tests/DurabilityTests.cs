using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using Zetina.Registry.Client;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Store;
using Zetina.Registry.Tests.Support;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests;

public sealed class DurabilityTests
{
    /// <summary>Starts this test assembly as a registry child process on <paramref name="db"/> and returns it with its URL.</summary>
    private static async Task<(Process Process, Uri Url)> StartChildAsync(string db)
    {
        string dll = typeof(Program).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        psi.ArgumentList.Add("registry-child");
        psi.ArgumentList.Add(db);
        Process p = Process.Start(psi) ?? throw new InvalidOperationException("could not start the registry child");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            string? line = await p.StandardOutput.ReadLineAsync(cts.Token);
            if (line is null) throw new InvalidOperationException("the registry child exited: " + await p.StandardError.ReadToEndAsync(cts.Token));
            if (line.StartsWith("listening ", StringComparison.Ordinal)) return (p, new Uri(line["listening ".Length..]));
        }
    }

    private sealed record Ack(RegistryEventKind Kind, Felt Account, Amount Amount, Felt JobId);

    [Fact]
    public async Task RegistryProcess_SigkillMidLoad_RestartsWithInvariantAndNoGap()
    {
        string folder = Path.Combine(Path.GetTempPath(), "zetina-registry-kill-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string db = Path.Combine(folder, "registry.db");
        Process? child = null;
        try
        {
            (child, Uri url) = await StartChildAsync(db);
            var acks = new ConcurrentDictionary<long, Ack>();
            using var http = HttpFixture.NewHttpClient(url);
            var client = new RegistryClient(http);
            await client.ConnectAsync();
            Felt registryId = client.RegistryId;
            var keys = Enumerable.Range(0, 8).Select(_ => TestKey.Next()).ToArray();
            using var stopLoad = new CancellationTokenSource();

            async Task Load(int c)
            {
                TestKey me = keys[c];
                ulong nonce = 0;
                var rng = new Random(c);
                while (!stopLoad.IsCancellationRequested)
                {
                    try
                    {
                        int kind = rng.Next(3);
                        if (kind == 0)
                        {
                            var r = await client.DepositAsync(RequestSigner.FaucetDeposit(me.Public, Amount.From(1_000)));
                            if (r.Ok) acks[r.Value!.Sequence] = new Ack(RegistryEventKind.Deposit, me.Public, Amount.From(1_000), default);
                        }
                        else if (kind == 1)
                        {
                            var r = await client.WithdrawAsync(RequestSigner.Withdraw(me.Private, registryId, Amount.From(10), nonce));
                            if (r.Ok) { nonce++; acks[r.Value!.Sequence] = new Ack(RegistryEventKind.Withdraw, me.Public, Amount.From(10), default); }
                        }
                        else
                        {
                            var header = new Jobs.JobHeader(Felt.FromBigInteger(new BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true)),
                                LedgerFixture.ProgramHash, Amount.From(100), 10_000, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600,
                                me.Public, 1, registryId);
                            var w = LedgerFixture.Witness(header, RequestSigner.SignJob(me.Private, header), keys[(c + 1) % keys.Length].Public);
                            var r = await client.SubmitWitnessAsync(w);
                            if (r.Ok) acks[r.Value!.Sequence] = new Ack(RegistryEventKind.JobSettled, me.Public, Amount.From(100), header.JobId);
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the registry was killed
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            }

            var load = Enumerable.Range(0, keys.Length).Select(c => Task.Run(() => Load(c))).ToArray();
            var deadline = Stopwatch.StartNew();
            while (acks.Count < 150 && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            child.Kill(); // SIGKILL on Unix: no shutdown hooks, no flush
            await child.WaitForExitAsync();
            stopLoad.Cancel();
            await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(acks.Count >= 150, $"only {acks.Count} writes acknowledged before the kill");

            // Restart on the same database.
            (child, url) = await StartChildAsync(db);
            using var http2 = HttpFixture.NewHttpClient(url);
            var client2 = new RegistryClient(http2);
            await client2.ConnectAsync();
            var events = new List<RegistryEvent>();
            while (true)
            {
                var page = await client2.GetEventsAsync(events.Count == 0 ? 0 : events[^1].Sequence, 1000);
                if (page.Count == 0) break;
                events.AddRange(page);
            }
            for (int i = 0; i < events.Count; i++) Assert.Equal(i + 1, events[i].Sequence);

            // Every acknowledged write survived, as what was acknowledged.
            var bySeq = events.ToDictionary(e => e.Sequence);
            foreach (var (seq, ack) in acks)
            {
                Assert.True(bySeq.TryGetValue(seq, out RegistryEvent? e), $"acknowledged event {seq} is missing after the restart");
                Assert.Equal(ack.Kind, e!.Kind);
                if (ack.Kind == RegistryEventKind.JobSettled)
                {
                    Assert.Equal(ack.JobId, e.JobId);
                    JobView? job = await client2.GetJobAsync(ack.JobId);
                    Assert.Equal(JobStatus.Settled, job!.Status);
                    Assert.Equal(seq, job.Sequence);
                }
                else
                {
                    Assert.Equal(ack.Account, e.Account);
                    Assert.Equal(ack.Amount, e.Amount);
                }
            }
            // No job paid twice.
            var settledJobs = events.Where(e => e.Kind == RegistryEventKind.JobSettled).Select(e => e.JobId!.Value).ToList();
            Assert.Equal(settledJobs.Count, settledJobs.Distinct().Count());

            // Replaying the events gives every account's balance.
            var balances = new Dictionary<Felt, BigInteger>();
            void Add(Felt a, BigInteger v) => balances[a] = balances.GetValueOrDefault(a) + v;
            foreach (RegistryEvent e in events)
            {
                switch (e.Kind)
                {
                    case RegistryEventKind.Deposit: Add(e.Account!.Value, e.Amount!.Value.Value); break;
                    case RegistryEventKind.Withdraw: Add(e.Account!.Value, -e.Amount!.Value.Value); break;
                    default:
                        Add(e.Delegator!.Value, -e.Reward!.Value.Value);
                        Add(e.Executor!.Value, e.Reward!.Value.Value - e.Fee!.Value.Value);
                        Add(Program.ChildFeeAccount, e.Fee!.Value.Value);
                        break;
                }
            }
            foreach (var (account, expected) in balances)
                Assert.Equal(expected, (await client2.GetAccountAsync(account)).Balance.Value);

            child.Kill();
            await child.WaitForExitAsync();
            child = null;
            using var registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = db, FeeAccount = Program.ChildFeeAccount }, new CommitmentProofVerifier());
            LedgerAudit audit = registry.Audit();
            Assert.True(audit.Holds, audit.ToString());
            Assert.Equal(events.Count, audit.EventCount);
        }
        finally
        {
            if (child is { HasExited: false }) { child.Kill(); await child.WaitForExitAsync(); }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
