using System.Runtime.InteropServices;
using Zetina.Node.Executor;
using Zetina.Node.Hosting;
using Zetina.Node.Proving;
using Zetina.P2P.Multiformats;
using Zetina.Stark.Crypto;

namespace Zetina.Node.Cli;

/// <summary><c>zetina node</c>: a long-running executor and/or delegator on the network.</summary>
internal static class NodeCommands
{
    public static readonly CliCommand[] Commands =
    [
        new(["node"], "run a node: executor and/or delegator on the network", Usage, Run),
    ];

    private const string Usage = """
        usage: zetina node --registry URL --key F [options]
          --listen MULTIADDR        libp2p listen address (repeatable; default /ip4/0.0.0.0/tcp/4001)
          --bootstrap MULTIADDR     peer to dial at start, with /p2p/ID (repeatable)
          --key F                   Stark key file (zetina key new): the node's account
          --registry URL            the registry's base URL
          --role R                  executor | delegator | both (default both)
          --api HOST:PORT           serve the node API (POST /v1/jobs, GET /v1/status, /metrics, …); POST needs
                                    'Authorization: Bearer TOKEN', and so does every read beyond loopback
          --api-token-file F        the API's token (default D/api-token, created on first start; an API
                                    beyond loopback needs one made beforehand: openssl rand -hex 32 > F)
          --data-dir D              keep the libp2p identity, the API token and the job record here
          --max-reward N            refuse API jobs offering more (default 1000000000)
          --min-reward N            ignore jobs paying less
          --max-steps N             ignore jobs allowing more steps, refuse API jobs allowing more (default 4194304)
          --max-concurrent N        jobs proved at once (default 1)
          --max-queue N             jobs waiting to be proved; the least profitable is dropped (default 32)
          --keep-finished N         refused, lost, expired and failed jobs kept in the record (default 1000)
          --threads N               prover threads per job (default: all cores)
          --gpu                     expect a GPU (LDE and commitments run on the first CUDA device when one
                                    is found, with or without this flag; without one the CPU is used)
        Runs until SIGINT or SIGTERM, then shuts down cleanly.
        """;

    private static int Run(CliArgs args)
    {
        var options = new NodeOptions
        {
            Name = "node",
            Role = ParseRole(args.Option("role") ?? "both"),
            Listen = ParseAddrs("listen", args.Options("listen"), "/ip4/0.0.0.0/tcp/4001"),
            Bootstrap = ParseAddrs("bootstrap", args.Options("bootstrap"), null),
            Registry = CliParse.Url("registry", args.Required("registry")),
            StarkKey = LoadKey(args.Required("key")),
            DataDir = args.Option("data-dir"),
            Api = args.Option("api") is string api ? CliParse.EndPoint("api", api) : null,
            ApiTokenFile = args.Option("api-token-file"),
            MaxReward = args.Option("max-reward") is string xr ? CliParse.Amount("max-reward", xr) : NodeOptions.DefaultMaxReward,
            Executor = new ExecutorOptions
            {
                MinReward = args.Option("min-reward") is string mr ? CliParse.Amount("min-reward", mr) : Registry.Ledger.Amount.Zero,
                MaxSteps = args.Option("max-steps") is string ms ? CliParse.ULong("max-steps", ms) : 1UL << 22,
                MaxConcurrent = args.Int("max-concurrent", 1),
                MaxQueue = Positive("max-queue", args.Int("max-queue", JobQueue.DefaultCapacity)),
                KeepFinished = Positive("keep-finished", args.Int("keep-finished", JobRecord.DefaultKeepFinished)),
            },
        };
        if (options.ApiTokenFile is not null && options.Api is null) throw new CliUsageException("--api-token-file needs --api HOST:PORT");
        int threads = args.Int("threads", 0);
        bool gpu = args.Flag("gpu");
        args.RejectUnknown();
        // Refuse an unsafe API before the GPU, the registry or the network are touched.
        if (options.Api is not null) CheckApiToken(options);

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        // GPU auto-detection: LDE and commitments on the first CUDA device, else the CPU, with one line saying which.
        using Zetina.Gpu.Prover.GpuProverBackends backends = Zetina.Gpu.Prover.GpuProverBackends.Create(threads);
        Console.Error.WriteLine("zetina node: " + backends.Line);
        if (gpu && !backends.OnGpu) Console.Error.WriteLine("zetina node: --gpu given but no GPU could be opened; proving on the CPU");
        return RunAsync(options, new CairoJobProver(threads, backends.Backends), stop.Token).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(NodeOptions options, CairoJobProver prover, CancellationToken stop)
    {
        NodeHost node;
        try
        {
            node = await NodeHost.StartAsync(options, prover, null, stop).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliUsageException($"cannot reach the registry at {options.Registry}: {e.Message}");
        }
        catch (Api.ApiTokenRequiredException e)
        {
            throw new CliUsageException("--api: " + e.Message);
        }
        Console.Out.WriteLine($"peer id   {node.Network.Host.Id}");
        foreach (Multiaddr a in node.Network.Host.ListenAddresses) Console.Out.WriteLine($"listening {a}/p2p/{node.Network.Host.Id}");
        Console.Out.WriteLine($"account   {node.Address.ToHexString()}");
        if (node.ApiAddress is not null) Console.Out.WriteLine($"api       {node.ApiAddress}");
        if (node.ApiToken is Api.ApiToken token)
            Console.Out.WriteLine(token.Path is not null
                ? $"api token in {token.Path}"
                : $"api token {token.Value} (this run only: give --data-dir to keep one)");
        Console.Out.Flush();
        try
        {
            await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        await node.DisposeAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>
    /// Fails with a usage error when the API's token rules refuse the configuration or the token file is
    /// unusable. <see cref="NodeHost"/> resolves the token again when it starts the API (reading the same file).
    /// </summary>
    private static void CheckApiToken(NodeOptions options)
    {
        try
        {
            _ = Api.ApiAuthorization.For(options.Api!, options.DataDir, options.ApiTokenFile);
        }
        catch (Exception e) when (e is Api.ApiTokenRequiredException or InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException("--api: " + e.Message);
        }
    }

    private static int Positive(string option, int value) =>
        value >= 1 ? value : throw new CliUsageException($"--{option} must be at least 1, got {value}");

    internal static NodeRole ParseRole(string s) => s switch
    {
        "executor" => NodeRole.Executor,
        "delegator" => NodeRole.Delegator,
        "both" => NodeRole.Both,
        _ => throw new CliUsageException($"--role: '{s}' is not executor, delegator or both"),
    };

    internal static IReadOnlyList<Multiaddr> ParseAddrs(string option, IReadOnlyList<string> texts, string? fallback)
    {
        var list = new List<Multiaddr>();
        foreach (string t in texts) list.Add(CliParse.Multiaddr(option, t));
        if (list.Count == 0 && fallback is not null) list.Add(Multiaddr.Parse(fallback));
        return list;
    }

    internal static System.Numerics.BigInteger LoadKey(string path)
    {
        try
        {
            return StarkKeyFile.Load(path);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CliUsageException($"--key {path}: {e.Message}");
        }
    }
}
