using System.Diagnostics;
using System.Net;
using System.Numerics;
using System.Text;
using Zetina.Cairo.Program;
using Zetina.Node.Executor;
using Zetina.Node.Hosting;
using Zetina.Node.Jobs;
using Zetina.Node.Proving;
using Zetina.P2P.Multiformats;
using Zetina.Registry.Http;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;

namespace Zetina.Node.Cli;

/// <summary>
/// <c>zetina demo</c>: the whole network on loopback in one process — an embedded registry with a dev
/// faucet, a funded delegator, three executors — one real Cairo job published, raced, proved, verified
/// by the registry and paid, the output printed and checked. Every part is the production code path:
/// HTTP to the registry, libp2p (Noise, yamux, gossipsub, Kademlia) between nodes.
/// </summary>
internal static class DemoCommand
{
    public static readonly CliCommand[] Commands =
    [
        new(["demo"], "run a registry, a delegator and executors on loopback; prove and pay one job", Usage, Run),
    ];

    private const string Usage = """
        usage: zetina demo [--executors N] [--fib N] [--reward R] [--pad-bytes N] [--dashboard] [--json] [--verbose]
          --executors N   executors racing for the job (default 3)
          --fib N         the job computes the N-th Fibonacci number (default 2000: about 8,000 Cairo steps)
          --reward R      the job's reward (default 1000000)
          --pad-bytes N   add N bytes of program input the program ignores (to time large job bodies)
          --dashboard     serve every node's dashboard on loopback, print their URLs, and keep the network up
                          after the job until Ctrl-C (post more jobs to the delegator's API meanwhile)
          --json          print the result as one JSON object on stdout
          --verbose       print every node's log lines (default: the job's milestones only)
        Exits 0 when the job was paid once and its output is the true Fibonacci number.
        """;

    private static int Run(CliArgs args)
    {
        int executors = args.Int("executors", 3);
        int fib = args.Int("fib", 2000);
        Amount reward = args.Option("reward") is string r ? CliParse.Amount("reward", r) : Amount.From(1_000_000UL);
        bool json = args.Flag("json");
        bool verbose = args.Flag("verbose");
        int pad = args.Int("pad-bytes", 0);
        bool dashboard = args.Flag("dashboard");
        args.RejectUnknown();
        if (pad is < 0 or > JobBody.MaxEncodedBytes - 65536) throw new CliUsageException($"--pad-bytes must be between 0 and {JobBody.MaxEncodedBytes - 65536}");
        if (executors is < 1 or > 16) throw new CliUsageException("--executors must be between 1 and 16");
        if (fib < 2) throw new CliUsageException("--fib must be at least 2");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return RunAsync(executors, (ulong)fib, reward, pad, json, verbose, dashboard, timeout).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int nExecutors, ulong n, Amount reward, int pad, bool json, bool verbose, bool dashboard,
        CancellationTokenSource timeout)
    {
        CancellationToken ct = timeout.Token;
        IPEndPoint? api = dashboard ? new IPEndPoint(IPAddress.Loopback, 0) : null;
        var total = Stopwatch.StartNew();
        TextWriter say = json ? TextWriter.Null : Console.Out;
        TextWriter nodeLog = verbose ? Console.Error : new MilestoneWriter(say);
        string dir = Path.Combine(Path.GetTempPath(), "zetina-demo-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var prover = new CairoJobProver(maxThreads: 0);
        var hosts = new List<NodeHost>();
        SqliteRegistry? registry = null;
        RegistryServer? server = null;
        try
        {
            // 1. The registry: SQLite in a temp dir, dev faucet on, Cairo proofs verified by our verifier.
            registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(dir, "registry.db"), DevFaucet = true, FeeBasisPoints = 100 },
                new CairoProofVerifier(), new StoneJobProofVerifier());
            server = await RegistryServer.StartAsync(registry, new IPEndPoint(IPAddress.Loopback, 0), ct).ConfigureAwait(false);
            say.WriteLine($"registry    {server.BaseAddress} (SQLite {Path.Combine(dir, "registry.db")}, dev faucet, fee 1%)");

            // 2. A delegator with a funded account.
            BigInteger delegatorKey = RegistryCrypto.NewPrivateKey();
            var delegatorOptions = new NodeOptions { Name = "delegator", Role = NodeRole.Delegator, Registry = server.BaseAddress, StarkKey = delegatorKey, Api = api };
            NodeHost delegator = await NodeHost.StartAsync(delegatorOptions, prover, nodeLog, ct).ConfigureAwait(false);
            hosts.Add(delegator);
            var funded = await delegator.Registry.DepositAsync(new DepositRequest(delegator.Address, Amount.From(reward.Value * 10), Felt.Zero, 0, null), ct).ConfigureAwait(false);
            if (!funded.Ok) throw new InvalidOperationException($"faucet deposit refused: {funded.Message}");
            say.WriteLine($"delegator   account {Short(delegator.Address)} funded with {funded.Value!.Balance}");

            // 3. Executors, bootstrapped to the delegator.
            Multiaddr boot = delegator.Network.Host.ListenAddresses[0].WithPeerId(delegator.Network.Host.Id);
            for (int i = 1; i <= nExecutors; i++)
            {
                var o = new NodeOptions
                {
                    Name = $"executor-{i}", Role = NodeRole.Executor, Registry = server.BaseAddress,
                    StarkKey = RegistryCrypto.NewPrivateKey(), Bootstrap = [boot],
                    Executor = new ExecutorOptions { MaxConcurrent = 1 }, Api = api,
                };
                NodeHost e = await NodeHost.StartAsync(o, prover, nodeLog, ct).ConfigureAwait(false);
                hosts.Add(e);
                say.WriteLine($"executor-{i}  account {Short(e.Address)}  peer {e.Network.Host.Id}");
            }
            await delegator.Network.WaitForMeshAsync(TimeSpan.FromSeconds(10), ct).ConfigureAwait(false);
            TextWriter board = json ? Console.Error : say;
            foreach (NodeHost h in hosts)
                if (h.ApiAddress is not null) board.WriteLine($"dashboard   {h.Options.Name,-12} {h.ApiAddress}");

            // 4. Publish the job: fib(n) on the output builtin, small layout.
            byte[] input = pad == 0 ? [] : Encoding.UTF8.GetBytes("{\"pad\": \"" + new string('z', pad) + "\"}");
            var body = new JobBody("small", 1UL << 20, Encoding.UTF8.GetBytes(FibonacciProgram.Json(n)), input);
            // Network overhead: publish → the first executor starts proving.
            long firstProvingTicks = 0;
            for (int i = 1; i < hosts.Count; i++)
                hosts[i].Executor!.JobChanged += (_, state, _) =>
                {
                    if (state == JobState.Proving) Interlocked.CompareExchange(ref firstProvingTicks, Stopwatch.GetTimestamp(), 0);
                };
            ulong deadline = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600;
            long publishedAt = Stopwatch.GetTimestamp();
            var published = Stopwatch.StartNew();
            JobAnnouncement job = await delegator.Delegator!.PublishAsync(body, reward, deadline, ct).ConfigureAwait(false);
            say.WriteLine($"published   job {Short(job.Header.JobId)}: fib({n}), reward {reward}, body {body.Encode().Length} bytes, program hash {Short(job.Header.ProgramHash)}");
            using var announcing = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task keep = delegator.Delegator.KeepAnnouncingAsync(job, TimeSpan.FromSeconds(2), announcing.Token);

            // 5. Wait for the registry's settlement event.
            RegistryEvent settled = await delegator.Delegator.WaitForSettlementAsync(job.Header.JobId, 0, ct).ConfigureAwait(false);
            await announcing.CancelAsync().ConfigureAwait(false);
            await keep.ConfigureAwait(false);
            double settleSeconds = published.Elapsed.TotalSeconds;

            // 6. Check: paid once, output is the true fib(n), balances add up.
            BigInteger expected = Fibonacci(n);
            Felt[] output = settled.Output ?? [];
            bool outputOk = output.Length == 1 && output[0] == Felt.FromBigInteger(expected);
            string winner = "?";
            for (int i = 1; i < hosts.Count; i++) if (hosts[i].Address == settled.Executor) winner = hosts[i].Options.Name;
            await Task.Delay(300, ct).ConfigureAwait(false); // let the losers see the settlement event
            say.WriteLine();
            say.WriteLine($"settled     in {settleSeconds:F1} s: {winner} paid {settled.Reward} (fee {settled.Fee}), {settled.NSteps} steps proved");
            say.WriteLine($"output      {DelegatorFormat(output)}  (fib({n}) mod p {(outputOk ? "— correct" : $"— WRONG, expected {Felt.FromBigInteger(expected)}")})");
            say.WriteLine($"proof hash  {settled.ProofHash}");
            double overheadMs = firstProvingTicks == 0 ? double.NaN : Stopwatch.GetElapsedTime(publishedAt, firstProvingTicks).TotalMilliseconds;
            say.WriteLine($"network     publish → first executor proving: {overheadMs:F0} ms");
            for (int i = 1; i < hosts.Count; i++)
            {
                JobEntry? e = hosts[i].Record.Get(job.Header.JobId.ToHexString());
                say.WriteLine($"  {hosts[i].Options.Name,-12} {e?.State.ToString() ?? "never heard"}{(e?.Reason is string why ? " — " + why : "")}");
            }
            LedgerAudit audit = registry.Audit();
            say.WriteLine($"ledger      {(audit.Holds ? "balanced" : "NOT BALANCED")}; total {total.Elapsed.TotalSeconds:F1} s");
            if (json)
            {
                var result = new Api.DemoResultDto(job.Header.JobId.ToHexString(), settled.Executor?.ToHexString() ?? "", winner,
                    Array.ConvertAll(output, f => f.ToHexString()), outputOk, settled.NSteps ?? 0, settled.Reward?.ToString() ?? "",
                    settled.Fee?.ToString() ?? "", settled.ProofHash?.ToHexString() ?? "", double.IsNaN(overheadMs) ? null : Math.Round(overheadMs, 1),
                    Math.Round(settleSeconds, 2), Math.Round(total.Elapsed.TotalSeconds, 2));
                Console.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(result, Api.NodeJsonContext.Default.DemoResultDto));
            }
            if (dashboard) await KeepUpAsync(delegator, timeout, json ? Console.Error : say).ConfigureAwait(false);
            return outputOk && audit.Holds ? 0 : 1;
        }
        finally
        {
            foreach (NodeHost h in hosts) await h.DisposeAsync().ConfigureAwait(false);
            if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
            registry?.Dispose();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// <c>--dashboard</c>: keeps the network up after the job, for the dashboards, until SIGINT or SIGTERM; the demo's
    /// five-minute limit no longer applies. Prints how to post another job to the delegator's API.
    /// </summary>
    private static async Task KeepUpAsync(NodeHost delegator, CancellationTokenSource timeout, TextWriter say)
    {
        timeout.CancelAfter(Timeout.InfiniteTimeSpan);
        using var stop = new CancellationTokenSource();
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        say.WriteLine();
        say.WriteLine($"dashboards  up until Ctrl-C; open {delegator.ApiAddress} (the delegator) or an executor's URL above");
        say.WriteLine($"post a job  curl -H 'Authorization: Bearer {delegator.ApiToken?.Value}' -H 'Content-Type: application/json' \\");
        say.WriteLine($"              -d '{{\"program\": '\"$(cat PROGRAM.json)\"', \"reward\": \"1000\"}}' {delegator.ApiAddress}v1/jobs");
        say.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string DelegatorFormat(Felt[] output) => Delegator.DelegatorService.FormatOutput(output);

    private static string Short(Felt f)
    {
        string s = f.ToHexString();
        return s.Length > 14 ? s[..8] + "…" + s[^4..] : s;
    }

    /// <summary>fib(n) with fib(1) = fib(2) = 1, exactly.</summary>
    internal static BigInteger Fibonacci(ulong n)
    {
        BigInteger a = 1, b = 1;
        for (ulong i = 1; i < n; i++) (a, b) = (b, a + b);
        return a;
    }

    /// <summary>Passes on the node log lines that tell the job's story; drops the rest.</summary>
    private sealed class MilestoneWriter(TextWriter target) : TextWriter
    {
        private static readonly string[] Shown = ["event=job.heard", "event=job.queued", "event=job.proving ", "event=job.proved",
            "event=job.paid", "event=job.lost", "event=job.rejected", "event=job.failed", "event=job.dropped"];

        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value)
        {
            if (value is null) return;
            foreach (string s in Shown)
            {
                if (!value.Contains(s, StringComparison.Ordinal)) continue;
                int node = value.IndexOf(" node=", StringComparison.Ordinal);
                string line = node >= 0 ? value[(node + 6)..] : value;
                // Long felts (job ids, addresses) shortened to 0x1234ab…cdef; the full values are in --verbose.
                line = System.Text.RegularExpressions.Regex.Replace(line, "0x([0-9a-f]{6})[0-9a-f]{8,}([0-9a-f]{4})", "0x$1…$2");
                target.WriteLine("  · " + line);
                return;
            }
        }
    }
}
