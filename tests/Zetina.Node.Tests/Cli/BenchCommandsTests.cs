using System.Text.Json;
using Zetina.Node.Bench;

namespace Zetina.Node.Tests.Cli;

/// <summary>The bench command's argument checks and its JSON line format (the suite itself is not run here).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BenchCommandsTests
{
    [Theory]
    [InlineData("bench", "field", "--threads", "0")]
    [InlineData("bench", "field", "--threads", "x")]
    [InlineData("bench", "field", "--bogus")]
    [InlineData("bench", "field", "extra")]
    public void BenchField_BadArguments_Exit2(params string[] args)
    {
        var r = ConsoleCapture.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void BenchResult_Serialized_HasDesignFieldNamesAndOmitsMissingLogSize()
    {
        string json = JsonSerializer.Serialize(new BenchResult("field", "felt_mul", null, 2, "ns/op", 9.5), BenchJsonContext.Default.BenchResult);
        Assert.Equal("{\"suite\":\"field\",\"name\":\"felt_mul\",\"threads\":2,\"unit\":\"ns/op\",\"value\":9.5}", json);
        string withSize = JsonSerializer.Serialize(new BenchResult("stark", "ntt", 20, 1, "ms", 97.4), BenchJsonContext.Default.BenchResult);
        Assert.Contains("\"log_size\":20", withSize);
    }
}
