using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Zetina.Node.Dashboard;

/// <summary>
/// The dashboard's three files (<c>index.html</c>, <c>dashboard.js</c>, <c>dashboard.css</c>), embedded in the
/// binary and served by the node API at <c>/</c>, <c>/dashboard.js</c> and <c>/dashboard.css</c> (docs/node.md,
/// "The dashboard").
/// </summary>
/// <remarks>
/// Read once from the assembly's manifest resources — no file system, no reflection beyond
/// <see cref="Assembly.GetManifestResourceStream(string)"/>, which native AOT keeps. Every answer carries a
/// Content-Security-Policy that lets the page load only these files and talk only to the node that served it: the
/// page shows data from peers (job ids, outputs, reasons), and it writes all of it as text, so the policy is the
/// second wall, not the first.
/// </remarks>
internal sealed class DashboardAssets
{
    /// <summary>
    /// Scripts, styles and requests from this origin only; no inline code, no frames, no forms, no plugins
    /// (CSP Level 3). <c>img-src data:</c> is for the page's empty icon (<c>data:,</c>), which keeps the browser
    /// from asking for a <c>/favicon.ico</c> the node does not have; the plot is SVG built through the DOM.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The request paths the dashboard is served at, each with its resource and content type.</summary>
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
        ("/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
    ];

    private readonly Dictionary<string, (byte[] Bytes, string ContentType)> _byPath;

    private DashboardAssets(Dictionary<string, (byte[] Bytes, string ContentType)> byPath) => _byPath = byPath;

    /// <summary>The files read from this assembly; throws <see cref="InvalidOperationException"/> when one is missing (a broken build).</summary>
    public static DashboardAssets Load()
    {
        Assembly assembly = typeof(DashboardAssets).Assembly;
        var byPath = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach ((string path, string resource, string contentType) in Files)
        {
            string name = ResourcePrefix + resource;
            using Stream stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"the dashboard file {name} is not embedded in {assembly.GetName().Name}");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            byPath[path] = (copy.ToArray(), contentType);
        }
        return new DashboardAssets(byPath);
    }

    /// <summary>The manifest name prefix the project gives the files (<c>LogicalName</c> in Zetina.Node.csproj).</summary>
    public const string ResourcePrefix = "dashboard/";

    /// <summary>True when <paramref name="path"/> is one of the dashboard's files: public, since they hold no data.</summary>
    public static bool IsAsset(PathString path)
    {
        foreach ((string p, _, _) in Files) if (path.Equals(p, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The paths to map.</summary>
    public IEnumerable<string> Paths => _byPath.Keys;

    /// <summary>Writes the file at the request's path with its content type and the page's security headers.</summary>
    public Task ServeAsync(HttpContext ctx)
    {
        (byte[] bytes, string contentType) = _byPath[ctx.Request.Path.Value ?? "/"];
        IHeaderDictionary h = ctx.Response.Headers;
        h.ContentSecurityPolicy = ContentSecurityPolicy;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h.CacheControl = "no-cache";
        ctx.Response.ContentType = contentType;
        ctx.Response.ContentLength = bytes.Length;
        return HttpMethods.IsHead(ctx.Request.Method) ? Task.CompletedTask : ctx.Response.Body.WriteAsync(bytes).AsTask();
    }
}
