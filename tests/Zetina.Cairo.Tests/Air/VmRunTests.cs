using Zetina.Cairo.Air;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Air;

public sealed class VmRunTests
{
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x1234567890abcdef1234567890abcdef"), Felt.Parse("0x777777777777777777"), Felt.Parse("0x3141592653589793238462643383279"));

    [Fact]
    public void BenchProgram_ProofModeRun_PassesTheTraceChecker()
    {
        var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(10)), new RunOptions { ProofMode = true, Layout = CairoLayout.Plain });
        runner.Run();
        CairoRun run = runner.Result;
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
        CairoRun run = CairoRun.FromFiles(Path.Combine(dir, "trace.bin"), Path.Combine(dir, "memory.bin"), Path.Combine(dir, "air_public_input.json"));
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        var air = new CairoAir(new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = default });
        Assert.Empty(CairoTraceChecker.Check(air, t, s_ch));
    }
}

public sealed class RangeCheckProgramTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Prove_RangeCheckBuiltinProgramInSmallLayout_VerifiesAndChecksTheCell()
    {
        var runner = new CairoRunner(BenchProgram.RangeCheck(0x8000_0005UL), new RunOptions { ProofMode = true, Layout = CairoLayout.Small });
        runner.Run();
        CairoRun run = runner.Result;
        Assert.Equal(1UL, run.PublicInput.Segment("range_check").Used);
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        Assert.True(t.Shape.RangeCheckBuiltin);
        output.WriteLine($"{run.Trace.Length} steps, shape {t.Shape}, {t.Shape.MainWidth} main columns");
        var binding = new CairoBinding(Felt.One, 2UL);
        CairoProof proof = CairoProver.Prove(run, binding, maxThreads: 2);
        CairoVerifyResult r = CairoVerifier.Verify(proof.ToJsonBytes(), binding);
        Assert.True(r.IsValid, r.Message);
        Assert.Equal("small", r.Layout);
        Assert.Equal(CairoStatementRules.ProofMode, r.Rules);

        // The same run with the range-checked cell moved above 2^128 cannot be laid out.
        ulong cell = run.PublicInput.Segment("range_check").BeginAddr;
        var big = new CairoRun(run.Trace, run.Memory.With(cell, Felt.Parse("0x100000000000000000000000000000000")), run.PublicInput, 0, []);
        Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(big.Trace, big.Memory, big.PublicInput));
    }
}
