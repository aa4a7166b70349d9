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
               zetina node --config node.json [options]
          --config F                a JSON file of these settings, keys in snake case ("min_reward": "100");
                                    flags override it. SIGHUP re-reads it and applies --min-reward,
                                    --min-reward-per-mstep, --max-steps, --max-reward, --max-concurrent and
                                    --max-queue without a restart (docs/operating.md)
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
          --min-reward-per-mstep R  ignore jobs paying less than R per million steps of their step limit
                                    (zetina calibrate prints this machine's figure)
          --max-steps N             ignore jobs allowing more steps, refuse API jobs allowing more (default 4194304)
          --max-concurrent N        jobs proved at once (default 1)
          --max-queue N             jobs waiting to be proved; the least profitable is dropped (default 32)
          --keep-finished N         refused, lost, expired and failed jobs kept in the record (default 1000)
          --threads N               prover threads per job (default: all cores)
          --optimize speed|size     parameter preset of the proofs (default speed: blowup 2; size: blowup 8,
                                    about half the bytes for about three times the proving time)
          --bootloader PATH         a compiled bootloader (cairo-lang's bootloader.json, or .json.gz): the node
                                    proves PIE jobs under it and publishes PIE jobs naming it; without one, PIE
                                    jobs are skipped (docs/node.md, "PIE jobs")
          --gpu                     expect a GPU (LDE and commitments run on the first CUDA device when one
                                    is found, with or without this flag; without one the CPU is used)
        Runs until SIGINT or SIGTERM, then shuts down cleanly; SIGHUP reloads the config file.
        """;

    private static int Run(CliArgs args)
    {
        NodeSettings settings = NodeSettings.From(args);
        NodeOptions options = settings.Options;
        args.RejectUnknown();
        BootloaderProgram? bootloader = settings.BootloaderPath is string bl ? LoadBootloader(bl) : null;
        // Refuse an unsafe API before the GPU, the registry or the network are touched.
        if (options.Api is not null) CheckApiToken(options);

        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        // GPU auto-detection: LDE and commitments on the first CUDA device, else the CPU, with one line saying which.
        using Zetina.Gpu.Prover.GpuProverBackends backends = Zetina.Gpu.Prover.GpuProverBackends.Create(settings.Threads);
        Console.Error.WriteLine("zetina node: " + backends.Line);
        if (settings.Gpu && !backends.OnGpu) Console.Error.WriteLine("zetina node: --gpu given but no GPU could be opened; proving on the CPU");
        return RunAsync(args, options, new CairoJobProver(settings.Threads, backends.Backends, settings.Optimize, bootloader), stop.Token).GetAwaiter().GetResult();
    }

    /// <summary>
    /// What SIGHUP does: reads the flags and the config file again and puts the settings that can change without a
    /// restart in force (<see cref="NodeHost.Reconfigure"/>). A file that no longer parses changes nothing: the node
    /// logs why and keeps its settings.
    /// </summary>
    internal static IReadOnlyList<NodeSettingChange> Reload(NodeHost node, CliArgs args)
    {
        NodeSettings next;
        try
        {
            next = NodeSettings.From(args);
        }
        catch (CliUsageException e)
        {
            node.Log.Warn("config.reload_failed", ("error", e.Message));
            return [];
        }
        return node.Reconfigure(next.Options);
    }

    private static async Task<int> RunAsync(CliArgs args, NodeOptions options, CairoJobProver prover, CancellationToken stop)
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
        if (prover.Bootloader is BootloaderProgram b) Console.Out.WriteLine($"bootloader {b.Hash.ToHexString()} ({b.Path})");
        if (node.ApiAddress is not null) Console.Out.WriteLine($"api       {node.ApiAddress}");
        if (node.ApiToken is Api.ApiToken token)
            Console.Out.WriteLine(token.Path is not null
                ? $"api token in {token.Path}"
                : $"api token {token.Value} (this run only: give --data-dir to keep one)");
        Console.Out.Flush();
        using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => { c.Cancel = true; _ = Reload(node, args); });
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

    /// <summary>Parses a role; <paramref name="option"/> names the flag (or file key) in the error.</summary>
    internal static NodeRole ParseRole(string option, string s) => s switch
    {
        "executor" => NodeRole.Executor,
        "delegator" => NodeRole.Delegator,
        "both" => NodeRole.Both,
        _ => throw new CliUsageException($"--{option}: '{s}' is not executor, delegator or both"),
    };

    internal static IReadOnlyList<Multiaddr> ParseAddrs(string option, IReadOnlyList<string> texts, string? fallback)
    {
        var list = new List<Multiaddr>();
        foreach (string t in texts) list.Add(CliParse.Multiaddr(option, t));
        if (list.Count == 0 && fallback is not null) list.Add(Multiaddr.Parse(fallback));
        return list;
    }

    /// <summary>Loads <c>--bootloader PATH</c>; an unreadable file or one that is not a compiled program is a usage error.</summary>
    internal static BootloaderProgram LoadBootloader(string path)
    {
        try
        {
            return BootloaderProgram.Load(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--bootloader {path}: {e.Message}");
        }
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
