using System.Net;
using Microsoft.AspNetCore.Http;

namespace Zetina.Node.Api;

/// <summary>
/// Which requests to the node API need the bearer token, and whether a request carries it.
/// </summary>
/// <remarks>
/// <para>Every state-changing request (any method but GET and HEAD) needs it, wherever the API listens:
/// <c>POST /v1/jobs</c> spends the node's account, and a page in the operator's browser can POST to a
/// loopback port, but it cannot add an <c>Authorization</c> header to a cross-origin request without a
/// CORS preflight, which the API never grants.</para>
/// <para>Reads (status, jobs, event streams, metrics) stay open on a loopback address — only the machine's
/// own users reach them, and dashboards and <c>curl</c> need no secret. On any other address they need the
/// token too, except <c>GET /health</c>, which tells nothing but that the node is up (for probes), and the
/// dashboard's three static files, which hold no data: the page asks for the token and sends it with every
/// read it makes (docs/node.md, "The dashboard").</para>
/// <para>Serving on a non-loopback address needs a token provisioned before start (a token file given
/// with <c>--api-token-file</c> or already in the data dir): a token minted at that start would be known
/// to no client yet, so the operator could not have meant it.</para>
/// </remarks>
internal sealed class ApiAuthorization
{
    private ApiAuthorization(ApiToken token, bool guardsReads)
    {
        Token = token;
        GuardsReads = guardsReads;
    }

    /// <summary>The token guarded requests must carry.</summary>
    public ApiToken Token { get; }

    /// <summary>True when reads need the token too (the API listens beyond loopback).</summary>
    public bool GuardsReads { get; }

    /// <summary>
    /// The access rules for an API on <paramref name="endpoint"/>, its token from <paramref name="tokenFile"/>,
    /// else <c>dataDir/api-token</c> (created on a loopback API's first start), else — a loopback API without
    /// a data dir — a token for this run only. Throws <see cref="ApiTokenRequiredException"/> for a non-loopback
    /// API with no token provisioned, <see cref="InvalidDataException"/> or <see cref="IOException"/> for a
    /// token file that cannot be used.
    /// </summary>
    public static ApiAuthorization For(IPEndPoint endpoint, string? dataDir, string? tokenFile)
    {
        bool loopback = IPAddress.IsLoopback(endpoint.Address);
        if (tokenFile is not null)
        {
            if (!File.Exists(tokenFile)) throw new FileNotFoundException($"API token file {tokenFile} does not exist ({CreateHint})", tokenFile);
            return new ApiAuthorization(ApiToken.Load(tokenFile), !loopback);
        }
        string? inDataDir = dataDir is null ? null : Path.Combine(dataDir, ApiToken.FileName);
        if (!loopback && (inDataDir is null || !File.Exists(inDataDir)))
            throw new ApiTokenRequiredException(
                $"refusing to serve the node API on {endpoint}, beyond loopback, without a token: anyone who reaches it could spend this node's account. " +
                $"Give --api-token-file F ({CreateHint})" +
                (inDataDir is null ? "." : $", or put one in {inDataDir} (a loopback API's first start with this --data-dir creates it)."));
        if (dataDir is not null) return new ApiAuthorization(ApiToken.LoadOrCreate(dataDir), !loopback);
        return new ApiAuthorization(ApiToken.Generate(), guardsReads: false);
    }

    private const string CreateHint = "create one with `openssl rand -hex 32 > F && chmod 600 F`";

    /// <summary>True when <paramref name="request"/> needs the token.</summary>
    public bool Guards(HttpRequest request)
    {
        bool read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (!read) return true;
        return GuardsReads && !request.Path.Equals("/health", StringComparison.Ordinal) && !Dashboard.DashboardAssets.IsAsset(request.Path);
    }

    /// <summary>True when <paramref name="request"/> carries <c>Authorization: Bearer TOKEN</c> with this node's token (RFC 6750 §2.1).</summary>
    public bool IsAuthorized(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return Token.Matches(header.AsSpan(scheme.Length).Trim());
    }
}
