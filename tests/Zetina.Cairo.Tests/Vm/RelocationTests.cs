using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;

namespace Zetina.Cairo.Tests.Vm;

public sealed class RelocationTests
{
    [Fact]
    public void StructPlain_SingleRet_RelocatesSegmentsBackToBackFromAddressOne()
    {
        CairoProgram p = ProgramLoader.Load(TestData.Read("c0_struct_plain", "program.json"));
        var runner = new CairoRunner(p, new RunOptions());
        runner.Run();
        // program (1 cell) at 1, execution (2 cells) at 2, then the empty return_fp and end segments both at 4.
        Assert.Equal([1L, 2L, 4L, 4L], runner.RelocationTable.ToArray());
        Assert.Equal(3, runner.Memory.Count);
        Assert.True(runner.Memory.TryGet(2, out var fpValue));
        Assert.Equal(4UL, (ulong)fpValue.ToBigInteger());
        Assert.Equal(new RegisterState(4, 4, 1), Assert.Single(runner.RelocatedTrace));
    }

    [Fact]
    public void ProofMode_NonProofProgram_GetsTheSixWordHeaderAndShiftedHints()
    {
        CairoProgram p = ProgramLoader.Load(TestData.Read("c0_fibonacci_hint_recursive", "program_nonproof.json"));
        CairoProgram q = p.WithProofModeHeader();
        Assert.Equal(p.Data.Length + 6, q.Data.Length);
        Assert.Equal(0, q.Start);
        Assert.Equal(4, q.End);
        Assert.Equal(4, q.Data[1].Felt.ToBigInteger());
        foreach (int pc in p.Hints.Keys) Assert.True(q.Hints.ContainsKey(pc + 6));
    }
}
