using System.Net;
using Zetina.Registry.Client;
using Zetina.Registry.Http;

namespace Zetina.Registry.Tests.Support;

/// <summary>A <see cref="RegistryFixture"/> served over HTTP on a free loopback port, with a raw HttpClient and a <see cref="RegistryClient"/>.</summary>
internal sealed class HttpFixture : IAsyncDisposable
{
    public RegistryFixture Registry { get; }
    public RegistryServer Server { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public RegistryClient Client { get; private set; } = null!;

    private HttpFixture(RegistryFixture registry) => Registry = registry;

    public static async Task<HttpFixture> StartAsync(int feeBps = 250, bool devFaucet = true,
        Func<Store.RegistryOptions, Store.RegistryOptions>? configure = null, Verification.IProofVerifier? verifier = null)
    {
        var f = new HttpFixture(new RegistryFixture(feeBps, devFaucet, configure, verifier));
        f.Server = await RegistryServer.StartAsync(f.Registry.Registry, new IPEndPoint(IPAddress.Loopback, 0));
        f.Http = NewHttpClient(f.Server.BaseAddress);
        f.Client = new RegistryClient(f.Http);
        await f.Client.ConnectAsync();
        return f;
    }

    public static HttpClient NewHttpClient(Uri baseAddress) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Registry.Dispose();
    }
}
