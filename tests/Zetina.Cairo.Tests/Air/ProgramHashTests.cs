using System.Text.Json;
using Zetina.Cairo.Air;
using Zetina.Stark.Field;
using Zetina.Tests.Shared;

namespace Zetina.Cairo.Tests.Air;

public sealed class ProgramHashTests
{
    [Fact]
    public void Compute_BootloaderTaskProgram_MatchesTheBootloadersOutput()
    {
        // The StarkWare bootloader ran task_program.json and wrote its program hash to its output (last cell).
        string dir = RepoPaths.SharedFile("testdata", "cairo", "c0_bootloader_program_fibonacci_starknet_with_keccak");
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "task_program.json")));
        var data = doc.RootElement.GetProperty("data").EnumerateArray().Select(e => Felt.Parse(e.GetString()!)).ToArray();
        Felt h = ProgramHash.Compute(0, [], data);
        Assert.Equal(Felt.Parse("0x43b17e9592f33142246af4c06cd2b574b460dd1f718d76b51341175a62b220f"), h);
    }

    [Fact]
    public void Bytecode_SmallCase_IsTheProgramPrefixOfThePublicMemory()
    {
        ReferenceRun run = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        Felt[] code = ProgramHash.Bytecode(run.PublicInput);
        Assert.Equal(28, code.Length);
        Assert.Equal(Felt.Parse("0x1104800180018000"), code[0]);
    }

    [Fact]
    public void Compute_OneWordChanged_Differs()
    {
        Felt[] a = [1UL, 2UL, 3UL];
        Felt[] b = [1UL, 2UL, 4UL];
        Assert.NotEqual(ProgramHash.Compute(0, [], a), ProgramHash.Compute(0, [], b));
        Assert.NotEqual(ProgramHash.Compute(0, [], a), ProgramHash.Compute(0, ["output"], a));
    }
}
