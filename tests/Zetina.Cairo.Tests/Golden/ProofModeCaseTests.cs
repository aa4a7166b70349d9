using Zetina.Cairo.Run;

namespace Zetina.Cairo.Tests.Golden;

/// <summary>Proof-mode runs of shared cases: trace, memory, air public and private input.</summary>
public sealed class ProofModeCaseTests
{
    [Fact]
    public void FibonacciHintRecursive_NonProofProgramInProofMode_MatchesReferenceFiles()
    {
        const string c = "c0_fibonacci_hint_recursive";
        var runner = GoldenRun.Run(c, "program_nonproof.json", CairoLayout.Recursive, proofMode: true, programInputFile: "program_input.json");
        Assert.Equal(16384, runner.RelocatedTrace.Length);
        GoldenRun.AssertMatches(c, runner);
        Assert.Equal(["0xa", "0x90"], runner.Output().ConvertAll(f => f.ToHexString()));
    }

    [Theory]
    [InlineData("c0_stwo_bitwise_all_cairo")]
    [InlineData("c0_stwo_range_check96_all_cairo")]
    [InlineData("c0_stwo_pedersen_all_cairo")]
    [InlineData("c0_stwo_all_builtins_all_cairo")]
    public void StwoAllCairoCase_ProofMode_MatchesReferenceFiles(string caseName)
    {
        var runner = GoldenRun.Run(caseName, "program.json", CairoLayout.AllCairo, proofMode: true);
        GoldenRun.AssertMatches(caseName, runner);
    }
}

