using Zetina.Cairo.Bootloader;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;

namespace Zetina.Cairo.Tests.Bootloader;

/// <summary>Bootloader inputs that cannot be run are refused with <see cref="CairoErrorKind.BadBootloaderInput"/> naming what is wrong.</summary>
public sealed class BadBootloaderInputTests
{
    private const string Tail = """
        "single_page": false,
        "bootloader_config": { "simple_bootloader_program_hash": 0, "supported_cairo_verifier_program_hashes": [] },
        "packed_outputs": [ { "type": "Plain" } ] }
        """;

    private static CairoException Refusal(string json) =>
        Assert.ThrowsAny<CairoException>(() => BootloaderInputReader.Read(json, Path.GetTempPath()));

    [Fact]
    public void Read_UnknownTaskType_NamesTheType()
    {
        CairoException e = Refusal("""{ "tasks": [ { "type": "Cairo1Executable", "path": "x.json" } ], """ + Tail);
        Assert.Equal(CairoErrorKind.BadBootloaderInput, e.Kind);
        Assert.Contains("tasks[0]: unknown task type \"Cairo1Executable\"", e.Message);
    }

    [Fact]
    public void Read_PiePathToNoFile_NamesThePath()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-such-pie-{Guid.NewGuid():N}.zip");
        CairoException e = Refusal($$"""{ "tasks": [ { "type": "CairoPiePath", "path": "{{missing.Replace("\\", "\\\\")}}", "use_poseidon": false } ], """ + Tail);
        Assert.Equal(CairoErrorKind.BadBootloaderInput, e.Kind);
        Assert.Contains($"no PIE at {missing}", e.Message);
    }

    [Fact]
    public void Read_PieTaskWithoutPath_SaysPathIsMissing()
    {
        CairoException e = Refusal("""{ "tasks": [ { "type": "CairoPiePath", "use_poseidon": false } ], """ + Tail);
        Assert.Equal(CairoErrorKind.BadBootloaderInput, e.Kind);
        Assert.Contains("tasks[0] has no 'path'", e.Message);
    }

    [Fact]
    public void Read_PiePathToACorruptPie_RefusedWithThePieDefectInside()
    {
        string file = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.zip");
        File.WriteAllText(file, "not a zip");
        try
        {
            CairoException e = Refusal($$"""{ "tasks": [ { "type": "CairoPiePath", "path": "{{Path.GetFileName(file)}}" } ], """ + Tail);
            Assert.Equal(CairoErrorKind.BadBootloaderInput, e.Kind);
            Assert.IsType<MalformedPieException>(e.InnerException);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("{ \"tasks\": [ ")]
    [InlineData("not json")]
    public void Read_MalformedJson_SaysNotValidJson(string json)
    {
        CairoException e = Refusal(json);
        Assert.Equal(CairoErrorKind.BadBootloaderInput, e.Kind);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void Read_MoreTasksThanPackedOutputs_SaysBothCounts()
    {
        string task = """{ "type": "CairoPiePath", "path": "x.zip" }""";
        CairoException e = Assert.ThrowsAny<CairoException>(() => BootloaderInputReader.Read(
            """{ "tasks": [], "single_page": false, "bootloader_config": { "simple_bootloader_program_hash": 0, "supported_cairo_verifier_program_hashes": [] }, "packed_outputs": [ { "type": "Plain" } ] }""",
            Path.GetTempPath()));
        Assert.Contains("0 tasks and 1 packed outputs", e.Message);
        Assert.Contains("no PIE", Refusal("{ \"tasks\": [ " + task + " ], " + Tail).Message);
    }

    [Fact]
    public void Read_UnknownPackedOutputType_NamesIt()
    {
        CairoException e = Refusal("""
            { "tasks": [], "bootloader_config": { "simple_bootloader_program_hash": 0, "supported_cairo_verifier_program_hashes": [] },
              "packed_outputs": [ { "type": "Nested" } ] }
            """);
        Assert.Contains("packed_outputs[0]: unknown packed output type \"Nested\"", e.Message);
    }

    /// <summary>Through a whole run: the bootloader's first hint refuses the input, with its pc, and nothing else runs.</summary>
    [Fact]
    public void Run_BootloaderWithUnknownTaskType_FailsAtTheInputHintWithBadBootloaderInput()
    {
        var runner = new Zetina.Cairo.Runner.CairoRunner(PieTaskTests.Bootloader(), new RunOptions
        {
            Layout = CairoLayout.StarknetWithKeccak, ProofMode = true,
            ProgramInputJson = """{ "tasks": [ { "type": "Mystery" } ], """ + Tail,
        });
        CairoException e = Assert.ThrowsAny<CairoException>(runner.Run);
        Assert.Equal(CairoErrorKind.BadBootloaderInput, e.Kind);
        Assert.NotNull(e.Pc);
        Assert.Contains("unknown task type \"Mystery\"", e.Message);
    }
}
