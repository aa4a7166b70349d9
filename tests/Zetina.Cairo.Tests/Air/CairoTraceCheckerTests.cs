using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Files;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Air;

public sealed class CairoTraceCheckerTests
{
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x1234567890abcdef1234567890abcdef"), Felt.Parse("0x777777777777777777"), Felt.Parse("0x3141592653589793238462643383279"));

    private static List<ConstraintFailure> Check(ReferenceRun run, RegisterState[]? trace = null, MemoryImage? memory = null, AirPublicInput? pi = null)
    {
        pi ??= run.PublicInput;
        CairoTrace t = CairoTraceBuilder.Build(trace ?? run.Trace, memory ?? run.Memory, pi);
        var air = new CairoAir(t.Shape, CairoBoundary.From(pi));
        Felt[][] inter = CairoTraceBuilder.BuildInteraction(t, s_ch);
        return CairoTraceChecker.Check(air, t, inter, s_ch);
    }

    [Theory]
    [InlineData("c0_stone_cpu_air_test_instructions_plain")]
    [InlineData("c1_stone_e2e_fibonacci_small")]
    [InlineData("c1_dipdup_fibonacci_small")]
    [InlineData("c0_fibonacci_hint_recursive")]
    public void Check_ReferenceRun_NoFailures(string name)
    {
        List<ConstraintFailure> f = Check(ReferenceRun.Load(name));
        Assert.True(f.Count == 0, string.Join("\n", f.Take(20)));
    }

    [Fact]
    public void Check_RegisterChanged_ReportsTheStep()
    {
        ReferenceRun run = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        RegisterState[] t = (RegisterState[])run.Trace.Clone();
        // Step 10's ap moved by one: its operands move too, so the update from step 9 fails.
        t[10] = t[10] with { Ap = t[10].Ap + 1 };
        List<ConstraintFailure> f;
        try { f = Check(run, trace: t); }
        catch (CairoTraceException) { return; } // reading an unwritten cell is also a rejection
        Assert.Contains(f, x => x.Row == 9 && x.Constraint == "next_ap");
    }

    [Fact]
    public void Check_MemoryCellChanged_ReportsFailure()
    {
        ReferenceRun run = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        // An execution-segment cell written by the program (fib values live there), changed by one.
        ulong addr = run.PublicInput.Segment("execution").BeginAddr + 10;
        Assert.True(run.Memory.TryGet(addr, out Felt v));
        List<ConstraintFailure> f = Check(run, memory: run.Memory.With(addr, v + Felt.One));
        Assert.NotEmpty(f);
    }

    [Fact]
    public void Check_PublicOutputEdited_FailsMemoryProduct()
    {
        ReferenceRun run = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        AirPublicInput pi = run.PublicInput;
        var pub = pi.PublicMemory.ToList();
        int last = pub.Count - 1; // the output cell
        pub[last] = pub[last] with { Value = pub[last].Value + Felt.One };
        var edited = new AirPublicInput { Layout = pi.Layout, RcMin = pi.RcMin, RcMax = pi.RcMax, NSteps = pi.NSteps, MemorySegments = pi.MemorySegments, PublicMemory = pub };
        // The honest trace checked against the edited public memory: the product's end value differs.
        CairoTrace t = run.BuildTrace();
        var air = new CairoAir(t.Shape, CairoBoundary.From(edited));
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, CairoTraceBuilder.BuildInteraction(t, s_ch), s_ch);
        Assert.Contains(f, x => x.Constraint == "memory_public");
        // And the builder refuses to lay out a run whose memory disagrees with the claimed public memory.
        Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(run.Trace, run.Memory, edited));
    }

    [Fact]
    public void Build_NonProofModeTrace_Throws()
    {
        string dir = Zetina.Tests.Shared.RepoPaths.SharedFile("testdata", "cairo", "c0_lw_fibonacci_5_plain");
        RegisterState[] t = TraceFile.Read(Path.Combine(dir, "trace.bin"));
        MemoryImage m = MemoryImage.Read(Path.Combine(dir, "memory.bin"));
        var pi = new AirPublicInput { Layout = "plain", RcMin = 0, RcMax = 65535, NSteps = t.Length, MemorySegments = [], PublicMemory = [] };
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(t, m, pi));
        Assert.Contains("power of two", e.Message);
    }
}
