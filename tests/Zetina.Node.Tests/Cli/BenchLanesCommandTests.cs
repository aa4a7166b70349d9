using Zetina.Node.Tests.EndToEnd;

namespace Zetina.Node.Tests.Cli;

/// <summary>
/// <c>zetina bench prove --lanes</c>'s arguments, run as its own process so that the exit code and the message are
/// what a user sees. (The measurement itself proves a 2^17-step run for minutes; docs/benchmarks.md has its figures.)
/// </summary>
public sealed class BenchLanesCommandTests
{
    [Theory]
    [InlineData(new[] { "bench", "prove", "--case", "x" }, "--case goes with --lanes or --format stone")]
    [InlineData(new[] { "bench", "prove", "--lanes", "--case", "/nonexistent-case-dir" }, "--lanes: no such case directory '/nonexistent-case-dir'")]
    [InlineData(new[] { "bench", "prove", "--lanes", "--log-steps", "10" }, "--lanes takes no --log-steps or --stone-proof")]
    public async Task BenchProveLanes_BadArguments_AreUsageErrorsWithExitTwo(string[] args, string message)
    {
        using var p = new ZetinaProcess("bench-lanes", args);
        Assert.True(await p.WaitForExitAsync(TimeSpan.FromSeconds(60)), "zetina did not exit within 60 s");
        Assert.Equal(2, p.ExitCode);
        Assert.Contains(message, p.Stderr);
    }

    [Fact]
    public async Task BenchProveLanes_CaseWithoutProgram_SaysWhatIsMissing()
    {
        string dir = Directory.CreateTempSubdirectory("zetina-lanes-").FullName;
        try
        {
            using var p = new ZetinaProcess("bench-lanes", "bench", "prove", "--lanes", "--case", dir);
            Assert.True(await p.WaitForExitAsync(TimeSpan.FromSeconds(60)), "zetina did not exit within 60 s");
            Assert.Equal(2, p.ExitCode);
            Assert.Contains($"--lanes: no program.json(.gz) in '{dir}'", p.Stderr);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
