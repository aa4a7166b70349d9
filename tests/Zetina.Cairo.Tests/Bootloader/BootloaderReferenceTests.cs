using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Tests.Golden;

namespace Zetina.Cairo.Tests.Bootloader;

/// <summary>
/// cairo-lang's bootloader (0.13.0, compiled) running one RunProgramTask (the shared fibonacci program), as the
/// shared reference run was made: single_page false, simple bootloader hash 0, no verifier hashes, one plain
/// packed output, starknet_with_keccak, proof mode. Our run must reproduce every reference file.
/// </summary>
public sealed class BootloaderReferenceTests
{
    private const string Case = "c0_bootloader_program_fibonacci_starknet_with_keccak";

    /// <summary>The reference run's bootloader input (not in the shared folder: rebuilt from what MANIFEST.md says of it).</summary>
    internal static string ReferenceInput() => $$"""
        {
          "tasks": [ { "type": "RunProgramTask", "program": {{TestData.ReadText(Case, "task_program.json")}}, "program_input": {}, "use_poseidon": false } ],
          "single_page": false,
          "fact_topologies_path": null,
          "bootloader_config": { "simple_bootloader_program_hash": 0, "supported_cairo_verifier_program_hashes": [] },
          "packed_outputs": [ { "type": "Plain", "subtasks": [] } ]
        }
        """;

    internal static CairoRunner RunReference()
    {
        CairoProgram bootloader = ProgramLoader.Load(TestData.Read(Case, "bootloader.json"));
        var runner = new CairoRunner(bootloader, new RunOptions { Layout = CairoLayout.StarknetWithKeccak, ProofMode = true, ProgramInputJson = ReferenceInput() });
        runner.Run();
        return runner;
    }

    [Fact]
    public void Bootloader_FibonacciProgramTask_MatchesEveryReferenceFile()
    {
        CairoRunner runner = RunReference();
        Assert.Equal(65536, runner.RelocatedTrace.Length);
        GoldenRun.AssertMatches(Case, runner);
    }
}
