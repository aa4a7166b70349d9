using System.Net;
using System.Text.Json;
using Zetina.Registry.Http;
using Zetina.Registry.Store;
using Zetina.Registry.Verification;
using Zetina.Stark.Crypto;

namespace Zetina.Node.Tests.Cli;

/// <summary><c>zetina registry …</c> client commands end to end against an in-process registry on a loopback port.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RegistryCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-registry-cli-").FullName;
    private readonly SqliteRegistry _registry;
    private readonly RegistryServer _server;
    private readonly string _url;
    private readonly string _operatorKey;
    private readonly string _aliceKey;

    public RegistryCommandsTests()
    {
        _operatorKey = Path.Combine(_dir, "op.key");
        _aliceKey = Path.Combine(_dir, "alice.key");
        StarkKeyFile.Save(_operatorKey, StarkEcdsa.NewPrivateKey());
        StarkKeyFile.Save(_aliceKey, StarkEcdsa.NewPrivateKey());
        _registry = SqliteRegistry.Open(new RegistryOptions
        {
            DatabasePath = Path.Combine(_dir, "r.db"),
            OperatorKey = StarkEcdsa.PublicKey(StarkKeyFile.Load(_operatorKey)),
        }, RefuseAllVerifier.Instance);
        _server = RegistryServer.StartAsync(_registry, new IPEndPoint(IPAddress.Loopback, 0)).GetAwaiter().GetResult();
        _url = _server.BaseAddress.ToString();
    }

    public void Dispose()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _registry.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Alice => StarkEcdsa.PublicKey(StarkKeyFile.Load(_aliceKey)).ToHexString();

    [Fact]
    public void DepositWithdrawBalanceEvents_OperatorKey_EndToEnd()
    {
        var d = ConsoleCapture.Run("registry", "deposit", "--registry", _url, "--key", _operatorKey, "--account", Alice, "--amount", "1000", "--json");
        Assert.True(d.ExitCode == 0, d.Error);
        using (var doc = JsonDocument.Parse(d.Out))
        {
            Assert.Equal("1000", doc.RootElement.GetProperty("balance").GetString());
            Assert.Equal(1, doc.RootElement.GetProperty("sequence").GetInt64());
        }
        var w = ConsoleCapture.Run("registry", "withdraw", "--registry", _url, "--key", _aliceKey, "--amount", "250");
        Assert.True(w.ExitCode == 0, w.Error);
        Assert.Contains("balance 750", w.Out);

        var b = ConsoleCapture.Run("registry", "balance", "--registry", _url, "--key", _aliceKey, "--json");
        Assert.Equal(0, b.ExitCode);
        using (var doc = JsonDocument.Parse(b.Out))
        {
            Assert.Equal("750", doc.RootElement.GetProperty("balance").GetString());
            Assert.Equal(1UL, doc.RootElement.GetProperty("next_nonce").GetUInt64());
        }
        var e = ConsoleCapture.Run("registry", "events", "--registry", _url, "--json");
        Assert.Equal(0, e.ExitCode);
        Assert.Equal(2, e.Lines.Length);
        Assert.Contains("\"kind\":\"Withdraw\"", e.Lines[1]);
        Assert.True(_registry.Audit().Holds);
    }

    [Fact]
    public void Deposit_UnsignedWithoutFaucet_RefusedExit1WithReason()
    {
        var r = ConsoleCapture.Run("registry", "deposit", "--registry", _url, "--account", "0x5", "--amount", "10");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("MintNotAllowed", r.Error);
        Assert.Equal(0, _registry.LastSequence);
    }

    [Fact]
    public void Withdraw_Overdraw_RefusedExit1()
    {
        var r = ConsoleCapture.Run("registry", "withdraw", "--registry", _url, "--key", _aliceKey, "--amount", "1");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("InsufficientFunds", r.Error);
    }

    [Theory]
    [InlineData("registry", "withdraw", "--registry", "URL", "--key", "ALICE", "--amount", "-5")]
    [InlineData("registry", "withdraw", "--registry", "URL", "--key", "ALICE", "--amount", "1.5")]
    [InlineData("registry", "balance", "--registry", "URL", "--account", "0xzz")]
    [InlineData("registry", "balance", "--registry", "not a url", "--account", "0x1")]
    [InlineData("registry", "balance", "--registry", "URL")]
    [InlineData("registry", "withdraw", "--registry", "URL", "--key", "/nonexistent.key", "--amount", "1")]
    [InlineData("registry", "serve", "--db", "x.db", "--listen", "localhost")]
    [InlineData("registry", "serve", "--db", "x.db", "--listen", "127.0.0.1:0", "--fee-bps", "10001")]
    [InlineData("registry", "events", "--registry", "URL", "--bogus", "1")]
    public void Command_BadInput_OneLineOnStderrExit2(params string[] args)
    {
        for (int i = 0; i < args.Length; i++) args[i] = args[i] switch { "URL" => _url, "ALICE" => _aliceKey, _ => args[i] };
        var r = ConsoleCapture.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, _registry.LastSequence);
    }
}
