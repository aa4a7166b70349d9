using System.Collections.Concurrent;
using Zetina.Registry.Client;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Tests.Support;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task SubmitWitness_50ParallelExecutorsOneJob_ExactlyOnePaid()
    {
        await using var h = await HttpFixture.StartAsync(feeBps: 100);
        var delegator = TestKey.Next();
        await h.Registry.FundAsync(delegator.Public, 1_000_000);
        var (header, sig) = h.Registry.Job(delegator, 10_000);
        var executors = new TestKey[50];
        for (int i = 0; i < executors.Length; i++) executors[i] = TestKey.Next();
        var witnesses = executors.Select(e => LedgerFixture.Witness(header, sig, e.Public)).ToArray();

        using var start = new ManualResetEventSlim();
        var tasks = witnesses.Select(w => Task.Run(async () =>
        {
            start.Wait();
            return await UntilNotBusy(() => h.Client.SubmitWitnessAsync(w));
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Equal(1, results.Count(r => r.Ok));
        Assert.All(results.Where(r => !r.Ok), r => Assert.Equal(RegistryError.JobAlreadySettled, r.Error));
        Felt winner = results.Single(r => r.Ok).Value!.Executor;
        int paid = 0;
        foreach (var e in executors)
        {
            Amount b = (await h.Client.GetAccountAsync(e.Public)).Balance;
            if (e.Public == winner) Assert.Equal(Amount.From(9_900), b);
            else Assert.Equal(Amount.Zero, b);
            if (!b.IsZero) paid++;
        }
        Assert.Equal(1, paid);
        Assert.Equal(Amount.From(990_000), (await h.Client.GetAccountAsync(delegator.Public)).Balance);
        var events = await h.Client.GetEventsAsync(0, 1000);
        Assert.Equal(1, events.Count(e => e.Kind == RegistryEventKind.JobSettled));
        var audit = h.Registry.Registry.Audit();
        Assert.True(audit.Holds, audit.ToString());
    }

    [Fact]
    public async Task MixedOps_1000From20Clients_LedgerInvariantAndEveryEventOnce()
    {
        await using var h = await HttpFixture.StartAsync(feeBps: 300);
        const int Clients = 20, OpsPerClient = 50;
        var keys = new TestKey[Clients];
        for (int i = 0; i < Clients; i++) keys[i] = TestKey.Next();
        Felt registryId = h.Client.RegistryId;
        long minted = 0, withdrawn = 0;
        var acknowledged = new ConcurrentDictionary<long, string>();
        int refused = 0;

        async Task RunClient(int c)
        {
            using var http = HttpFixture.NewHttpClient(h.Server.BaseAddress);
            var client = new RegistryClient(http);
            var rng = new Random(1234 + c);
            TestKey me = keys[c];
            ulong nonce = 0;
            for (int op = 0; op < OpsPerClient; op++)
            {
                int kind = rng.Next(10);
                if (kind < 4)
                {
                    ulong amount = (ulong)rng.Next(1, 5_000);
                    var r = await UntilNotBusy(() => client.DepositAsync(RequestSigner.FaucetDeposit(me.Public, Amount.From(amount))));
                    Assert.True(r.Ok, r.Message);
                    Interlocked.Add(ref minted, (long)amount);
                    Assert.True(acknowledged.TryAdd(r.Value!.Sequence, "deposit"));
                }
                else if (kind < 7)
                {
                    // Sometimes more than the balance: the refusal must change nothing.
                    ulong amount = (ulong)rng.Next(1, 8_000);
                    var r = await UntilNotBusy(() => client.WithdrawAsync(RequestSigner.Withdraw(me.Private, registryId, Amount.From(amount), nonce)));
                    if (r.Ok)
                    {
                        nonce++;
                        Interlocked.Add(ref withdrawn, (long)amount);
                        Assert.True(acknowledged.TryAdd(r.Value!.Sequence, "withdraw"));
                    }
                    else
                    {
                        Assert.Equal(RegistryError.InsufficientFunds, r.Error);
                        Interlocked.Increment(ref refused);
                    }
                }
                else
                {
                    // A job of mine, proved by the next client; sometimes unfunded.
                    TestKey executor = keys[(c + 1) % Clients];
                    var (header, sig) = h.Registry.Job(me, (ulong)rng.Next(1, 3_000));
                    var r = await UntilNotBusy(() => client.SubmitWitnessAsync(LedgerFixture.Witness(header, sig, executor.Public)));
                    if (r.Ok) Assert.True(acknowledged.TryAdd(r.Value!.Sequence, "settle"));
                    else
                    {
                        Assert.Equal(RegistryError.InsufficientFunds, r.Error);
                        Interlocked.Increment(ref refused);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(() => RunClient(c))));

        var audit = h.Registry.Registry.Audit();
        Assert.True(audit.Holds, audit.ToString());
        Assert.Equal(minted, (long)audit.Minted);
        Assert.Equal(withdrawn, (long)audit.Withdrawn);
        Assert.Equal(Clients * OpsPerClient, acknowledged.Count + refused);

        var all = new List<RegistryEvent>();
        while (true)
        {
            var page = await h.Client.GetEventsAsync(all.Count == 0 ? 0 : all[^1].Sequence, 1000);
            if (page.Count == 0) break;
            all.AddRange(page);
        }
        Assert.Equal(acknowledged.Count, all.Count);
        for (int i = 0; i < all.Count; i++)
        {
            Assert.Equal(i + 1, all[i].Sequence);
            string expected = acknowledged[all[i].Sequence];
            Assert.Equal(expected switch { "deposit" => RegistryEventKind.Deposit, "withdraw" => RegistryEventKind.Withdraw, _ => RegistryEventKind.JobSettled }, all[i].Kind);
        }
    }

    /// <summary>
    /// Sends a request again while the registry answers Busy (a loaded machine can keep its two verifiers busy past the
    /// client's own retries; Busy changes nothing), for at most two minutes.
    /// </summary>
    private static async Task<RegistryOutcome<T>> UntilNotBusy<T>(Func<Task<RegistryOutcome<T>>> send)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            RegistryOutcome<T> r = await send();
            if (r.Error != RegistryError.Busy || DateTime.UtcNow > deadline) return r;
            await Task.Delay(200);
        }
    }
}
