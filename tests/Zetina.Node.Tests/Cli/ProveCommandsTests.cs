using Zetina.Tests.Shared;

namespace Zetina.Node.Tests.Cli;

/// <summary><c>zetina prove</c> and <c>zetina verify</c> end to end on cairo-run's files of a 512-step Cairo 1 run.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ProveCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-prove-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ProveThenVerify_FromCairoRunFiles_ValidOnlyForTheBoundExecutor()
    {
        string d = RepoPaths.SharedFile("testdata", "cairo", "c1_stone_e2e_fibonacci_small");
        string proof = Path.Combine(_dir, "proof.json");
        var p = ConsoleCapture.Run("prove", "--trace_file", Path.Combine(d, "trace.bin"), "--memory_file", Path.Combine(d, "memory.bin"),
            "--air_public_input", Path.Combine(d, "air_public_input.json"), "--air_private_input", Path.Combine(d, "air_private_input.json"),
            "--job-id", "0x7", "--executor", "0xabc", "--threads", "2", "-o", proof);
        Assert.True(p.ExitCode == 0, p.Error);
        Assert.Contains("prove:", p.Error);
        Assert.StartsWith("program hash 0x", p.Out);

        var ok = ConsoleCapture.Run("verify", proof, "--job-id", "0x7", "--executor", "0xabc");
        Assert.True(ok.ExitCode == 0, ok.Out + ok.Error);
        Assert.Contains("output        [0x59]", ok.Out);
        Assert.Contains("n_steps       512", ok.Out);
        Assert.Contains("layout        small", ok.Out);

        var other = ConsoleCapture.Run("verify", proof, "--job-id", "0x7", "--executor", "0xabd", "--json");
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("\"valid\":false", other.Out);

        var wrongHash = ConsoleCapture.Run("verify", proof, "--expected-program-hash", "0x1");
        Assert.Equal(1, wrongHash.ExitCode);
    }

    [Fact]
    public void Prove_MissingOutput_ExitsTwo()
    {
        var r = ConsoleCapture.Run("prove", "--trace_file", "x");
        Assert.Equal(2, r.ExitCode);
    }
}
