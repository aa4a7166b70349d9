using System.Text.Json.Nodes;
using Zetina.Cairo.Air;
using Zetina.Cairo.Bootloader;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Program;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Bootloader;

/// <summary>
/// Task program hashes with <c>use_poseidon: true</c>. The shared 0.13.0 bootloader's Cairo code already branches on
/// <c>use_poseidon</c> (Poseidon's <c>poseidon_hash_many</c> over the same chain), but its hint sets the flag to 0;
/// cairo-lang 0.13.1 changed only the hints, to read the task's flag and check the hash with either function. Hints
/// are not part of the program hash, so the test swaps in the 0.13.1 hint texts and leaves the bytecode as it is:
/// the word the bootloader writes is then computed by its own Cairo code through the poseidon builtin, and is
/// compared with <see cref="ProgramHash.ComputePoseidon"/> over the PIE's program.
/// </summary>
public sealed class PoseidonTaskHashTests
{
    private static readonly Lazy<CairoProgram> s_poseidonBootloader = new(LoadWithPoseidonHints);

    /// <summary>The shared bootloader with its two 0.13.0 hash hints replaced by 0.13.1's; fails if either is absent.</summary>
    private static CairoProgram LoadWithPoseidonHints()
    {
        JsonNode root = JsonNode.Parse(TestData.Read("c0_bootloader_program_fibonacci_starknet_with_keccak", "bootloader.json"))!;
        int flagHints = 0, checkHints = 0;
        foreach (var (_, list) in root["hints"]!.AsObject())
        {
            foreach (JsonNode? hint in list!.AsArray())
            {
                string code = HintProcessor.Normalize(hint!["code"]!.GetValue<string>());
                if (code == HintProcessor.Normalize(SimpleBootloaderHints.UsePoseidonZero))
                {
                    hint["code"] = SimpleBootloaderHints.UsePoseidonOfTask;
                    flagHints++;
                }
                else if (code == HintProcessor.Normalize(ExecuteTaskHints.ValidateHash))
                {
                    hint["code"] = ExecuteTaskHints.ValidateHashWithPoseidon;
                    checkHints++;
                }
            }
        }
        Assert.Equal(1, flagHints);
        Assert.Equal(1, checkHints);
        return ProgramLoader.Load(System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()));
    }

    private static Felt ExpectedPoseidonHash(CairoPie pie)
    {
        var words = new Felt[pie.ProgramData.Length];
        for (int i = 0; i < words.Length; i++) words[i] = pie.ProgramData[i].Felt;
        return ProgramHash.ComputePoseidon((ulong)pie.Main, pie.Builtins, words);
    }

    [Theory]
    [InlineData("pie_fibonacci_nohint_nobuiltins")]
    [InlineData("pie_fibonacci_hint_recursive_with_poseidon")]
    [InlineData("c1_pie_noop_output")]
    [InlineData("c1_pie_bitwise_output")]
    [InlineData("c1_pie_ec_op_range_check")]
    public void Bootloader_PieTaskWithPoseidon_WritesComputePoseidonOfTheProgram(string caseName)
    {
        CairoPie pie = PieTaskTests.ReadPie(caseName);
        CairoRunner runner = BootloaderLayout.RunInSmallest(s_poseidonBootloader.Value, BootloaderInput.Plain(new PieTask(pie, UsePoseidon: true)), long.MaxValue);

        List<Felt> output = runner.Output();
        Assert.Equal(ExpectedPoseidonHash(pie), output[4]);
        Assert.NotEqual(PieTaskTests.ExpectedHash(pie), output[4]);
        Assert.Equal(PieTaskTests.RecordedOutput(pie), output[5..]);
        Assert.True(runner.Result.PublicInput.Segment("poseidon").Used > 0, "the hash went through the poseidon builtin");
    }

    /// <summary>Two tasks, one hashed each way, in one run: each flag is the task's own.</summary>
    [Fact]
    public void Bootloader_TasksWithEachHash_WritesEachTasksOwnHash()
    {
        CairoPie a = PieTaskTests.ReadPie("c1_pie_noop_output"), b = PieTaskTests.ReadPie("pie_fibonacci_nohint_nobuiltins");
        CairoRunner runner = BootloaderLayout.RunInSmallest(s_poseidonBootloader.Value, BootloaderInput.Plain(new PieTask(a, true), new PieTask(b, false)), long.MaxValue);
        List<Felt> output = runner.Output();
        int sizeA = 2 + PieTaskTests.RecordedOutput(a).Count, second = 3 + sizeA;
        Assert.Equal((Felt)(ulong)sizeA, output[3]);
        Assert.Equal(ExpectedPoseidonHash(a), output[4]);
        Assert.Equal(PieTaskTests.ExpectedHash(b), output[second + 1]);
    }
}
