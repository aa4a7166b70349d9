using System.Text.Json;
using Zetina.Tests.Shared;

namespace Zetina.Node.Tests.Cli;

/// <summary><c>zetina run</c>'s step-count flags, cairo-run's <c>--steps</c> and <c>--min_steps</c>.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunCommandTests
{
    /// <summary>Stone's 4-instruction fixture as a program file: its public memory at addresses 1..8.</summary>
    private static string WriteFixtureProgram(string dir)
    {
        string pubPath = RepoPaths.SharedFile("testdata", "cairo", "c0_stone_cpu_air_test_instructions_plain", "air_public_input.json");
        using JsonDocument pub = JsonDocument.Parse(File.ReadAllBytes(pubPath));
        var words = new List<string>();
        foreach (JsonElement e in pub.RootElement.GetProperty("public_memory").EnumerateArray())
            if (e.GetProperty("address").GetInt64() is >= 1 and <= 8) words.Add("\"" + e.GetProperty("value").GetString() + "\"");
        string json = "{\"prime\": \"0x800000000000011000000000000000000000000000000000000000000000001\", \"data\": [" + string.Join(", ", words) +
            "], \"builtins\": [], \"hints\": {}, \"main_scope\": \"__main__\", \"identifiers\": {\"__main__.__start__\": {\"type\": \"label\", \"pc\": 0}, " +
            "\"__main__.__end__\": {\"type\": \"label\", \"pc\": 6}}, \"reference_manager\": {\"references\": []}, \"attributes\": [], \"debug_info\": null}";
        string path = Path.Combine(dir, "program.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void Run_MinSteps32_WritesStonesFixtureTrace()
    {
        string dir = Directory.CreateTempSubdirectory("zetina-run-").FullName;
        try
        {
            string program = WriteFixtureProgram(dir), trace = Path.Combine(dir, "trace.bin");
            var r = ConsoleCapture.Run("run", program, "--proof_mode", "--min-steps", "32", "--trace_file", trace);
            Assert.Equal(0, r.ExitCode);
            byte[] expected = File.ReadAllBytes(RepoPaths.SharedFile("testdata", "cairo", "c0_stone_cpu_air_test_instructions_plain", "trace.bin"));
            Assert.Equal(expected, File.ReadAllBytes(trace));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Run_NoLayoutGiven_ChoosesSmallestLayoutAndPrintsIt()
    {
        string dir = Directory.CreateTempSubdirectory("zetina-run-").FullName;
        try
        {
            string program = Path.Combine(dir, "fib.json");
            File.WriteAllText(program, Zetina.Cairo.Program.FibonacciProgram.Json(10));
            var r = ConsoleCapture.Run("run", program, "--print_output");
            Assert.True(r.ExitCode == 0, r.Error);
            Assert.Equal("layout: small (auto: the smallest layout with the program's builtins: output)\n", r.Error);
            Assert.Contains("Program output:", r.Out);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Run_BitwiseProgramWithoutLayout_ChoosesRecursive()
    {
        string program = RepoPaths.SharedFile("testdata", "cairo", "c0_stwo_bitwise_all_cairo", "program.json");
        var r = ConsoleCapture.Run("run", program, "--proof_mode");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("layout: recursive (auto", r.Error);
    }

    [Fact]
    public void Run_ExplicitLayout_WinsAndPrintsNoChoice()
    {
        string program = RepoPaths.SharedFile("testdata", "cairo", "c0_stwo_bitwise_all_cairo", "program.json");
        var r = ConsoleCapture.Run("run", program, "--proof_mode", "--layout", "all_cairo");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.DoesNotContain("layout:", r.Error);

        var small = ConsoleCapture.Run("run", program, "--layout", "small");
        Assert.Equal(2, small.ExitCode);
        Assert.Contains("does not have: bitwise", small.Error);
    }

    [Fact]
    public void Run_UnknownLayout_IsAUsageErrorNamingAuto()
    {
        string program = RepoPaths.SharedFile("testdata", "cairo", "c0_stwo_bitwise_all_cairo", "program.json");
        var r = ConsoleCapture.Run("run", program, "--layout", "huge");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown layout 'huge' (known: auto, plain", r.Error);
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--min_steps", "x")]
    public void Run_BadStepCount_IsAUsageError(string flag, string value)
    {
        var r = ConsoleCapture.Run("run", "missing.json", flag, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(flag.TrimStart('-'), r.Error);
    }

    [Fact]
    public void Run_StepsAndMinStepsTogether_IsAUsageError()
    {
        var r = ConsoleCapture.Run("run", "missing.json", "--steps", "8", "--min_steps", "8");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cannot be both specified", r.Error);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("prove")]
    public void ProgramInput_NotJson_OneLineNamingTheFileExit2(string command)
    {
        string dir = Directory.CreateTempSubdirectory("zetina-input-").FullName;
        try
        {
            string program = WriteFixtureProgram(dir), input = Path.Combine(dir, "input.json");
            File.WriteAllText(input, "{\"tasks\": [");
            string[] args = command == "run"
                ? ["run", program, "--proof_mode", "--program_input", input]
                : ["prove", program, "--program_input", input, "-o", Path.Combine(dir, "proof.json")];
            var r = ConsoleCapture.Run(args);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("--program_input", r.Error);
            Assert.Contains(input, r.Error);
            Assert.Contains("not valid JSON", r.Error);
            Assert.False(File.Exists(Path.Combine(dir, "proof.json")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
