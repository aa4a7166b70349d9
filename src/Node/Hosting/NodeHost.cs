using Zetina.Node.Delegator;
using Zetina.Node.Executor;
using Zetina.Node.Jobs;
using Zetina.Node.Logging;
using Zetina.Node.Network;
using Zetina.Node.Proving;
using Zetina.P2P.Crypto;
using Zetina.Registry.Client;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Hosting;

/// <summary>
/// One running node: its libp2p job network, a registry client, and the executor and/or delegator
/// roles, plus the HTTP API when asked. <c>zetina node</c> runs one; <c>zetina demo</c> runs several in
/// one process, through the same code.
/// </summary>
internal sealed class NodeHost : IAsyncDisposable
{
    private readonly HttpClient _http;
    private Api.NodeApiServer? _api;

    private NodeHost(NodeOptions options, NodeLog log, Libp2pJobNetwork network, HttpClient http, RegistryClient registry,
        JobRecord record, ExecutorService? executor, DelegatorService? delegator)
    {
        _options = options;
        Log = log;
        Network = network;
        _http = http;
        Registry = registry;
        Record = record;
        Executor = executor;
        Delegator = delegator;
        Address = RegistryCrypto.PublicKey(options.StarkKey);
    }

    /// <summary>The settings in force: those started with, changed by <see cref="Reconfigure"/>.</summary>
    public NodeOptions Options => Volatile.Read(ref _options);

    private NodeOptions _options;
    public NodeLog Log { get; }
    public Libp2pJobNetwork Network { get; }
    public RegistryClient Registry { get; }
    public JobRecord Record { get; }
    public ExecutorService? Executor { get; }
    public DelegatorService? Delegator { get; }
    public JobEventLog Events { get; } = new();

    /// <summary>What <c>/metrics</c> reports beyond the job record.</summary>
    public Api.NodeMetrics Metrics { get; private init; } = new();

    /// <summary>The node's account: its Stark public key.</summary>
    public Felt Address { get; }

    /// <summary>The API's base address when it serves one.</summary>
    public Uri? ApiAddress => _api?.BaseAddress;

    /// <summary>The token the API's guarded routes ask for, when it serves one.</summary>
    public Api.ApiToken? ApiToken => _api?.Access.Token;

    /// <summary>
    /// The Stone-format prover over <paramref name="prover"/>'s runner: the job's run proved as Stone proves it
    /// (<see cref="StoneRunProver"/>); null for a prover that runs no Cairo (test provers), and the executor then
    /// refuses Stone-format jobs with a log line saying so.
    /// </summary>
    internal static IStoneJobProver? BuiltInStoneProver(IJobProver prover) =>
        prover is CairoJobProver cairo
            ? new StoneJobProver(cairo.RunBody, (run, progress, _) => StoneRunProver.Prove(run, cairo.MaxThreads, progress))
            : null;

    public static async Task<NodeHost> StartAsync(NodeOptions options, IJobProver prover, TextWriter? logWriter, CancellationToken cancellationToken)
    {
        // The API's token first: a node that may not serve its API safely starts nothing.
        Api.ApiAuthorization? access = options.Api is null ? null : Api.ApiAuthorization.For(options.Api, options.DataDir, options.ApiTokenFile);
        var log = new NodeLog(options.Name, logWriter);
        PrivateKey identity = options.DataDir is null
            ? PrivateKey.Generate()
            : LoadIdentity(options.DataDir);
        var metrics = new Api.NodeMetrics();
        var http = new HttpClient(new Api.RegistryRequestMeter(metrics)) { BaseAddress = options.Registry, Timeout = TimeSpan.FromSeconds(60) };
        var registry = new RegistryClient(http);
        await registry.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var network = await Libp2pJobNetwork.StartAsync(identity, options.Listen, options.Bootstrap, log, cancellationToken).ConfigureAwait(false);
        var record = new JobRecord(options.DataDir, options.Executor.KeepFinished);
        Felt address = RegistryCrypto.PublicKey(options.StarkKey);
        ExecutorService? executor = options.Role.HasFlag(NodeRole.Executor)
            ? new ExecutorService(network, registry, prover, address, options.Executor, record, log,
                stone: new StoneProofFormat(options.StoneProver ?? BuiltInStoneProver(prover), options.StarkKey, log))
            : null;
        DelegatorService? delegator = options.Role.HasFlag(NodeRole.Delegator)
            ? new DelegatorService(network, registry, prover, options.StarkKey, log)
            : null;
        var host = new NodeHost(options, log, network, http, registry, record, executor, delegator) { Metrics = metrics };
        network.AnnouncementReceived += _ => metrics.GossipReceived(Zetina.Registry.Jobs.JobAnnouncement.Topic);
        network.WitnessReceived += _ => metrics.GossipReceived(Zetina.Registry.Jobs.JobWitness.Topic);
        if (executor is not null)
        {
            executor.JobChanged += (job, state, reason) => host.Events.Add(job, EventType(state), reason);
            executor.ProvingProgressed += (job, p) => host.Events.Add(job, "proving", $"{p.Phase} {p.Fraction:P0}");
            metrics.Attach(executor, log);
            executor.Start(0);
        }
        if (options.Api is not null) host._api = await Api.NodeApiServer.StartAsync(host, options.Api, access!, cancellationToken).ConfigureAwait(false);
        log.Info("node.started", ("role", options.Role), ("address", address), ("peer_id", network.Host.Id),
            ("listen", string.Join(',', network.Host.ListenAddresses)), ("api", host.ApiAddress), ("registry", options.Registry));
        return host;
    }

    /// <summary>
    /// Puts <paramref name="next"/>'s reloadable settings in force (<see cref="NodeSettingChange.Reloadable"/>) and
    /// logs one <c>config.reloaded</c> line naming each change, old and new; a changed setting that needs a restart
    /// is named in a <c>config.restart_needed</c> line and left as it was. Returns the changes applied.
    /// </summary>
    public IReadOnlyList<NodeSettingChange> Reconfigure(NodeOptions next)
    {
        NodeOptions current = Options;
        List<NodeSettingChange> changes = NodeSettingChange.Between(current, next);
        var applied = new List<NodeSettingChange>();
        var ignored = new List<string>();
        foreach (NodeSettingChange c in changes)
        {
            if (c.Reloadable) applied.Add(c);
            else ignored.Add(c.Key);
        }
        ExecutorOptions executor = current.Executor with
        {
            MinReward = next.Executor.MinReward,
            MinRewardPerMstep = next.Executor.MinRewardPerMstep,
            MaxSteps = next.Executor.MaxSteps,
            MaxConcurrent = next.Executor.MaxConcurrent,
            MaxQueue = next.Executor.MaxQueue,
        };
        Volatile.Write(ref _options, current with { MaxReward = next.MaxReward, Executor = executor });
        Executor?.Reconfigure(executor);
        Log.Info("config.reloaded", ("changed", applied.Count == 0 ? "none" : string.Join(',', applied)));
        if (ignored.Count > 0) Log.Warn("config.restart_needed", ("keys", string.Join(',', ignored)));
        return applied;
    }

    /// <summary>The libp2p identity kept in the data dir, created on first start: a restarted node keeps its peer id.</summary>
    private static PrivateKey LoadIdentity(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        return KeyFile.LoadOrCreate(Path.Combine(dataDir, "identity.key"));
    }

    private static string EventType(JobState state) => state switch
    {
        JobState.Queued => "picked_up",
        JobState.Proving => "proving",
        JobState.Won => "settled",
        JobState.Lost => "settled",
        _ => state.ToString().ToLowerInvariant(),
    };

    public async ValueTask DisposeAsync()
    {
        Log.Info("node.stopping");
        if (_api is not null) await _api.DisposeAsync().ConfigureAwait(false);
        if (Executor is not null) await Executor.DisposeAsync().ConfigureAwait(false);
        await Network.DisposeAsync().ConfigureAwait(false);
        Record.Dispose();
        _http.Dispose();
    }
}
