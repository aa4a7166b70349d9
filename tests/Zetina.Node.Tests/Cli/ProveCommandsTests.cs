using Zetina.Tests.Shared;

namespace Zetina.Node.Tests.Cli;

/// <summary><c>zetina prove</c> and <c>zetina verify</c> end to end on cairo-run's files of a 16384-step Cairo 0 proof-mode run.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ProveCommandsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-prove-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ProveThenVerify_FromCairoRunFiles_ValidOnlyForTheBoundExecutor()
    {
        string d = RepoPaths.SharedFile("testdata", "cairo", "c0_fibonacci_hint_recursive");
        string proof = Path.Combine(_dir, "proof.json");
        var p = ConsoleCapture.Run("prove", "--trace_file", Path.Combine(d, "trace.bin"), "--memory_file", Path.Combine(d, "memory.bin"),
            "--air_public_input", Path.Combine(d, "air_public_input.json"), "--air_private_input", Path.Combine(d, "air_private_input.json"),
            "--program", Path.Combine(d, "program_nonproof.json"),
            "--job-id", "0x7", "--executor", "0xabc", "--threads", "2", "-o", proof);
        Assert.True(p.ExitCode == 0, p.Error);
        Assert.Contains("prove:", p.Error);
        Assert.StartsWith("program hash 0x", p.Out);

        var ok = ConsoleCapture.Run("verify", proof, "--job-id", "0x7", "--executor", "0xabc");
        Assert.True(ok.ExitCode == 0, ok.Out + ok.Error);
        Assert.Contains("output        [0xa, 0x90]", ok.Out);
        Assert.Contains("n_steps       16384", ok.Out);
        Assert.Contains("layout        recursive", ok.Out);

        var other = ConsoleCapture.Run("verify", proof, "--job-id", "0x7", "--executor", "0xabd", "--json");
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("\"valid\":false", other.Out);

        var wrongHash = ConsoleCapture.Run("verify", proof, "--expected-program-hash", "0x1");
        Assert.Equal(1, wrongHash.ExitCode);
    }

    [Fact]
    public void Prove_CairoOneRunFiles_RefusedBeforeProvingExitTwo()
    {
        string d = RepoPaths.SharedFile("testdata", "cairo", "c1_stone_e2e_fibonacci_small");
        var p = ConsoleCapture.Run("prove", "--trace_file", Path.Combine(d, "trace.bin"), "--memory_file", Path.Combine(d, "memory.bin"),
            "--air_public_input", Path.Combine(d, "air_public_input.json"), "-o", Path.Combine(_dir, "proof.json"));
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("EntryCodeMissing", p.Error);
        Assert.DoesNotContain("trace:", p.Error); // refused before the trace was built
        Assert.False(File.Exists(Path.Combine(_dir, "proof.json")));
    }

    [Fact]
    public void Prove_ProgramWithoutLayout_ProvesInTheChosenLayout()
    {
        string program = Path.Combine(_dir, "fib.json"), proof = Path.Combine(_dir, "proof.json");
        File.WriteAllText(program, Zetina.Cairo.Program.FibonacciProgram.Json(10));
        var p = ConsoleCapture.Run("prove", program, "--threads", "2", "-o", proof);
        Assert.True(p.ExitCode == 0, p.Error);
        Assert.Contains("layout: small (auto: the smallest layout with the program's builtins: output)\n", p.Error);
        var ok = ConsoleCapture.Run("verify", proof);
        Assert.True(ok.ExitCode == 0, ok.Out + ok.Error);
        Assert.Contains("layout        small", ok.Out);
    }

    [Fact]
    public void Prove_MissingOutput_ExitsTwo()
    {
        var r = ConsoleCapture.Run("prove", "--trace_file", "x");
        Assert.Equal(2, r.ExitCode);
    }
}
