using System.Net;
using Microsoft.AspNetCore.Http;
using Zetina.Node.Api;

namespace Zetina.Node.Tests.Security;

/// <summary>Which requests need the token, decided without binding anything (tests listen on loopback only).</summary>
public sealed class ApiAuthorizationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-api-rules-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static HttpRequest Request(string method, string path, string? authorization = null)
    {
        var ctx = new DefaultHttpContext();
        ctx.Request.Method = method;
        ctx.Request.Path = path;
        if (authorization is not null) ctx.Request.Headers.Authorization = authorization;
        return ctx.Request;
    }

    [Fact]
    public void NodeApi_ReadsBeyondLoopback_NeedTokenExceptHealth()
    {
        ApiToken.LoadOrCreate(_dir);
        ApiAuthorization access = ApiAuthorization.For(new IPEndPoint(IPAddress.Parse("10.1.2.3"), 8801), _dir, null);
        Assert.True(access.Guards(Request("GET", "/v1/status")));
        Assert.True(access.Guards(Request("GET", "/v1/jobs/0x1/events")));
        Assert.True(access.Guards(Request("GET", "/metrics")));
        Assert.False(access.Guards(Request("GET", "/health")));
        Assert.True(access.Guards(Request("POST", "/v1/jobs")));
    }

    [Fact]
    public void NodeApi_Loopback_GuardsWritesOnly()
    {
        ApiAuthorization access = ApiAuthorization.For(new IPEndPoint(IPAddress.IPv6Loopback, 8801), _dir, null);
        Assert.False(access.Guards(Request("GET", "/v1/status")));
        Assert.True(access.Guards(Request("POST", "/v1/jobs")));
        Assert.True(access.Guards(Request("DELETE", "/v1/jobs/0x1")));
        Assert.True(File.Exists(Path.Combine(_dir, ApiToken.FileName)));
    }

    [Fact]
    public void NodeApi_BearerSchemeAnyCase_TokenMustMatchExactly()
    {
        ApiAuthorization access = ApiAuthorization.For(new IPEndPoint(IPAddress.Loopback, 8801), _dir, null);
        string token = access.Token.Value;
        Assert.True(access.IsAuthorized(Request("POST", "/v1/jobs", "Bearer " + token)));
        Assert.True(access.IsAuthorized(Request("POST", "/v1/jobs", "bearer " + token)));
        Assert.False(access.IsAuthorized(Request("POST", "/v1/jobs", "Bearer " + token.ToUpperInvariant())));
        Assert.False(access.IsAuthorized(Request("POST", "/v1/jobs", "Bearer " + token + "0")));
        Assert.False(access.IsAuthorized(Request("POST", "/v1/jobs", "Bearer " + token[..^1])));
        Assert.False(access.IsAuthorized(Request("POST", "/v1/jobs", "Bearer ")));
        Assert.False(access.IsAuthorized(Request("POST", "/v1/jobs")));
    }

    [Fact]
    public void NodeApi_TokenFileGiven_UsedBeyondLoopback()
    {
        string file = Path.Combine(_dir, "token");
        File.WriteAllText(file, new string('a', 64) + "\n");
        ApiAuthorization access = ApiAuthorization.For(new IPEndPoint(IPAddress.Any, 8801), null, file);
        Assert.Equal(new string('a', 64), access.Token.Value);
        Assert.True(access.GuardsReads);
    }
}
