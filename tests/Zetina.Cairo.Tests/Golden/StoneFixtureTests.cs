using System.Text;
using System.Text.Json;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;

namespace Zetina.Cairo.Tests.Golden;

/// <summary>
/// Stone's <c>cpu_air_test_instructions</c> fixture (4 instructions, plain layout, n_steps 32). It has no compiled
/// JSON: the program is the public memory at addresses 1..8 (<c>__start__</c> at 0, <c>__end__</c>'s
/// <c>jmp rel 0</c> at 6). cairo-lang's padding rule stops this program at 4 steps (the next power of two, with
/// enough range-check and memory cells); the fixture's 32 steps come from asking cairo-run for them
/// (<c>--min_steps 32</c> or <c>--steps 32</c>), which pads with the same <c>jmp rel 0</c>.
/// </summary>
public sealed class StoneFixtureTests
{
    private const string Case = "c0_stone_cpu_air_test_instructions_plain";

    private static CairoProgram FixtureProgram()
    {
        using JsonDocument pub = JsonDocument.Parse(TestData.Read(Case, "air_public_input.json"));
        var words = new List<string>();
        foreach (JsonElement e in pub.RootElement.GetProperty("public_memory").EnumerateArray())
            if (e.GetProperty("address").GetInt64() is >= 1 and <= 8) words.Add("\"" + e.GetProperty("value").GetString() + "\"");
        Assert.Equal(8, words.Count);
        string json = """
            {"prime": "0x800000000000011000000000000000000000000000000000000000000000001",
             "data": [DATA], "builtins": [], "hints": {}, "main_scope": "__main__",
             "identifiers": {"__main__.__start__": {"type": "label", "pc": 0}, "__main__.__end__": {"type": "label", "pc": 6}},
             "reference_manager": {"references": []}, "attributes": [], "debug_info": null}
            """.Replace("DATA", string.Join(", ", words), StringComparison.Ordinal);
        return ProgramLoader.Load(Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public void CpuAirTestInstructions_MinSteps32_MatchesTheFixture()
    {
        var runner = new CairoRunner(FixtureProgram(), new RunOptions { ProofMode = true, MinSteps = 32 });
        runner.Run();
        Assert.Equal(32, runner.RelocatedTrace.Length);
        GoldenRun.AssertMatches(Case, runner);
    }

    [Fact]
    public void CpuAirTestInstructions_Steps32_MatchesTheFixture()
    {
        var runner = new CairoRunner(FixtureProgram(), new RunOptions { ProofMode = true, Steps = 32 });
        runner.Run();
        GoldenRun.AssertMatches(Case, runner);
    }

    [Fact]
    public void CpuAirTestInstructions_DefaultPadding_StopsAtFourStepsWithTheFixturesFirstRows()
    {
        var runner = new CairoRunner(FixtureProgram(), new RunOptions { ProofMode = true });
        runner.Run();
        Assert.Equal(4, runner.RelocatedTrace.Length);
        using var ms = new MemoryStream();
        TraceFile.Write(ms, runner.RelocatedTrace);
        Assert.Equal(TestData.Read(Case, "trace.bin").AsSpan(0, 4 * 24).ToArray(), ms.ToArray());
    }

    [Fact]
    public void Steps_TooFewForTheProgram_IsAMaxStepsError()
    {
        var runner = new CairoRunner(FixtureProgram(), new RunOptions { ProofMode = true, Steps = 2 });
        Assert.ThrowsAny<Zetina.Cairo.Errors.MaxStepsExceededException>(runner.Run);
    }
}
