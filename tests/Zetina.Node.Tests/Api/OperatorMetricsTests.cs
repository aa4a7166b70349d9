using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Zetina.Node.Cli;
using Zetina.Node.Hosting;
using Zetina.Node.Proving;
using Zetina.Registry.Http;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Crypto;

namespace Zetina.Node.Tests.Api;

/// <summary>
/// What an operator watches and changes on a running node: every metric docs/operating.md lists is served by the
/// node or the registry (the doc's table is parsed, so doc and code cannot drift), the Grafana dashboard reads only
/// those, and a config reload (what SIGHUP calls) puts new settings in force with a log line.
/// </summary>
public sealed partial class OperatorMetricsTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-operator-").FullName;
    private readonly StringWriter _log = new();
    private SqliteRegistry _registry = null!;
    private RegistryServer _server = null!;
    private NodeHost _node = null!;

    public async Task InitializeAsync()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
        _server = await RegistryServer.StartAsync(_registry, new IPEndPoint(IPAddress.Loopback, 0));
        _node = await NodeHost.StartAsync(new NodeOptions
        {
            Name = "operator", Role = NodeRole.Executor, Registry = _server.BaseAddress, StarkKey = RegistryCrypto.NewPrivateKey(),
            Api = new IPEndPoint(IPAddress.Loopback, 0), DataDir = Path.Combine(_dir, "node"),
        }, new CairoJobProver(1), TextWriter.Synchronized(_log), default);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _server.DisposeAsync();
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string RepoFile(string relative)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string p = Path.Combine(d.FullName, relative);
            if (File.Exists(p)) return p;
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>The metric table of docs/operating.md: rows whose first cell is a back-quoted <c>zetina_</c> name, with the "served by" cell.</summary>
    private static List<(string Name, string Type, string ServedBy)> DocumentedMetrics()
    {
        var list = new List<(string, string, string)>();
        foreach (string line in File.ReadLines(RepoFile("docs/operating.md")))
        {
            Match m = MetricRow().Match(line);
            if (m.Success) list.Add((m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value));
        }
        return list;
    }

    [GeneratedRegex(@"^\|\s*`(zetina_[a-z_]+)`\s*\|\s*(counter|gauge|histogram)\s*\|\s*(node|registry)\s*\|")]
    private static partial Regex MetricRow();

    [Fact]
    public async Task Metrics_NodeAndRegistry_ServeEveryMetricTheDocLists()
    {
        var documented = DocumentedMetrics();
        Assert.True(documented.Count >= 15, $"the doc's metric table has {documented.Count} rows");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        // A registry request and a refusal first, so the node's latency histogram and the registry's refusal counter have samples.
        using (await http.GetAsync(new Uri(_server.BaseAddress, "v1/jobs/0x1"))) { }
        string node = await http.GetStringAsync(new Uri(_node.ApiAddress!, "metrics"));
        string registry = await http.GetStringAsync(new Uri(_server.BaseAddress, "metrics"));
        foreach (var (name, type, servedBy) in documented)
        {
            string text = servedBy == "node" ? node : registry;
            Assert.True(text.Contains($"# TYPE {name} {type}\n", StringComparison.Ordinal), $"{servedBy} /metrics lacks '# TYPE {name} {type}'");
        }
        Assert.Matches(@"zetina_registry_request_seconds_count [1-9]", node);
        Assert.Contains("zetina_registry_refusals_total{error=\"NotFound\"}", registry);
    }

    [Fact]
    public void GrafanaDashboard_EveryPanelExpr_NamesADocumentedMetric()
    {
        var names = new HashSet<string>();
        foreach (var m in DocumentedMetrics()) names.Add(m.Name);
        using JsonDocument d = JsonDocument.Parse(File.ReadAllText(RepoFile("deploy/grafana/zetina.json")));
        JsonElement panels = d.RootElement.GetProperty("panels");
        Assert.True(panels.GetArrayLength() >= 8);
        foreach (JsonElement panel in panels.EnumerateArray())
            foreach (JsonElement target in panel.GetProperty("targets").EnumerateArray())
            {
                string expr = target.GetProperty("expr").GetString()!;
                var used = MetricName().Matches(expr);
                Assert.NotEmpty(used);
                foreach (Match u in used)
                {
                    string n = Regex.Replace(u.Value, "_(bucket|sum|count)$", "");
                    Assert.True(names.Contains(n), $"panel '{panel.GetProperty("title").GetString()}' reads {u.Value}, not in docs/operating.md");
                }
            }
    }

    [GeneratedRegex(@"zetina_[a-z_]+")]
    private static partial Regex MetricName();

    [Fact]
    public void Reload_ChangedConfigFile_AppliesReloadableSettingsAndLogsThem()
    {
        string key = Path.Combine(_dir, "node.key");
        StarkKeyFile.Save(key, RegistryCrypto.NewPrivateKey());
        string config = Path.Combine(_dir, "node.json");
        File.WriteAllText(config, "{\"registry\": \"" + _server.BaseAddress + "\", \"key\": \"" + key + "\", \"min_reward\": \"100\", \"max_queue\": 4, \"max_concurrent\": 2, \"keep_finished\": 7}");
        var args = CliArgs.Parse(["--config", config], ["gpu"]);

        IReadOnlyList<NodeSettingChange> changes = NodeCommands.Reload(_node, args);

        Assert.Contains(changes, c => c.ToString() == "min_reward:0->100");
        Assert.Contains(changes, c => c.ToString() == "max_queue:32->4");
        Assert.Equal("100", _node.Executor!.Options.MinReward.ToString());
        Assert.Equal(4, _node.Executor.Options.MaxQueue);
        Assert.Equal(2, _node.Executor.Options.MaxConcurrent);
        Assert.Equal(Zetina.Node.Executor.JobRecord.DefaultKeepFinished, _node.Options.Executor.KeepFinished);
        string log = _log.ToString();
        Assert.Contains("event=config.reloaded", log);
        Assert.Contains("min_reward:0->100", log);
        Assert.Matches("event=config.restart_needed .*keep_finished", log);
    }

    [Fact]
    public void Reload_BrokenConfigFile_KeepsSettingsAndLogsWhy()
    {
        string config = Path.Combine(_dir, "broken.json");
        File.WriteAllText(config, "{\"max_queue\": \"many\"}");
        var before = _node.Executor!.Options;

        IReadOnlyList<NodeSettingChange> changes = NodeCommands.Reload(_node, CliArgs.Parse(["--config", config], ["gpu"]));

        Assert.Empty(changes);
        Assert.Same(before, _node.Executor.Options);
        Assert.Contains("event=config.reload_failed", _log.ToString());
    }
}
