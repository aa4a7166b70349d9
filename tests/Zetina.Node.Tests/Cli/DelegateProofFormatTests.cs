using Zetina.Cairo.Program;

namespace Zetina.Node.Tests.Cli;

/// <summary><c>zetina delegate --proof-format</c>: an unknown format is a usage error naming the accepted ones, before anything is published.</summary>
public sealed class DelegateProofFormatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-format-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData("stark")]
    [InlineData("Stone")]
    [InlineData("")]
    public void Delegate_UnknownProofFormat_OneLineNamingTheAcceptedOnesAndExit2(string format)
    {
        string program = Path.Combine(_dir, "fib.json");
        File.WriteAllText(program, FibonacciProgram.Json(5));
        var r = ConsoleCapture.Run("delegate", program, "--reward", "100", "--key", Path.Combine(_dir, "none.key"),
            "--registry", "http://127.0.0.1:1/", "--bootstrap", "/ip4/127.0.0.1/tcp/1", "--proof-format", format);
        Assert.Equal(2, r.ExitCode);
        string line = Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--proof-format", line);
        Assert.Contains("native, stone", line);
    }
}
