using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Trace;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving.Trace;

/// <summary>
/// The Stone trace builder against the layouts' own constraints (the row checker) and against the traces Stone
/// committed to in the shared proofs (their out-of-domain mask values).
/// </summary>
public sealed class StoneTraceBuilderTests
{
    private const string PlainCase = "c0_stone_cpu_air_test_instructions_plain";
    private const string SmallCase = "c1_dipdup_fibonacci_small";

    private static CairoRun Run(string dir)
    {
        string d = TestData.Dir(dir);
        return CairoRun.FromFiles(Path.Combine(d, "trace.bin"), Path.Combine(d, "memory.bin"), Path.Combine(d, "air_public_input.json"));
    }

    /// <summary>Interaction elements no trace could be built around: fixed, far from small integers.</summary>
    private static Felt[] Elements(int count)
    {
        var e = new Felt[count];
        Felt x = Felt.FromUInt64(0x9E3779B97F4A7C15);
        for (int i = 0; i < count; i++) { x = x * x + Felt.FromUInt64((ulong)i + 7); e[i] = x; }
        return e;
    }

    [Fact]
    public void Plain_trace_satisfies_every_constraint_of_the_plain_layout()
    {
        CairoRun run = Run(PlainCase);
        StoneTraceBuilder trace = StoneTraceBuilder.Build(PlainLayout.Instance, run);
        Felt[] e = Elements(PlainLayout.Instance.InteractionElementCount);
        StoneTraceTable interaction = trace.BuildInteraction(e);

        Assert.Equal(32 * 16, trace.Main.Rows);
        Assert.Null(StoneTraceChecker.FirstViolation(PlainLayout.Instance, trace.Main, interaction, e, run.PublicInput));
    }

    [Fact]
    public void Small_trace_satisfies_the_cpu_memory_and_range_check_constraints_on_every_row()
    {
        CairoRun run = Run(SmallCase);
        StoneTraceBuilder trace = StoneTraceBuilder.Build(SmallLayout.Instance, run);
        Felt[] e = Elements(SmallLayout.Instance.InteractionElementCount);
        StoneTraceTable interaction = trace.BuildInteraction(e);

        // The builtins' constraints need the builtins' cells; the layout's first 47 constraints, on its own columns, need ours.
        Assert.Null(StoneTraceChecker.FirstViolation(new StoneCoreLayout(SmallLayout.Instance), trace.Main, interaction, e, run.PublicInput));
    }

    [Fact]
    public void Vacant_range_check_cells_take_the_missing_values_in_increasing_order_then_rc_max()
    {
        CairoRun run = Run(PlainCase);
        StoneTraceBuilder trace = StoneTraceBuilder.Build(PlainLayout.Instance, run);
        StoneTraceTable t = trace.Main;
        CpuColumns cpu = PlainLayout.Instance.CpuColumns;
        int steps = run.Trace.Length;

        // 16-bit pool: the CPU's offsets are its only values; the other cells hold the values of [rc_min, rc_max] the
        // offsets miss, increasing, then rc_max.
        RangeCheck16Columns rc = PlainLayout.Instance.RangeCheck16Columns;
        var offsetCells = new HashSet<int>();
        var offsets = new HashSet<long>();
        foreach (StoneVirtualColumn off in new[] { cpu.Off0, cpu.Off1, cpu.Off2 })
            for (int i = 0; i < steps; i++)
            {
                offsetCells.Add((off.Offset + off.Step * i - rc.Pool.Offset) / rc.Pool.Step);
                offsets.Add((long)Big(t[off, i]));
            }
        long rcMin = run.PublicInput.RcMin, rcMax = run.PublicInput.RcMax;
        var missing = new Queue<long>(Enumerable.Range(0, (int)(rcMax - rcMin + 1)).Select(k => rcMin + k).Where(v => !offsets.Contains(v)));
        Assert.NotEmpty(missing);
        for (int k = 0; k < t.Size(rc.Pool); k++)
            if (!offsetCells.Contains(k))
                Assert.Equal(missing.Count > 0 ? missing.Dequeue() : rcMax, (long)Big(t[rc.Pool, k]));
        Assert.Empty(missing);
    }

    [Fact]
    public void Vacant_memory_cells_take_the_unaccessed_addresses_in_increasing_order_then_the_maximum_plus_one()
    {
        CairoRun full = Run(PlainCase);
        CpuColumns cpu = PlainLayout.Instance.CpuColumns;
        MemoryColumns m = PlainLayout.Instance.MemoryColumns;
        StoneVirtualColumn[] cpuAccesses = [cpu.Pc, cpu.DstAddr, cpu.Op0Addr, cpu.Op1Addr];
        // Every address of the fixture is accessed; leaving out of the public memory the public cells no instruction
        // reads (in the program segment, below the execution segment) opens holes in the middle of the range.
        StoneTraceTable first = StoneTraceBuilder.Build(PlainLayout.Instance, full).Main;
        var cpuAddresses = new HashSet<ulong>(cpuAccesses.SelectMany(a => Enumerable.Range(0, first.Size(a)).Select(i => (ulong)Big(first[a, i]))));
        var kept = full.PublicInput.PublicMemory.Where(c => cpuAddresses.Contains(c.Address)).ToList();
        Assert.True(kept.Count < full.PublicInput.PublicMemory.Count, "the fixture has public cells no instruction reads");
        var input = new AirPublicInput
        {
            Layout = full.PublicInput.Layout, RcMin = full.PublicInput.RcMin, RcMax = full.PublicInput.RcMax, NSteps = full.PublicInput.NSteps,
            MemorySegments = full.PublicInput.MemorySegments, PublicMemory = kept,
        };
        CairoRun run = full with { PublicInput = input };
        StoneTraceTable t = StoneTraceBuilder.Build(PlainLayout.Instance, run).Main;

        var accessCells = new HashSet<int>();
        var accessed = new HashSet<ulong>(kept.Select(c => c.Address));
        foreach (StoneVirtualColumn a in cpuAccesses.Append(m.PublicMemoryAddr))
            for (int i = 0; i < t.Size(a); i++)
            {
                accessCells.Add((a.Offset + a.Step * i - m.PoolAddr.Offset) / m.PoolAddr.Step);
                if (a != m.PublicMemoryAddr) accessed.Add((ulong)Big(t[a, i]));
            }
        ulong min = accessed.Min(), max = accessed.Max();
        var holes = new Queue<ulong>(Enumerable.Range(0, (int)(max - min + 1)).Select(k => min + (ulong)k).Where(a => !accessed.Contains(a)));
        Assert.NotEmpty(holes);
        int spares = 0;
        for (int k = 0; k < t.Size(m.PoolAddr); k++)
            if (!accessCells.Contains(k))
            {
                if (holes.Count == 0) spares++;
                Assert.Equal(holes.Count > 0 ? holes.Dequeue() : max + 1, (ulong)Big(t[m.PoolAddr, k]));
                Assert.Equal(Felt.Zero, t[m.PoolValue, k]);
            }
        Assert.Empty(holes);
        Assert.True(spares > 0);
        Felt[] e = Elements(3);
        Assert.Null(StoneTraceChecker.FirstViolation(PlainLayout.Instance, t, StoneTraceBuilder.Build(PlainLayout.Instance, run).BuildInteraction(e), e, input));
    }

    private static System.Numerics.BigInteger Big(Felt f) => f.ToBigInteger();

    [Fact]
    public void A_changed_register_is_named_by_its_step()
    {
        CairoRun run = Run(PlainCase);
        StoneTraceBuilder trace = StoneTraceBuilder.Build(PlainLayout.Instance, run);
        Felt[] e = Elements(3);
        StoneTraceTable interaction = trace.BuildInteraction(e);
        const int step = 5;
        trace.Main[PlainLayout.Instance.CpuColumns.Ap, step] += Felt.One;

        StoneTraceChecker.Violation? v = StoneTraceChecker.FirstViolation(PlainLayout.Instance, trace.Main, interaction, e, run.PublicInput);
        Assert.NotNull(v);
        // The ap update from step 4 to step 5 no longer holds: the first row of step 4.
        Assert.Equal(16L * (step - 1), v.Value.Row);
    }

    [Fact]
    public void A_changed_memory_value_is_named_by_the_step_that_reads_it()
    {
        CairoRun run = Run(PlainCase);
        // The first execution-segment cell an instruction writes and is not public: change its value in the memory file.
        ulong executionBegin = run.PublicInput.Segment("execution").BeginAddr;
        var publicAddresses = run.PublicInput.PublicMemory.Select(c => c.Address).ToHashSet();
        int target = -1;
        for (int i = 0; i < run.Memory.Count; i++)
            if (run.Memory.Addresses[i] >= executionBegin && !publicAddresses.Contains(run.Memory.Addresses[i])) { target = i; break; }
        Assert.True(target >= 0, "the fixture has a private execution cell");
        ulong[] addresses = run.Memory.Addresses.ToArray();
        Felt[] values = run.Memory.Values.ToArray();
        values[target] += Felt.One;
        CairoRun tampered = run with { Memory = MemoryImage.FromCells(addresses, values) };

        StoneTraceBuilder trace = StoneTraceBuilder.Build(PlainLayout.Instance, tampered);
        Felt[] e = Elements(3);
        StoneTraceChecker.Violation? v = StoneTraceChecker.FirstViolation(PlainLayout.Instance, trace.Main, trace.BuildInteraction(e), e, run.PublicInput);

        Assert.NotNull(v);
        // The violation is on a step's first row, and that step reads the changed address as dst, op0 or op1.
        Assert.Equal(0, v.Value.Row % 16);
        int s = (int)(v.Value.Row / 16);
        CpuColumns c = PlainLayout.Instance.CpuColumns;
        Felt changed = Felt.FromUInt64(addresses[target]);
        Assert.Contains(changed, new[] { trace.Main[c.DstAddr, s], trace.Main[c.Op0Addr, s], trace.Main[c.Op1Addr, s] });
    }

    [Fact]
    public void A_run_for_another_layout_is_refused()
    {
        CairoRun run = Run(PlainCase);
        var e = Assert.Throws<StoneTraceException>(() => StoneTraceBuilder.Build(SmallLayout.Instance, run));
        Assert.Contains("'plain'", e.Message);
    }

    /// <summary>
    /// Shared proofs and the columns of their layout that hold no builtin cell (the memory pool holds the builtins'
    /// accesses, so it is not among them): small's 16-bit range-check pool (0; the unused range_check instances'
    /// parts are its vacant cells), flag prefixes (1), sorted pool (2) and its permutation product (23); recursive's
    /// flag prefixes (0; its range-check pool shares column 5 with the pedersen partial sums).
    /// </summary>
    public static TheoryData<string, string, string, int[]> SharedProofs => new()
    {
        { SmallCase, "proof.json", "small", [0, 1, 2, 23] },
        { "c0_fibonacci_hint_recursive", "proof_stone5_keccak160lsb.json", "recursive", [0] },
    };

    [Theory]
    [MemberData(nameof(SharedProofs))]
    public void Trace_matches_the_shared_proofs_mask_values_on_the_columns_without_builtin_cells(string dir, string proof, string layoutName, int[] builtinFree)
    {
        var layout = (StoneCairoLayout)StoneLayoutTable.Find(layoutName)!;
        CairoRun run = Run(dir);
        StoneOodsReference stone = StoneOodsReference.Load(dir, proof, layout);
        StoneTraceBuilder trace = StoneTraceBuilder.Build(layout, run);
        StoneTraceTable interaction = trace.BuildInteraction(stone.InteractionElements);

        bool[] match = stone.Compare(layout, trace.Main, interaction, builtinFree);
        var compared = layout.Mask.Select((m, i) => (m, i)).Where(x => builtinFree.Contains(x.m.Column)).ToList();
        Assert.NotEmpty(compared);
        var wrong = compared.Where(x => !match[x.i]).Select(x => $"column {x.m.Column} row {x.m.RowOffset}").ToList();
        Assert.True(wrong.Count == 0, "mask values that differ from Stone's: " + string.Join(", ", wrong));

        // With Stone's interaction elements the layout's CPU, memory and range-check constraints hold too (on the
        // first and last 1024 rows and 1024 rows in the middle: the checker evaluates the composition row by row).
        long n = trace.Main.Rows;
        foreach (long first in new[] { 0, n / 2, n - 1024 })
            Assert.Null(StoneTraceChecker.FirstViolation(new StoneCoreLayout(layout), trace.Main, interaction, stone.InteractionElements, run.PublicInput, first, 1024));
    }
}
