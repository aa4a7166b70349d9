using System.Text.Json;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;

namespace Zetina.Cairo.Tests.Golden;

/// <summary>Runs a shared case and compares every output the case has a reference for.</summary>
internal static class GoldenRun
{
    public static CairoRunner Run(string caseName, string programFile, CairoLayout layout, bool proofMode, string? programInputFile = null)
    {
        CairoProgram program = ProgramLoader.Load(TestData.Read(caseName, programFile));
        string? input = programInputFile is null ? null : TestData.ReadText(caseName, programInputFile);
        var runner = new CairoRunner(program, new RunOptions { Layout = layout, ProofMode = proofMode, ProgramInputJson = input });
        runner.Run();
        return runner;
    }

    public static void AssertMatches(string caseName, CairoRunner runner)
    {
        using (var ms = new MemoryStream())
        {
            TraceFile.Write(ms, runner.RelocatedTrace);
            TestData.AssertTraceEqual(TestData.Read(caseName, "trace.bin"), ms.ToArray());
        }
        using (var ms = new MemoryStream())
        {
            runner.Memory.Write(ms);
            TestData.AssertMemoryEqual(TestData.Read(caseName, "memory.bin"), ms.ToArray());
        }
        if (TestData.Exists(caseName, "air_public_input.json"))
        {
            Assert.NotNull(runner.Result.PublicInput);
            using JsonDocument e = JsonDocument.Parse(TestData.Read(caseName, "air_public_input.json"));
            using JsonDocument a = JsonDocument.Parse(runner.Result.PublicInput.Serialize());
            TestData.AssertJsonEqual(e.RootElement, a.RootElement, "air_public_input");
        }
        if (TestData.Exists(caseName, "air_private_input.json"))
        {
            using JsonDocument e = JsonDocument.Parse(TestData.Read(caseName, "air_private_input.json"));
            using JsonDocument a = JsonDocument.Parse((runner.PrivateInput() with { TracePath = "trace", MemoryPath = "memory" }).Serialize());
            TestData.AssertJsonEqual(e.RootElement, a.RootElement, "air_private_input", new HashSet<string> { "trace_path", "memory_path" });
        }
    }
}
