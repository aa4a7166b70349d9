using Zetina.Cairo.Air;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Air;

public sealed class VmRunTests
{
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x1234567890abcdef1234567890abcdef"), Felt.Parse("0x777777777777777777"), Felt.Parse("0x3141592653589793238462643383279"));

    [Fact]
    public void BenchProgram_ProofModeRun_PassesTheTraceChecker()
    {
        var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(10)), new RunOptions { ProofMode = true, Layout = Zetina.Cairo.Layouts.Layouts.Plain });
        runner.Run();
        CairoRunInput run = CairoRunInput.FromRunner(runner);
        Assert.Equal(1024, run.Trace.Length);
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        var air = new CairoAir(new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = default });
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.True(f.Count == 0, string.Join("\n", f.Take(20)));
    }

    [Theory]
    [InlineData("c1_stone_e2e_fibonacci_small")]
    public void ReferenceCase_FromFiles_PassesTheTraceChecker(string name)
    {
        string dir = Zetina.Tests.Shared.RepoPaths.SharedFile("testdata", "cairo", name);
        CairoRunInput run = CairoRunInput.FromFiles(Path.Combine(dir, "trace.bin"), Path.Combine(dir, "memory.bin"), Path.Combine(dir, "air_public_input.json"));
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        var air = new CairoAir(new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = default });
        Assert.Empty(CairoTraceChecker.Check(air, t, s_ch));
    }
}
