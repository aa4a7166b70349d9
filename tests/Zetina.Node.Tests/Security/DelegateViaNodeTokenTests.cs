using System.Net;
using Zetina.Cairo.Program;
using Zetina.Node.Api;
using Zetina.Node.Hosting;
using Zetina.Node.Proving;
using Zetina.Node.Tests.Cli;
using Zetina.Registry.Http;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Security;

/// <summary><c>zetina delegate --node</c> against a node whose API wants its token: sent from the node's token file, or refused without it.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class DelegateViaNodeTokenTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-delegate-token-").FullName;
    private SqliteRegistry _registry = null!;
    private RegistryServer _server = null!;
    private NodeHost _node = null!;
    private string _program = null!;
    private string _key = null!;

    public async Task InitializeAsync()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
        _server = await RegistryServer.StartAsync(_registry, new IPEndPoint(IPAddress.Loopback, 0));
        _node = await NodeHost.StartAsync(new NodeOptions
        {
            Name = "api-node", Role = NodeRole.Delegator, Registry = _server.BaseAddress, StarkKey = RegistryCrypto.NewPrivateKey(),
            Api = new IPEndPoint(IPAddress.Loopback, 0), DataDir = Path.Combine(_dir, "node"),
        }, new CairoJobProver(1), TextWriter.Null, default);
        var funded = await _registry.DepositAsync(new DepositRequest(_node.Address, Amount.From(1_000_000), Felt.Zero, 0, null));
        Assert.True(funded.Ok, funded.Message);
        _program = Path.Combine(_dir, "fib.json");
        File.WriteAllText(_program, FibonacciProgram.Json(10));
        _key = Path.Combine(_dir, "me.key");
        StarkKeyFile.Save(_key, RegistryCrypto.NewPrivateKey());
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _server.DisposeAsync();
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private ConsoleCapture.Result Delegate(params string[] extra) => ConsoleCapture.Run([
        "delegate", _program, "--reward", "100", "--key", _key, "--registry", _server.BaseAddress.ToString(),
        "--node", _node.ApiAddress!.ToString(), "--max-steps", "4096", "--deadline", "60", .. extra]);

    [Fact]
    public void DelegateViaNode_NodesTokenFile_Published()
    {
        var r = Delegate("--api-token-file", Path.Combine(_dir, "node", ApiToken.FileName));
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Matches("^job 0x[0-9a-f]+$", r.Lines[0]);
    }

    [Fact]
    public void DelegateViaNode_NoToken_RefusedWith401()
    {
        var r = Delegate();
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("(401)", r.Error);
    }
}
