using System.Numerics;
using System.Text.Json;
using Zetina.Node.Cli;
using Zetina.Node.Executor;
using Zetina.Cairo.Program;
using Zetina.Registry.Client;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.EndToEnd;

/// <summary>
/// The network as users run it: a registry, executors and a delegator as separate <c>zetina</c>
/// processes on loopback. Each test is bounded (minutes, not forever) and kills what it started.
/// </summary>
[Collection("processes")]
public sealed class NetworkProcessTests : IDisposable
{
    private static readonly TimeSpan Start = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(240);
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-e2e-").FullName;
    private readonly List<ZetinaProcess> _processes = new();

    public void Dispose()
    {
        foreach (ZetinaProcess p in _processes) p.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private ZetinaProcess Spawn(string name, params string[] args)
    {
        var p = new ZetinaProcess(name, args);
        _processes.Add(p);
        return p;
    }

    private async Task<Uri> StartRegistryAsync()
    {
        ZetinaProcess registry = Spawn("registry", "registry", "serve", "--db", Path.Combine(_dir, "registry.db"),
            "--listen", "127.0.0.1:0", "--dev-faucet", "--fee-bps", "100");
        return new Uri(await registry.WaitForStdoutAsync(@"listening on (http://\S+)", Start));
    }

    private string NewKey(string name, out Felt account)
    {
        BigInteger key = RegistryCrypto.NewPrivateKey();
        string path = Path.Combine(_dir, name + ".key");
        StarkKeyFile.Save(path, key);
        account = RegistryCrypto.PublicKey(key);
        return path;
    }

    private static async Task FundAsync(Uri registry, Felt account, ulong amount)
    {
        using var http = new HttpClient { BaseAddress = registry };
        var client = new RegistryClient(http);
        await client.ConnectAsync();
        var r = await client.DepositAsync(new DepositRequest(account, Amount.From(amount), Felt.Zero, 0, null));
        Assert.True(r.Ok, r.Message);
    }

    private async Task<(ZetinaProcess Process, string Addr, string DataDir, Felt Account)> StartExecutorAsync(Uri registry, string name, string? bootstrap)
    {
        string key = NewKey(name, out Felt account);
        string dataDir = Path.Combine(_dir, name);
        var args = new List<string> { "node", "--listen", "/ip4/127.0.0.1/tcp/0", "--registry", registry.ToString(), "--key", key,
            "--role", "executor", "--data-dir", dataDir, "--threads", "1" };
        if (bootstrap is not null) { args.Add("--bootstrap"); args.Add(bootstrap); }
        ZetinaProcess p = Spawn(name, [.. args]);
        string addr = await p.WaitForStdoutAsync(@"listening (\S+)", Start);
        return (p, addr, dataDir, account);
    }

    private string WriteProgram(ulong n)
    {
        string path = Path.Combine(_dir, $"fib{n}.json");
        File.WriteAllText(path, FibonacciProgram.Json(n));
        return path;
    }

    /// <summary>The job states a node's data dir holds (snapshot and log), read while the node may still run.</summary>
    private static Dictionary<string, string> JobStates(string dataDir)
    {
        var states = new Dictionary<string, string>();
        if (!Directory.Exists(dataDir)) return states;
        foreach (JobEntry e in JobRecord.ReadStored(dataDir)) states[e.JobId] = e.State.ToString();
        return states;
    }

    /// <summary>
    /// Polls the nodes' stored job states (every 100 ms, at most <paramref name="within"/>) until
    /// <paramref name="done"/> holds: a node records its own outcome only after the registry answered it, so a
    /// delegator that saw the settlement may finish first. Returns the last states read.
    /// </summary>
    private static async Task<Dictionary<string, string>[]> WaitForJobStatesAsync(
        Func<Dictionary<string, string>[], bool> done, TimeSpan within, params string[] dataDirs)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var states = Array.ConvertAll(dataDirs, JobStates);
            if (done(states) || clock.Elapsed > within) return states;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task OneDelegatorThreeExecutors_JobProvedPaidOnce_DelegatorPrintsTrueOutput()
    {
        Uri registry = await StartRegistryAsync();
        var e1 = await StartExecutorAsync(registry, "executor-1", null);
        var e2 = await StartExecutorAsync(registry, "executor-2", e1.Addr);
        var e3 = await StartExecutorAsync(registry, "executor-3", e1.Addr);
        string delegatorKey = NewKey("delegator", out Felt delegator);
        await FundAsync(registry, delegator, 10_000_000);

        const ulong n = 60;
        ZetinaProcess d = Spawn("delegator", "delegate", WriteProgram(n), "--reward", "1000000", "--key", delegatorKey,
            "--registry", registry.ToString(), "--bootstrap", e1.Addr, "--wait", "--json", "--deadline", "600");
        Assert.True(await d.WaitForExitAsync(Settle), "delegator did not finish\n" + d.Stderr);
        Assert.True(d.ExitCode == 0, $"delegator exit {d.ExitCode}\n{d.Stdout}\n{d.Stderr}");
        string last = d.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        using var result = JsonDocument.Parse(last);
        string output = result.RootElement.GetProperty("output")[0].GetString()!;
        Assert.Equal(Felt.FromBigInteger(DemoCommand.Fibonacci(n)).ToHexString(), output);
        string jobId = result.RootElement.GetProperty("job_id").GetString()!;
        string executor = result.RootElement.GetProperty("executor").GetString()!;

        // Exactly one executor won; each other one either lost the race or never started (all heard of it).
        static bool Settled(string jobId, Dictionary<string, string>[] states) =>
            Array.TrueForAll(states, s => s.TryGetValue(jobId, out string? st) && st is "Won" or "Lost" or "Queued")
            && Array.FindAll(states, s => s[jobId] == "Won").Length == 1;
        var states = await WaitForJobStatesAsync(s => Settled(jobId, s), TimeSpan.FromSeconds(30), e1.DataDir, e2.DataDir, e3.DataDir);
        int won = 0;
        foreach (var s in states)
        {
            Assert.True(s.ContainsKey(jobId), "an executor never heard of the job");
            if (s[jobId] == "Won") won++;
            else Assert.Contains(s[jobId], new[] { "Lost", "Queued" });
        }
        Assert.Equal(1, won);

        using var http = new HttpClient { BaseAddress = registry };
        var client = new RegistryClient(http);
        await client.ConnectAsync();
        JobView? job = await client.GetJobAsync(Felt.Parse(jobId));
        Assert.NotNull(job);
        Assert.Equal(JobStatus.Settled, job.Status);
        Assert.Equal(executor, job.Executor?.ToHexString());
        var events = await client.GetEventsAsync(0, 1000);
        int settlements = 0;
        foreach (var ev in events) if (ev.Kind == RegistryEventKind.JobSettled) settlements++;
        Assert.Equal(1, settlements);
    }

    [Fact]
    public async Task ExecutorKilledMidProof_AnotherExecutorFinishesAndIsPaid()
    {
        Uri registry = await StartRegistryAsync();
        var e1 = await StartExecutorAsync(registry, "executor-1", null);
        string delegatorKey = NewKey("delegator", out Felt delegator);
        await FundAsync(registry, delegator, 10_000_000);
        // About 2^16 steps: a proof of seconds on one thread, so the kill lands while executor-1 is still proving.
        const ulong n = 16_000;
        ZetinaProcess d = Spawn("delegator", "delegate", WriteProgram(n), "--reward", "500", "--key", delegatorKey,
            "--registry", registry.ToString(), "--bootstrap", e1.Addr, "--wait", "--json", "--deadline", "600");
        await e1.Process.WaitForLogAsync("event=job.proving", Settle);
        e1.Process.KillHard();
        Assert.True(await e1.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)));

        // The delegator keeps announcing; a fresh executor joins through the delegator's own host.
        string delegatorAddr = await d.WaitForLogAsync(@"listen=(/ip4/127\.0\.0\.1/tcp/\d+)", Start);
        string delegatorPeer = await d.WaitForLogAsync(@"peer_id=(\S+)", Start);
        var e2 = await StartExecutorAsync(registry, "executor-2", $"{delegatorAddr}/p2p/{delegatorPeer}");
        Assert.True(await d.WaitForExitAsync(Settle), "delegator did not finish\n" + d.Stderr + "\n---executor-2---\n" + e2.Process.Stderr);
        Assert.Equal(0, d.ExitCode);
        using var result = JsonDocument.Parse(d.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.Equal(Felt.FromBigInteger(DemoCommand.Fibonacci(n)).ToHexString(), result.RootElement.GetProperty("output")[0].GetString());
        string jobId = result.RootElement.GetProperty("job_id").GetString()!;
        Assert.Equal(e2.Account.ToHexString(), result.RootElement.GetProperty("executor").GetString());
        var states = await WaitForJobStatesAsync(s => s[0].GetValueOrDefault(jobId) == "Won", TimeSpan.FromSeconds(30), e2.DataDir);
        Assert.Equal("Won", states[0].GetValueOrDefault(jobId));
    }

    [Fact]
    public async Task NodeRestartedWithDataDir_KeepsPeerIdAndJobRecord()
    {
        Uri registry = await StartRegistryAsync();
        string key = NewKey("node", out _);
        string dataDir = Path.Combine(_dir, "node");
        string[] args = ["node", "--listen", "/ip4/127.0.0.1/tcp/0", "--registry", registry.ToString(), "--key", key, "--role", "executor", "--data-dir", dataDir];
        ZetinaProcess first = Spawn("node-1", args);
        string id1 = await first.WaitForStdoutAsync(@"peer id\s+(\S+)", Start);
        // Put a job in its record as a running node would (a record file written by the previous run).
        first.Terminate();
        Assert.True(await first.WaitForExitAsync(TimeSpan.FromSeconds(30)), "node did not stop on SIGTERM");
        Assert.Equal(0, first.ExitCode);
        File.WriteAllText(Path.Combine(dataDir, "jobs.json"),
            "[{\"job_id\":\"0x1234\",\"delegator\":\"0x1\",\"reward\":\"5\",\"step_limit\":100,\"deadline\":1,\"state\":\"Won\",\"heard_at\":\"2026-01-01T00:00:00+00:00\",\"updated_at\":\"2026-01-01T00:00:00+00:00\"}]");

        ZetinaProcess second = Spawn("node-2", [.. args, "--api", "127.0.0.1:0"]);
        string id2 = await second.WaitForStdoutAsync(@"peer id\s+(\S+)", Start);
        Assert.Equal(id1, id2);
        string api = await second.WaitForStdoutAsync(@"api\s+(http\S+)", Start);
        using (var http = new HttpClient { BaseAddress = new Uri(api) })
        {
            string job = await http.GetStringAsync("v1/jobs/0x1234");
            Assert.Contains("\"state\":\"Won\"", job);
        }
        second.Terminate();
        Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("Won", JobStates(dataDir)["0x1234"]);
    }
}
