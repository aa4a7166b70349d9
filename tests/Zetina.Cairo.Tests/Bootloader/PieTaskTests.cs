using System.Text.Json;
using Zetina.Cairo.Air;
using Zetina.Cairo.Bootloader;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Bootloader;

/// <summary>
/// The shared PIEs (Cairo 0 and Cairo 1) run as tasks of cairo-lang's bootloader in proof mode: the bootloader's
/// output must carry the program hash of each PIE's program (computed here with <see cref="ProgramHash"/>, apart
/// from the bootloader's hints) and the output the PIE itself recorded.
/// </summary>
public sealed class PieTaskTests
{
    private const string BootloaderCase = "c0_bootloader_program_fibonacci_starknet_with_keccak";

    internal static CairoProgram Bootloader() => ProgramLoader.Load(TestData.Read(BootloaderCase, "bootloader.json"));

    internal static CairoRunner RunBootloader(BootloaderInput input)
    {
        var runner = new CairoRunner(Bootloader(), new RunOptions { Layout = CairoLayout.StarknetWithKeccak, ProofMode = true, BootloaderInput = input });
        runner.Run();
        return runner;
    }

    internal static CairoPie ReadPie(string caseName) => CairoPie.Read(new MemoryStream(TestData.Read(caseName, "cairo_pie.zip")));

    /// <summary>The PIE's output: its output builtin segment's cells in offset order (none without an output builtin).</summary>
    internal static List<Felt> RecordedOutput(CairoPie pie)
    {
        var cells = new SortedDictionary<long, Felt>();
        foreach (var kv in pie.BuiltinSegments)
        {
            if (kv.Key != "output") continue;
            foreach (var cell in pie.Memory)
                if (cell.Key.Segment == kv.Value.Index) cells[cell.Key.Offset] = cell.Value.Felt;
        }
        return [.. cells.Values];
    }

    internal static Felt ExpectedHash(CairoPie pie)
    {
        var words = new Felt[pie.ProgramData.Length];
        for (int i = 0; i < words.Length; i++) words[i] = pie.ProgramData[i].Felt;
        return ProgramHash.Compute((ulong)pie.Main, pie.Builtins, words);
    }

    [Theory]
    [InlineData("pie_fibonacci_nohint_nobuiltins")]
    [InlineData("pie_fibonacci_hint_recursive_with_poseidon")]
    [InlineData("c1_pie_noop_output")]
    [InlineData("c1_pie_bitwise_output")]
    [InlineData("c1_pie_ec_op_range_check")]
    public void Bootloader_PieTask_OutputsTheProgramHashAndThePieOutput(string caseName)
    {
        CairoPie pie = ReadPie(caseName);
        CairoRunner runner = RunBootloader(BootloaderInput.Plain(new PieTask(pie, UsePoseidon: false)));

        List<Felt> recorded = RecordedOutput(pie);
        List<Felt> output = runner.Output();
        // [simple bootloader hash, hash of no verifier hashes, n_tasks, size, program hash, task output…]
        Assert.Equal(5 + recorded.Count, output.Count);
        Assert.Equal(Felt.Zero, output[0]);
        Assert.Equal(Felt.One, output[2]);
        Assert.Equal((Felt)(ulong)(2 + recorded.Count), output[3]);
        Assert.Equal(ExpectedHash(pie), output[4]);
        Assert.Equal(recorded, output[5..]);
        Assert.Equal(0, runner.RelocatedTrace.Length & (runner.RelocatedTrace.Length - 1));
    }

    /// <summary>
    /// The task's output cells go on page 1 of the public memory (single_page false), the bootloader's header and
    /// the task's (size, hash) prefix on page 0; the fact topology file says one page of the task's output size.
    /// </summary>
    [Fact]
    public void Bootloader_PieTaskWithOutput_PutsTheTaskOutputOnPageOneAndWritesItsTopology()
    {
        string dir = Directory.CreateTempSubdirectory("zetina-bootloader-").FullName;
        try
        {
            string pieFile = Path.Combine(dir, "task.zip");
            File.WriteAllBytes(pieFile, TestData.Read("c1_pie_noop_output", "cairo_pie.zip"));
            string topologies = Path.Combine(dir, "fact_topologies.json");
            string json = $$"""
                { "tasks": [ { "type": "CairoPiePath", "path": "task.zip", "use_poseidon": false } ],
                  "single_page": false, "fact_topologies_path": "fact_topologies.json",
                  "bootloader_config": { "simple_bootloader_program_hash": 0, "supported_cairo_verifier_program_hashes": [] },
                  "packed_outputs": [ { "type": "Plain", "subtasks": [] } ] }
                """;
            BootloaderInput input = BootloaderInputReader.Read(json, dir);
            CairoRunner runner = RunBootloader(input);

            MemorySegment outSeg = runner.Result.PublicInput.Segment("output");
            var pages = runner.Result.PublicInput.PublicMemory.Where(e => e.Address >= outSeg.BeginAddr && e.Address < outSeg.StopPtr).Select(e => e.Page).ToList();
            Assert.Equal([0, 0, 0, 0, 0, 1], pages);

            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(topologies));
            JsonElement t = Assert.Single(doc.RootElement.GetProperty("fact_topologies").EnumerateArray());
            Assert.Equal([1L, 0L], t.GetProperty("tree_structure").EnumerateArray().Select(x => x.GetInt64()));
            Assert.Equal([1L], t.GetProperty("page_sizes").EnumerateArray().Select(x => x.GetInt64()));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Two PIE tasks in one run: each gets its (size, hash) prefix and its output, in task order.</summary>
    [Fact]
    public void Bootloader_TwoPieTasks_OutputsBothInOrder()
    {
        CairoPie a = ReadPie("pie_fibonacci_hint_recursive_with_poseidon"), b = ReadPie("c1_pie_bitwise_output");
        CairoRunner runner = RunBootloader(BootloaderInput.Plain(new PieTask(a, false), new PieTask(b, false)));
        List<Felt> expected = [(Felt)2UL, (Felt)(ulong)(2 + RecordedOutput(a).Count), ExpectedHash(a), .. RecordedOutput(a),
            (Felt)(ulong)(2 + RecordedOutput(b).Count), ExpectedHash(b), .. RecordedOutput(b)];
        Assert.Equal(expected, runner.Output()[2..]);
    }

    /// <summary>
    /// The layout chooser avoids starknet_with_keccak's padding: each shared PIE's bootloader run takes fewer steps than
    /// there, the output is the same, and every builtin the chosen layout lacks is an empty segment of the statement.
    /// </summary>
    [Theory]
    [InlineData("pie_fibonacci_nohint_nobuiltins")]
    [InlineData("pie_fibonacci_hint_recursive_with_poseidon")]
    [InlineData("c1_pie_noop_output")]
    [InlineData("c1_pie_bitwise_output")]
    [InlineData("c1_pie_ec_op_range_check")]
    public void BootloaderLayout_PieTask_RunsInFewerStepsThanStarknetWithKeccakWithTheSameOutput(string caseName)
    {
        CairoPie pie = ReadPie(caseName);
        BootloaderInput input = BootloaderInput.Plain(new PieTask(pie, UsePoseidon: false));
        CairoRunner chosen = BootloaderLayout.RunInSmallest(Bootloader(), input, long.MaxValue);
        CairoRunner keccakLayout = RunBootloader(input);

        Assert.True(chosen.Steps < keccakLayout.Steps, $"{chosen.Options.Layout.Name}: {chosen.Steps} steps, starknet_with_keccak {keccakLayout.Steps}");
        Assert.Equal(keccakLayout.Output(), chosen.Output());
        foreach (string builtin in Bootloader().Builtins)
        {
            Assert.True(chosen.Result.PublicInput.TryGetSegment(builtin, out MemorySegment seg), $"no '{builtin}' segment");
            if (!chosen.Options.Layout.Has(builtin)) Assert.Equal(0UL, seg.Used);
        }
    }

    /// <summary>A task that uses a builtin the layout lacks fails, naming it, instead of padding forever for cells it cannot have.</summary>
    [Fact]
    public void EmptySegmentsForMissingBuiltins_TaskWritesAMissingBuiltin_FailsNamingIt()
    {
        CairoPie pie = ReadPie("c1_pie_ec_op_range_check");
        var runner = new CairoRunner(Bootloader(), BootloaderLayout.Options(CairoLayout.Small, BootloaderInput.Plain(new PieTask(pie, false)), long.MaxValue));
        var e = Assert.Throws<Zetina.Cairo.Errors.CairoException>(runner.Run);
        Assert.Equal(Zetina.Cairo.Errors.CairoErrorKind.UnknownBuiltin, e.Kind);
        Assert.Contains("ec_op", e.Message);
        Assert.Contains("'small'", e.Message);
    }
}
