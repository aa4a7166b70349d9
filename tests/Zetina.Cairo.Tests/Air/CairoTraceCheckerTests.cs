using Zetina.Cairo.Air;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Air;

public sealed class CairoTraceCheckerTests
{
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x1234567890abcdef1234567890abcdef"), Felt.Parse("0x777777777777777777"), Felt.Parse("0x3141592653589793238462643383279"));

    private static List<ConstraintFailure> Check(ReferenceRun run, RegisterState[]? trace = null, MemoryImage? memory = null, AirPublicInput? pi = null)
    {
        pi ??= run.PublicInput;
        CairoTrace t = CairoTraceBuilder.Build(trace ?? run.Trace, memory ?? run.Memory, pi);
        return CairoTraceChecker.Check(ReferenceRun.AirFor(t, pi), t, s_ch);
    }

    [Theory]
    [InlineData("c0_stone_cpu_air_test_instructions_plain")]
    [InlineData("c1_stone_e2e_fibonacci_small")]
    [InlineData("c1_dipdup_fibonacci_small")]
    [InlineData("c0_fibonacci_hint_recursive")]
    [InlineData("c1_dipdup_hash_pedersen_recursive_large_output")]
    [InlineData("c1_dipdup_hash_poseidon_recursive_with_poseidon")]
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
        List<ConstraintFailure> f = CairoTraceChecker.Check(ReferenceRun.AirFor(t, edited), t, s_ch);
        Assert.Equal([new ConstraintFailure(511, "memory_public_product_end")], f);
        // And the builder refuses to lay out a run whose memory disagrees with the claimed public memory.
        Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(run.Trace, run.Memory, edited));
    }

    [Fact]
    public void Build_NonProofModeTrace_Throws()
    {
        string dir = Zetina.Tests.Shared.RepoPaths.SharedFile("testdata", "cairo", "c0_lw_fibonacci_5_plain");
        RegisterState[] t = TraceFile.Read(Path.Combine(dir, "trace.bin"));
        MemoryImage m = MemoryImage.Read(Path.Combine(dir, "memory.bin"));
        var pi = new AirPublicInput { Layout = "plain", RcMin = 0, RcMax = 65535, NSteps = t.Length, MemorySegments = [new("program", 1, 5), new("execution", 8, 20)], PublicMemory = [new(1, 1UL, 0)] };
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(t, m, pi));
        Assert.Contains("power of two", e.Message);
    }
}

public sealed class RangeCheckBuiltinTests
{
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x1234567890abcdef1234567890abcdef"), Felt.Parse("0x777777777777777777"), Felt.Parse("0x3141592653589793238462643383279"));

    /// <summary>
    /// The bootloader run uses range_check (8 instances) next to builtins this AIR does not prove; with those segments
    /// left out of the public input their cells are plain memory, which is enough to exercise the range_check columns.
    /// </summary>
    private static (ReferenceRun Run, AirPublicInput Input) Bootloader()
    {
        ReferenceRun run = ReferenceRun.Load("c0_bootloader_program_fibonacci_starknet_with_keccak");
        AirPublicInput pi = run.PublicInput;
        var segs = pi.MemorySegments.Where(s => s.Name is "program" or "execution" or "output" or "range_check").ToList();
        return (run, new AirPublicInput { Layout = "small", RcMin = 0, RcMax = 65535, NSteps = pi.NSteps, MemorySegments = segs, PublicMemory = pi.PublicMemory });
    }

    [Fact]
    public void Check_RangeCheckBuiltinRun_NoFailuresUntilAPartChanges()
    {
        (ReferenceRun run, AirPublicInput pi) = Bootloader();
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, pi);
        Assert.True(t.Shape.RangeCheckBuiltin);
        CairoAir air = ReferenceRun.AirFor(t, pi);
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.True(f.Count == 0, string.Join("\n", f.Take(20)));

        t.Columns[t.Shape.RcBuiltinPart(7)][2] += Felt.One; // claims a value ≥ 2^112 that the cell does not hold
        f = CairoTraceChecker.Check(air, t, s_ch, limit: 1);
        Assert.Equal(new ConstraintFailure(2, "rc_builtin_value"), f[0]);
    }

    [Fact]
    public void Boundary_UnsupportedBuiltinUsed_Throws()
    {
        // stwo's all-builtins run, its keccak segment renamed to a builtin this AIR has no lane for: refused by name
        // (every builtin the run really uses now has one).
        AirPublicInput pi = AirPublicInput.Read(Zetina.Tests.Shared.RepoPaths.SharedFile("testdata", "cairo", "c0_stwo_all_builtins_all_cairo", "air_public_input.json"));
        CairoBoundary.From(pi);
        var segs = pi.MemorySegments.Select(s => s.Name == "keccak" ? new MemorySegment("blake2s", s.BeginAddr, s.StopPtr) : s).ToList();
        var renamed = new AirPublicInput { Layout = pi.Layout, RcMin = pi.RcMin, RcMax = pi.RcMax, NSteps = pi.NSteps, MemorySegments = segs, PublicMemory = pi.PublicMemory };
        var e = Assert.Throws<CairoTraceException>(() => CairoBoundary.From(renamed));
        Assert.Contains("builtin 'blake2s'", e.Message);
    }
}

public sealed class BuiltinLaneCheckerTests
{
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x1234567890abcdef1234567890abcdef"), Felt.Parse("0x777777777777777777"), Felt.Parse("0x3141592653589793238462643383279"));

    private const string PedersenCase = "c1_dipdup_hash_pedersen_recursive_large_output";
    private const string PoseidonCase = "c1_dipdup_hash_poseidon_recursive_with_poseidon";

    [Fact]
    public void Build_PedersenRun_OneLaneHoldsEveryInstance()
    {
        CairoTrace t = ReferenceRun.Load(PedersenCase).BuildTrace();
        Assert.Equal(1, t.Shape.LaneCount("pedersen"));
        Assert.Equal(0, t.Shape.LaneCount("poseidon"));
    }

    [Theory]
    [InlineData(Zetina.Cairo.Air.Lanes.PedersenLane.X, 700, "pedersen[0]_copy_x")]      // instance 1, row 188 of its x half (bit 0 there)
    [InlineData(Zetina.Cairo.Air.Lanes.PedersenLane.Bit, 3, "pedersen[0]_unpack")]
    [InlineData(Zetina.Cairo.Air.Lanes.PedersenLane.MemoryAddress + 1, 1020, "pedersen[0]_memory_output")] // instance 1's hash cell
    public void Check_PedersenValueForged_NamesConstraint(int offset, int row, string constraint)
    {
        ReferenceRun run = ReferenceRun.Load(PedersenCase);
        CairoTrace t = run.BuildTrace();
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        t.Columns[t.Shape.LaneBase(0, 0) + offset][row] += Felt.One;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.True(f.Exists(x => x.Constraint == constraint), string.Join("; ", f.Take(10)));
    }

    [Theory]
    [InlineData(Zetina.Cairo.Air.Lanes.PoseidonLane.State + 1, 50, "poseidon[0]_round[1]")]
    [InlineData(Zetina.Cairo.Air.Lanes.PoseidonLane.Cube + 2, 130, "poseidon[0]_cube[2]")]
    public void Check_PoseidonValueForged_NamesConstraint(int offset, int row, string constraint)
    {
        ReferenceRun run = ReferenceRun.Load(PoseidonCase);
        CairoTrace t = run.BuildTrace();
        Assert.Equal(1, t.Shape.LaneCount("poseidon"));
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        t.Columns[t.Shape.LaneBase(1, 0) + offset][row] += Felt.One;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Constraint == constraint);
    }

    [Fact]
    public void Check_BitwiseRun_NoFailuresUntilAnAndBitIsForged()
    {
        ReferenceRun run = ReferenceRun.Load("c0_stwo_bitwise_all_cairo");
        CairoTrace t = run.BuildTrace();
        Assert.Equal(1, t.Shape.LaneCount("bitwise"));
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.True(f.Count == 0, string.Join("; ", f.Take(10)));
        t.Columns[t.Shape.LaneBase(2, 0) + Zetina.Cairo.Air.Lanes.BitwiseLane.AndBit][300] += Felt.One;
        f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Row == 300 && x.Constraint == "bitwise[0]_and_bit");
    }

    [Theory]
    [InlineData("c0_stwo_bitwise_all_cairo", "bitwise", 3)]
    [InlineData(PedersenCase, "pedersen", 2)]
    [InlineData(PoseidonCase, "poseidon", 3)]
    public void Build_OutputCellChanged_ThrowsNamingBuiltin(string name, string builtin, int outputOffset)
    {
        ReferenceRun run = ReferenceRun.Load(name);
        ulong addr = run.PublicInput.Segment(builtin).BeginAddr + (ulong)outputOffset;
        Assert.True(run.Memory.TryGet(addr, out Felt v));
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(run.Trace, run.Memory.With(addr, v + Felt.One), run.PublicInput));
        Assert.Contains(builtin, e.Message);
        Assert.Contains("computes", e.Message);
    }
}
