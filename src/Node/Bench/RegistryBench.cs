using System.Diagnostics;
using System.Globalization;
using System.Net;
using Zetina.Node.Cli;
using Zetina.Registry.Client;
using Zetina.Registry.Http;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Store;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Node.Bench;

/// <summary>
/// <c>zetina registry bench</c>: the embedded registry's throughput figures, each measured on a fresh database in a
/// temporary folder:
/// durable writes per second (faucet deposits, <c>synchronous = FULL</c>, many concurrent writers, so
/// group commit applies), and the time to fan 10,000 events out to 20 SSE subscribers over loopback HTTP,
/// each of which must receive every event once and in order.
/// </summary>
internal static class RegistryBench
{
    public static readonly CliCommand[] Commands =
    [
        new(["registry", "bench"], "measure durable writes/s and SSE fan-out of the embedded registry",
            "usage: zetina registry bench [--writes N] [--writers N] [--events N] [--subscribers N] [--json]", Command),
    ];

    /// <summary>One measured figure, with a note for the table row saying what was measured.</summary>
    public sealed record Figure(string Name, int Threads, string Unit, double Value, string Note);

    private static int Command(CliArgs args)
    {
        int writes = args.Int("writes", 20_000);
        int writers = args.Int("writers", 64);
        int events = args.Int("events", 10_000);
        int subscribers = args.Int("subscribers", 20);
        bool json = args.Flag("json");
        args.RejectUnknown();
        if (writes <= 0 || writers <= 0 || events <= 0 || subscribers <= 0) throw new CliUsageException("counts are positive");
        var figures = new List<Figure>
        {
            DurableWritesAsync(writes, writers, overHttp: false).GetAwaiter().GetResult(),
            DurableWritesAsync(writes / 4, writers, overHttp: true).GetAwaiter().GetResult(),
            SseFanOutAsync(events, subscribers).GetAwaiter().GetResult(),
        };
        var report = new BenchReport(json, jsonDigits: 1);
        foreach (Figure f in figures)
            report.Figure(new BenchResult("registry", f.Name, null, f.Threads, f.Unit, f.Value),
                _ => string.Create(CultureInfo.InvariantCulture, $"{f.Name,-22} {f.Value,12:F1} {f.Unit,-9} ({f.Note})"));
        return 0;
    }

    /// <summary>
    /// Commits <paramref name="writes"/> deposits from <paramref name="writers"/> concurrent writers, in process
    /// (<paramref name="overHttp"/> false) or through the HTTP API (true), and reports writes per second.
    /// </summary>
    public static Task<Figure> DurableWritesAsync(int writes, int writers, bool overHttp, CancellationToken ct = default)
    {
        return InTemporaryFolderAsync(async database =>
        {
        using SqliteRegistry registry = SqliteRegistry.Open(
            new RegistryOptions { DatabasePath = database, DevFaucet = true, SynchronousFull = true, WritesPerSecondPerClient = 0 }, RefuseAllVerifier.Instance);
        RegistryServer? server = overHttp ? await RegistryServer.StartAsync(registry, new IPEndPoint(IPAddress.Loopback, 0), ct).ConfigureAwait(false) : null;
        using var http = server is null ? null : new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = writers }) { BaseAddress = server.BaseAddress };
        IRegistry target = http is null ? registry : new RegistryClient(http);
        int perWriter = writes / writers;
        var sw = Stopwatch.StartNew();
        var tasks = new Task[writers];
        for (int w = 0; w < writers; w++)
        {
            ulong account = (ulong)w + 1;
            tasks[w] = Task.Run(async () =>
            {
                for (int i = 0; i < perWriter; i++)
                {
                    var r = await target.DepositAsync(RequestSigner.FaucetDeposit(account, Amount.From(1)), ct).ConfigureAwait(false);
                    if (!r.Ok) throw new InvalidOperationException($"benchmark deposit refused: {r.Message}");
                }
            }, ct);
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        sw.Stop();
        if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
        LedgerAudit audit = registry.Audit();
        if (!audit.Holds || audit.EventCount != (long)perWriter * writers)
            throw new InvalidOperationException($"benchmark ledger check failed: {audit}");
        return new Figure(overHttp ? "durable_writes_http" : "durable_writes", writers, "writes/s", perWriter * writers / sw.Elapsed.TotalSeconds,
            $"{perWriter * writers} deposits, synchronous=FULL, WAL, group commit");
        });
    }

    /// <summary>
    /// Starts <paramref name="subscribers"/> SSE subscribers, commits <paramref name="events"/> deposits, and
    /// reports the seconds until every subscriber has received every event; throws if any event is lost,
    /// repeated or out of order.
    /// </summary>
    public static Task<Figure> SseFanOutAsync(int events, int subscribers, CancellationToken ct = default)
    {
        return InTemporaryFolderAsync(async database =>
        {
        using SqliteRegistry registry = SqliteRegistry.Open(
            new RegistryOptions { DatabasePath = database, DevFaucet = true }, RefuseAllVerifier.Instance);
        await using RegistryServer server = await RegistryServer.StartAsync(registry, new IPEndPoint(IPAddress.Loopback, 0), ct).ConfigureAwait(false);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromMinutes(5));
        var received = new int[subscribers];
        var sw = Stopwatch.StartNew();
        var subs = new Task[subscribers];
        for (int s = 0; s < subscribers; s++)
        {
            int me = s;
            subs[s] = Task.Run(async () =>
            {
                using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
                var client = new RegistryClient(http);
                long expected = 1;
                await foreach (RegistryEvent e in client.SubscribeAsync(0, cts.Token).ConfigureAwait(false))
                {
                    if (e.Sequence != expected) throw new InvalidOperationException($"subscriber {me} got event {e.Sequence}, expected {expected}");
                    expected++;
                    received[me]++;
                    if (e.Sequence == events) return;
                }
            }, cts.Token);
        }
        const int Producers = 16;
        var producers = new Task[Producers];
        for (int p = 0; p < Producers; p++)
        {
            int count = events / Producers + (p < events % Producers ? 1 : 0);
            ulong account = (ulong)p + 1;
            producers[p] = Task.Run(async () =>
            {
                for (int i = 0; i < count; i++)
                {
                    var r = await registry.DepositAsync(RequestSigner.FaucetDeposit(account, Amount.From(1)), cts.Token).ConfigureAwait(false);
                    if (!r.Ok) throw new InvalidOperationException(r.Message);
                }
            }, cts.Token);
        }
        await Task.WhenAll(producers).ConfigureAwait(false);
        await Task.WhenAll(subs).ConfigureAwait(false);
        sw.Stop();
        foreach (int n in received)
            if (n != events) throw new InvalidOperationException($"a subscriber received {n} of {events} events");
        return new Figure("sse_fanout", subscribers, "s", sw.Elapsed.TotalSeconds,
            $"{events} events to {subscribers} subscribers, none lost ({(double)events * subscribers / sw.Elapsed.TotalSeconds:F0} deliveries/s)");
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/> with the path of a database file in a fresh temporary folder, and deletes the
    /// folder afterwards (connection pools cleared first, so SQLite holds no file open).
    /// </summary>
    private static async Task<Figure> InTemporaryFolderAsync(Func<string, Task<Figure>> body)
    {
        string folder = Path.Combine(Path.GetTempPath(), "zetina-registry-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            return await body(Path.Combine(folder, "bench.db")).ConfigureAwait(false);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
