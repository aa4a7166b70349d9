using Zetina.Cairo.Run;

namespace Zetina.Cairo.Tests.Golden;

/// <summary>Non-proof-mode runs of the shared plain cases: trace file byte-identical, memory equal as a map.</summary>
public sealed class PlainCaseTests
{
    [Theory]
    [InlineData("c0_struct_plain")]
    [InlineData("c0_lw_simple_program_plain")]
    [InlineData("c0_lw_call_func_plain")]
    [InlineData("c0_lw_fibonacci_5_plain")]
    [InlineData("c0_lw_fibonacci_100_plain")]
    public void PlainCase_RunWithoutProofMode_MatchesReferenceTraceAndMemory(string caseName)
    {
        var runner = GoldenRun.Run(caseName, "program.json", CairoLayout.Plain, proofMode: false);
        GoldenRun.AssertMatches(caseName, runner);
    }
}
