using System.Text.Json.Nodes;
using Zetina.Tests.Shared;

namespace Zetina.Node.Tests.Cli;

/// <summary><c>zetina prove --format stone</c>: Stone's proof file from cairo-run's files, accepted by <c>zetina verify</c>.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class StoneProveCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-stone-prove-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Case(string file) => RepoPaths.SharedFile("testdata", "cairo", "c0_stone_cpu_air_test_instructions_plain", file);

    [Fact]
    public void Prove_PlainFiles_DefaultParameters_VerifiesAndCopiesThePublicInput()
    {
        string proof = Path.Combine(_dir, "proof.json");
        var r = ConsoleCapture.Run("prove", "--format", "stone", "--trace_file", Case("trace.bin"), "--memory_file", Case("memory.bin"),
            "--air_public_input", Case("air_public_input.json"), "-o", proof);
        Assert.True(r.ExitCode == 0, r.Out + r.Error);
        AssertPhaseLines(r.Error, "interpolate", "trace commitment", "composition", "OODS", "DEEP", "FRI", "proof of work", "decommitment");
        var v = ConsoleCapture.Run("verify", proof);
        Assert.True(v.ExitCode == 0, v.Out + v.Error);
        Assert.Contains("valid (Stone proof)", v.Out);
        JsonNode written = JsonNode.Parse(File.ReadAllText(proof))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Case("air_public_input.json"))), written["public_input"]));
        Assert.Equal("poseidon3", written["proof_parameters"]!["channel_hash"]!.GetValue<string>());
    }

    [Fact]
    public void Prove_Program_InStoneFormat_SaysWhichDefaultsAndVerifiesWithIntegrityParameters()
    {
        string program = Path.Combine(_dir, "fib.json"), proof = Path.Combine(_dir, "proof.json");
        File.WriteAllText(program, Zetina.Cairo.Program.FibonacciProgram.Json(10));
        var r = ConsoleCapture.Run("prove", program, "--format", "stone", "--threads", "2", "-o", proof);
        Assert.True(r.ExitCode == 0, r.Out + r.Error);
        Assert.Contains("parameters: none given, so 96-bit ones Integrity accepts, chosen for proving speed: blowup 2, 76 queries, 20 grinding bits", r.Error);
        AssertPhaseLines(r.Error, "interpolate", "trace commitment", "interaction", "composition", "OODS", "DEEP", "FRI", "proof of work", "decommitment");
        var v = ConsoleCapture.Run("verify", proof);
        Assert.True(v.ExitCode == 0, v.Out + v.Error);
        Assert.Contains("layout        small", v.Out);
        Assert.Contains("security bits 96", v.Out);
        Assert.Contains("integrity     parameters accepted", v.Out);
    }

    /// <summary>Each prover phase is reported on stderr as one "  name: seconds s" line, in pipeline order.</summary>
    private static void AssertPhaseLines(string stderr, params string[] phases)
    {
        int at = 0;
        foreach (string phase in phases)
        {
            System.Text.RegularExpressions.Match m = new System.Text.RegularExpressions.Regex(
                $@"(?m)^  {System.Text.RegularExpressions.Regex.Escape(phase)}: \d+[.,]\d\d s\r?$").Match(stderr, at);
            Assert.True(m.Success, $"no line for phase '{phase}' after offset {at} in:\n{stderr}");
            at = m.Index + m.Length;
        }
    }

    [Fact]
    public void Prove_Program_InALayoutStoneLacks_IsAUsageError()
    {
        string program = Path.Combine(_dir, "fib.json");
        File.WriteAllText(program, Zetina.Cairo.Program.FibonacciProgram.Json(10));
        var r = ConsoleCapture.Run("prove", program, "--format", "stone", "--layout", "all_cairo", "-o", Path.Combine(_dir, "p.json"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has no Stone prover here", r.Error);
        Assert.False(File.Exists(Path.Combine(_dir, "p.json")));
    }

    [Fact]
    public void Prove_UnknownFormat_IsAUsageError()
    {
        var r = ConsoleCapture.Run("prove", "--format", "cairo0", "--trace_file", Case("trace.bin"), "-o", Path.Combine(_dir, "p.json"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--format", r.Error);
    }
}
