using System.Net;
using Zetina.Node.Api;
using Zetina.Node.Hosting;
using Zetina.Node.Proving;
using Zetina.Node.Tests.Cli;
using Zetina.Registry.Signing;
using Zetina.Stark.Crypto;

namespace Zetina.Node.Tests.Security;

/// <summary>
/// A node told to serve its API beyond loopback with no token provisioned refuses to start, before it
/// binds anything. The registry URL points at a closed loopback port, so even a regression that got past
/// the check would fail on the registry before listening on the wildcard address.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class NodeApiStartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-api-start-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string KeyFile()
    {
        string path = Path.Combine(_dir, "node.key");
        StarkKeyFile.Save(path, RegistryCrypto.NewPrivateKey());
        return path;
    }

    [Fact]
    public void Node_NonLoopbackApiWithoutToken_RefusedAtStart()
    {
        string dataDir = Path.Combine(_dir, "data");
        var r = ConsoleCapture.Run("node", "--registry", "http://127.0.0.1:9/", "--key", KeyFile(), "--listen", "/ip4/127.0.0.1/tcp/0",
            "--api", "0.0.0.0:0", "--data-dir", dataDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("refusing to serve the node API on 0.0.0.0:0", r.Error);
        Assert.Contains("--api-token-file", r.Error);
        Assert.Contains("openssl rand -hex 32", r.Error);
        Assert.False(File.Exists(Path.Combine(dataDir, ApiToken.FileName)), "a token minted for a public API that no client knows");
    }

    [Fact]
    public async Task NodeHost_NonLoopbackApiWithoutToken_ThrowsBeforeConnecting()
    {
        var options = new NodeOptions
        {
            Registry = new Uri("http://127.0.0.1:9/"), StarkKey = RegistryCrypto.NewPrivateKey(),
            Api = new IPEndPoint(IPAddress.IPv6Any, 0),
        };
        var e = await Assert.ThrowsAsync<ApiTokenRequiredException>(() => NodeHost.StartAsync(options, new CairoJobProver(1), TextWriter.Null, default));
        Assert.Contains("--api-token-file", e.Message);
    }

    [Fact]
    public void Node_ApiTokenFileTooShort_Refused()
    {
        string tokenFile = Path.Combine(_dir, "token");
        File.WriteAllText(tokenFile, "1234\n");
        var r = ConsoleCapture.Run("node", "--registry", "http://127.0.0.1:9/", "--key", KeyFile(), "--listen", "/ip4/127.0.0.1/tcp/0",
            "--api", "0.0.0.0:0", "--api-token-file", tokenFile);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("at least 32", r.Error);
    }
}
