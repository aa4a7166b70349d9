using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Zetina.Node.Hosting;
using Zetina.Cairo.Program;
using Zetina.Node.Proving;
using Zetina.Registry.Http;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Api;

/// <summary>
/// The node's HTTP API against a real in-process network: a registry, a node with the API (delegator and
/// executor) and a second executor. A job posted to the API is proved by the other executor and its
/// settlement arrives on the job's SSE stream.
/// </summary>
public sealed class NodeApiTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-api-").FullName;
    private SqliteRegistry _registry = null!;
    private RegistryServer _server = null!;
    private NodeHost _node = null!;
    private NodeHost _executor = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
        _server = await RegistryServer.StartAsync(_registry, new IPEndPoint(IPAddress.Loopback, 0));
        var prover = new CairoJobProver(1);
        _node = await NodeHost.StartAsync(new NodeOptions
        {
            Name = "api-node", Role = NodeRole.Both, Registry = _server.BaseAddress, StarkKey = RegistryCrypto.NewPrivateKey(),
            Api = new IPEndPoint(IPAddress.Loopback, 0), DataDir = Path.Combine(_dir, "node"),
        }, prover, TextWriter.Null, default);
        var funded = await _registry.DepositAsync(new DepositRequest(_node.Address, Amount.From(1_000_000), Felt.Zero, 0, null));
        Assert.True(funded.Ok, funded.Message);
        var boot = _node.Network.Host.ListenAddresses[0].WithPeerId(_node.Network.Host.Id);
        _executor = await NodeHost.StartAsync(new NodeOptions
        {
            Name = "executor", Role = NodeRole.Executor, Registry = _server.BaseAddress, StarkKey = RegistryCrypto.NewPrivateKey(), Bootstrap = [boot],
        }, prover, TextWriter.Null, default);
        await _node.Network.WaitForMeshAsync(TimeSpan.FromSeconds(10), default);
        _api = new HttpClient { BaseAddress = _node.ApiAddress, Timeout = TimeSpan.FromSeconds(60) };
        // POST /v1/jobs spends the node's account: it needs the token the node keeps in its data dir.
        _api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", File.ReadAllText(Path.Combine(_dir, "node", Zetina.Node.Api.ApiToken.FileName)).Trim());
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _executor.DisposeAsync();
        await _node.DisposeAsync();
        await _server.DisposeAsync();
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task PostJob_ProofFormat_StoneIsSignedIntoTheRegisteredHeader_UnknownIsRefused()
    {
        string Body(string format) => "{\"program\": " + FibonacciProgram.Json(10) +
            ", \"reward\": \"10\", \"deadline_seconds\": 600, \"max_steps\": 4096, \"proof_format\": \"" + format + "\"}";
        using HttpResponseMessage bad = await _api.PostAsync("v1/jobs", new StringContent(Body("stark"), Encoding.UTF8, "application/json"));
        string badText = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("bad-proof-format", badText);
        Assert.Contains("native, stone", badText);

        using HttpResponseMessage ok = await _api.PostAsync("v1/jobs", new StringContent(Body("stone"), Encoding.UTF8, "application/json"));
        string okText = await ok.Content.ReadAsStringAsync();
        Assert.True(ok.StatusCode == HttpStatusCode.Created, okText);
        using JsonDocument doc = JsonDocument.Parse(okText);
        Assert.Equal("stone", doc.RootElement.GetProperty("proof_format").GetString());
        // The registry accepted the registration, so the Stone-format header's signature (v4 hash) verified there.
        Felt jobId = Felt.Parse(doc.RootElement.GetProperty("job_id").GetString()!);
        Assert.Equal(JobStatus.Open, (await _registry.GetJobAsync(jobId))!.Status);
    }

    [Fact]
    public async Task PostJob_ProvedByPeer_SettlementOnEventStreamAndInStatus()
    {
        string body = "{\"program\": " + FibonacciProgram.Json(30) + ", \"reward\": \"1000\", \"deadline_seconds\": 600, \"max_steps\": 65536}";
        using HttpResponseMessage post = await _api.PostAsync("v1/jobs", new StringContent(body, Encoding.UTF8, "application/json"));
        string postText = await post.Content.ReadAsStringAsync();
        Assert.True(post.StatusCode == HttpStatusCode.Created, postText);
        string jobId = JsonDocument.Parse(postText).RootElement.GetProperty("job_id").GetString()!;

        // Follow the job's server-sent events until the settlement (bounded).
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var req = new HttpRequestMessage(HttpMethod.Get, $"v1/jobs/{jobId}/events");
        using HttpResponseMessage stream = await _api.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(cts.Token));
        var types = new List<string>();
        string? settledData = null;
        while (settledData is null && await reader.ReadLineAsync(cts.Token) is string line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) types.Add(line[7..]);
            if (line.StartsWith("data: ", StringComparison.Ordinal) && types.Count > 0 && types[^1] == "settled") settledData = line[6..];
        }
        Assert.Equal("published", types[0]);
        Assert.NotNull(settledData);
        string expected = Felt.FromBigInteger(Zetina.Node.Cli.DemoCommand.Fibonacci(30)).ToHexString();
        Assert.Contains($"executor={_executor.Address.ToHexString()}", settledData);
        Assert.Contains($"output={expected}", settledData);

        using var status = JsonDocument.Parse(await _api.GetStringAsync("v1/status"));
        Assert.True(status.RootElement.GetProperty("peers").GetInt32() >= 1);
        Assert.Equal(_node.Address.ToHexString(), status.RootElement.GetProperty("address").GetString());
        string metrics = await _api.GetStringAsync("metrics");
        Assert.Contains("zetina_peers ", metrics);
        Assert.Contains("zetina_jobs{state=\"won\"}", metrics);
        Assert.Contains("\"ok\"", await _api.GetStringAsync("health"));
    }

    [Theory]
    [InlineData("{not json", "malformed-json")]
    [InlineData("{\"program\": [], \"reward\": \"1\"}", "bad-program")]
    [InlineData("{\"program\": {}, \"reward\": \"-5\"}", "bad-reward")]
    public async Task PostJob_BadRequest_ProblemJsonNamesTheField(string json, string problem)
    {
        using HttpResponseMessage r = await _api.PostAsync("v1/jobs", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Contains(problem, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GetJob_UnknownOrMalformedId_404Or400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("v1/jobs/0x1234")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.GetAsync("v1/jobs/zzz")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync("v1/nothing")).StatusCode);
    }
}
