using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Zetina.Node.Api;
using Zetina.Node.Dashboard;
using Zetina.Node.Hosting;
using Zetina.Node.Proving;
using Zetina.Registry.Http;
using Zetina.Registry.Store;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Dashboard;

/// <summary>
/// What the dashboard stands on, without a browser: its files served from the binary with their content types and
/// security headers, the node-wide event stream, the peers and settlements endpoints, and which of them need the token.
/// </summary>
public sealed class DashboardServingTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-dashboard-serve-").FullName;
    private SqliteRegistry _registry = null!;
    private RegistryServer _server = null!;
    private NodeHost _node = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
        _server = await RegistryServer.StartAsync(_registry, new IPEndPoint(IPAddress.Loopback, 0));
        _node = await NodeHost.StartAsync(new NodeOptions
        {
            Name = "node", Role = NodeRole.Both, Registry = _server.BaseAddress, StarkKey = RegistryCrypto.NewPrivateKey(),
            Api = new IPEndPoint(IPAddress.Loopback, 0),
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

    [Theory]
    [InlineData("/", "text/html", "<script src=\"/dashboard.js\"")]
    [InlineData("/dashboard.js", "text/javascript", "followEvents")]
    [InlineData("/dashboard.css", "text/css", "@media (max-width: 700px)")]
    public async Task DashboardFile_ServedFromTheBinary_WithContentTypeAndPolicy(string path, string mediaType, string contains)
    {
        using HttpResponseMessage r = await _api.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(mediaType, r.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", r.Content.Headers.ContentType?.CharSet);
        Assert.Equal(DashboardAssets.ContentSecurityPolicy, string.Join(";", r.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", string.Join(",", r.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains(contains, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public void ContentSecurityPolicy_AllowsNoInlineCodeAndNoOtherOrigin()
    {
        Assert.Contains("default-src 'none'", DashboardAssets.ContentSecurityPolicy);
        Assert.Contains("script-src 'self';", DashboardAssets.ContentSecurityPolicy);
        Assert.Contains("connect-src 'self';", DashboardAssets.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe", DashboardAssets.ContentSecurityPolicy);
    }

    [Fact]
    public async Task EventStream_AllJobs_ReplaysKeptEventsInOrderThenResumesAfterLastEventId()
    {
        Felt a = Felt.FromUInt64(0xa1), b = Felt.FromUInt64(0xb2);
        _node.Events.Add(a, "published", null);
        _node.Events.Add(b, "heard", "reward=5");
        _node.Events.Add(a, "settled", "executor=0x1 output=0x2");

        List<(long Id, string Type, string Data)> first = await ReadEventsAsync(null, 3);
        Assert.Equal(["published", "heard", "settled"], first.ConvertAll(e => e.Type));
        Assert.Contains($"\"job\":\"{b.ToHexString()}\"", first[1].Data);
        Assert.True(first[0].Id < first[1].Id && first[1].Id < first[2].Id);

        _node.Events.Add(b, "proving", "run 0 %");
        List<(long Id, string Type, string Data)> resumed = await ReadEventsAsync(first[1].Id, 2);
        Assert.Equal(["settled", "proving"], resumed.ConvertAll(e => e.Type));
    }

    private async Task<List<(long Id, string Type, string Data)>> ReadEventsAsync(long? lastEventId, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var req = new HttpRequestMessage(HttpMethod.Get, "v1/events");
        if (lastEventId is long id) req.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using HttpResponseMessage r = await _api.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", r.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await r.Content.ReadAsStreamAsync(cts.Token), Encoding.UTF8);
        var events = new List<(long, string, string)>();
        long seq = 0;
        string type = "";
        while (events.Count < count && await reader.ReadLineAsync(cts.Token) is string line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal)) seq = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) events.Add((seq, type, line[6..]));
        }
        return events;
    }

    [Fact]
    public async Task Settlements_RegistryWithNone_EmptyList()
    {
        string json = await _api.GetStringAsync("v1/settlements");
        Assert.Equal("{\"settlements\":[]}", json);
    }

    [Fact]
    public async Task Peers_NodeAlone_EmptyList()
    {
        Assert.Equal("{\"peers\":[]}", await _api.GetStringAsync("v1/peers"));
    }

    [Fact]
    public void Authorization_BeyondLoopback_DashboardFilesOpenDataGuarded()
    {
        string tokenDir = Path.Combine(_dir, "token");
        ApiToken.LoadOrCreate(tokenDir);
        ApiAuthorization access = ApiAuthorization.For(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 8801), tokenDir, null);
        foreach (string open in (string[])["/", "/dashboard.js", "/dashboard.css"])
            Assert.False(access.Guards(Request("GET", open)), open);
        foreach (string guarded in (string[])["/v1/events", "/v1/peers", "/v1/settlements", "/v1/status", "/index.html", "/dashboard.js/x"])
            Assert.True(access.Guards(Request("GET", guarded)), guarded);
        Assert.True(access.Guards(Request("POST", "/")));
    }

    private static HttpRequest Request(string method, string path)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = method;
        ctx.Request.Path = path;
        return ctx.Request;
    }
}
