using Zetina.Node.Cli;
using Zetina.Registry.Signing;
using Zetina.Stark.Crypto;

namespace Zetina.Node.Tests.Cli;

/// <summary><c>zetina node --config</c>: the file under the flags, and one line naming the key for a bad file.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class NodeConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-config-").FullName;
    private readonly string _key;

    public NodeConfigTests()
    {
        _key = Path.Combine(_dir, "node.key");
        StarkKeyFile.Save(_key, RegistryCrypto.NewPrivateKey());
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string Config(string extra)
    {
        string path = Path.Combine(_dir, "node.json");
        File.WriteAllText(path, "{\"registry\": \"http://127.0.0.1:9/\", \"key\": \"" + _key.Replace("\\", "\\\\") + "\"" + extra + "}");
        return path;
    }

    [Fact]
    public void Node_UnknownConfigKey_ExitTwoWithOneLineNamingTheKey()
    {
        var r = ConsoleCapture.Run("node", "--config", Config(", \"max_qeue\": 8"));
        Assert.Equal(2, r.ExitCode);
        string[] lines = r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("unknown key 'max_qeue'", lines[0]);
    }

    [Fact]
    public void Node_BadConfigValue_ExitTwoWithOneLineNamingTheKey()
    {
        var r = ConsoleCapture.Run("node", "--config", Config(", \"max_queue\": 0"));
        Assert.Equal(2, r.ExitCode);
        string[] lines = r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains("key 'max_queue'", lines[0]);
        Assert.Contains("'0'", lines[0]);
    }

    [Fact]
    public void Node_BadConfigReward_ErrorNamesTheKeyNotAFlag()
    {
        var r = ConsoleCapture.Run("node", "--config", Config(", \"min_reward\": \"lots\""));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("key 'min_reward'", r.Error);
        Assert.DoesNotContain("--min-reward", r.Error);
    }

    [Fact]
    public void NodeSettings_FlagAndFile_FlagOverridesFileAndFileOverridesDefault()
    {
        string path = Config(", \"max_queue\": 8, \"min_reward\": 50, \"min_reward_per_mstep\": 2.5, \"role\": \"executor\", \"listen\": [\"/ip4/127.0.0.1/tcp/0\"]");
        var args = CliArgs.Parse(["--config", path, "--max-queue", "3"], ["gpu"]);
        NodeSettings s = NodeSettings.From(args);
        Assert.Equal(3, s.Options.Executor.MaxQueue);
        Assert.Equal("50", s.Options.Executor.MinReward.ToString());
        Assert.Equal(2.5, s.Options.Executor.MinRewardPerMstep);
        Assert.Equal(Hosting.NodeRole.Executor, s.Options.Role);
        Assert.Equal("/ip4/127.0.0.1/tcp/0", Assert.Single(s.Options.Listen).ToString());
        Assert.Equal(1, s.Options.Executor.MaxConcurrent);
    }

    [Fact]
    public void NodeSettings_Optimize_DefaultSpeedFileSizeFlagWins()
    {
        Assert.Equal(Zetina.Stark.Parameters.ProofOptimization.Speed, NodeSettings.From(CliArgs.Parse(["--config", Config("")], [])).Optimize);
        string path = Config(", \"optimize\": \"size\"");
        Assert.Equal(Zetina.Stark.Parameters.ProofOptimization.Size, NodeSettings.From(CliArgs.Parse(["--config", path], [])).Optimize);
        Assert.Equal(Zetina.Stark.Parameters.ProofOptimization.Speed,
            NodeSettings.From(CliArgs.Parse(["--config", path, "--optimize", "speed"], [])).Optimize);
    }

    [Fact]
    public void Node_BadOptimizeValue_ExitTwoNamingTheKey()
    {
        var r = ConsoleCapture.Run("node", "--config", Config(", \"optimize\": \"small\""));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("key 'optimize'", r.Error);
        Assert.Contains("speed or size", r.Error);
    }

    [Fact]
    public void NodeSettings_NoRegistryAnywhere_NamesFlagAndKey()
    {
        string path = Path.Combine(_dir, "empty.json");
        File.WriteAllText(path, "{}");
        var e = Assert.Throws<CliUsageException>(() => NodeSettings.From(CliArgs.Parse(["--config", path], [])));
        Assert.Contains("--registry", e.Message);
        Assert.Contains("'registry'", e.Message);
    }

    [Fact]
    public void NodeConfigFile_Keys_AreTheNodeFlagsInSnakeCase()
    {
        var keys = new HashSet<string>(Hosting.NodeConfigFile.Keys);
        foreach (string k in (string[])["registry", "key", "min_reward", "min_reward_per_mstep", "max_concurrent", "max_queue", "max_steps", "max_reward", "gpu"])
            Assert.Contains(k, keys);
        Assert.DoesNotContain("Values", keys);
    }
}
