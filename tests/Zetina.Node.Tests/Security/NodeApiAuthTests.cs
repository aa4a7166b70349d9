using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Zetina.Cairo.Program;
using Zetina.Node.Api;
using Zetina.Node.Executor;
using Zetina.Node.Hosting;
using Zetina.Node.Proving;
using Zetina.Registry.Http;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;

namespace Zetina.Node.Tests.Security;

/// <summary>
/// Attacks on the node API, which spends the node's account: a POST without the token or with a wrong
/// one, and a job offering more than the operator's caps. One delegator node with a loopback API and a
/// registry; nothing is published unless a test means it to be.
/// </summary>
public sealed class NodeApiAuthTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-api-auth-").FullName;
    private SqliteRegistry _registry = null!;
    private RegistryServer _server = null!;
    private NodeHost _node = null!;
    private HttpClient _api = null!;

    private const ulong MaxReward = 5000;
    private const ulong MaxSteps = 1 << 16;

    public async Task InitializeAsync()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
        _server = await RegistryServer.StartAsync(_registry, new IPEndPoint(IPAddress.Loopback, 0));
        _node = await NodeHost.StartAsync(new NodeOptions
        {
            Name = "api-node", Role = NodeRole.Delegator, Registry = _server.BaseAddress, StarkKey = RegistryCrypto.NewPrivateKey(),
            Api = new IPEndPoint(IPAddress.Loopback, 0), DataDir = Path.Combine(_dir, "node"),
            MaxReward = Amount.From(MaxReward), Executor = new ExecutorOptions { MaxSteps = MaxSteps },
        }, new CairoJobProver(1), TextWriter.Null, default);
        _api = new HttpClient { BaseAddress = _node.ApiAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _node.DisposeAsync();
        await _server.DisposeAsync();
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static StringContent Job(ulong reward, ulong maxSteps) => new(
        "{\"program\": " + FibonacciProgram.Json(10) + $", \"reward\": \"{reward}\", \"deadline_seconds\": 600, \"max_steps\": {maxSteps}}}",
        Encoding.UTF8, "application/json");

    private HttpRequestMessage Post(HttpContent content, string? token)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "v1/jobs") { Content = content };
        if (token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return req;
    }

    private static async Task AssertProblem(HttpResponseMessage r, HttpStatusCode status, string type)
    {
        string text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == status, $"{(int)r.StatusCode}: {text}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(type, JsonDocument.Parse(text).RootElement.GetProperty("title").GetString()!.Replace(' ', '-'));
    }

    [Fact]
    public async Task NodeApi_PostJobWithoutToken_Unauthorized()
    {
        using HttpResponseMessage r = await _api.SendAsync(Post(Job(100, 1024), token: null));
        await AssertProblem(r, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", r.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task NodeApi_WrongToken_Unauthorized()
    {
        string right = _node.ApiToken!.Value;
        // Same length, last character changed; and the right token under another scheme.
        string wrong = right[..^1] + (right[^1] == '0' ? '1' : '0');
        using HttpResponseMessage r = await _api.SendAsync(Post(Job(100, 1024), wrong));
        await AssertProblem(r, HttpStatusCode.Unauthorized, "unauthorized");
        using var basic = Post(Job(100, 1024), null);
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", right);
        using HttpResponseMessage r2 = await _api.SendAsync(basic);
        await AssertProblem(r2, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task NodeApi_RewardOverCap_Refused()
    {
        string token = _node.ApiToken!.Value;
        using HttpResponseMessage r = await _api.SendAsync(Post(Job(MaxReward + 1, 1024), token));
        await AssertProblem(r, HttpStatusCode.BadRequest, "reward-over-cap");
        string detail = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("reward", detail);
        Assert.Contains("--max-reward " + MaxReward, detail);
    }

    [Fact]
    public async Task NodeApi_StepLimitOverCap_Refused()
    {
        using HttpResponseMessage r = await _api.SendAsync(Post(Job(100, MaxSteps + 1), _node.ApiToken!.Value));
        await AssertProblem(r, HttpStatusCode.BadRequest, "steps-over-cap");
        Assert.Contains("--max-steps " + MaxSteps, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NodeApi_AbsurdDeadline_Refused()
    {
        string json = "{\"program\": {}, \"reward\": \"1\", \"deadline_seconds\": 18446744073709551615}";
        using HttpResponseMessage r = await _api.SendAsync(Post(new StringContent(json, Encoding.UTF8, "application/json"), _node.ApiToken!.Value));
        await AssertProblem(r, HttpStatusCode.BadRequest, "bad-deadline");
    }

    [Fact]
    public async Task NodeApi_BindInputWithoutProgramInput_Refused()
    {
        string json = "{\"program\": " + FibonacciProgram.Json(10) + ", \"reward\": \"100\", \"max_steps\": 1024, \"bind_input\": true}";
        using HttpResponseMessage r = await _api.SendAsync(Post(new StringContent(json, Encoding.UTF8, "application/json"), _node.ApiToken!.Value));
        await AssertProblem(r, HttpStatusCode.BadRequest, "bad-bind-input");
    }

    [Fact]
    public async Task NodeApi_BindInput_PublishedHeaderBindsTheInputFelts()
    {
        Assert.True((await _registry.DepositAsync(new Zetina.Registry.Rules.DepositRequest(_node.Address, Amount.From(1_000_000), Zetina.Stark.Field.Felt.Zero, 0, null))).Ok);
        string json = "{\"program\": " + FibonacciProgram.Json(10) + ", \"program_input\": {\"a\": 7, \"b\": [\"0x8\", 9]}, \"reward\": \"100\", \"max_steps\": 1024, \"bind_input\": true}";
        using HttpResponseMessage r = await _api.SendAsync(Post(new StringContent(json, Encoding.UTF8, "application/json"), _node.ApiToken!.Value));
        string text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.Created, text);
        Assert.Equal(3UL, JsonDocument.Parse(text).RootElement.GetProperty("input_length").GetUInt64());
    }

    [Fact]
    public async Task NodeApi_ReadsOnLoopback_OpenWithoutToken()
    {
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("v1/status")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync("health")).StatusCode);
    }

    [Fact]
    public void ApiToken_FirstStart_OwnerOnlyFileOf64Hex()
    {
        string path = Path.Combine(_dir, "node", ApiToken.FileName);
        Assert.Equal(path, _node.ApiToken!.Path);
        string text = File.ReadAllText(path).Trim();
        Assert.Matches("^[0-9a-f]{64}$", text);
        Assert.Equal(text, _node.ApiToken.Value);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
