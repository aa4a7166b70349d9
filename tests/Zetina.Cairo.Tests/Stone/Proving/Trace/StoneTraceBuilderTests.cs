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

    [Fact]
    public void Small_trace_matches_the_shared_proofs_mask_values_on_the_columns_without_builtin_cells()
    {
        CairoRun run = Run(SmallCase);
        StoneOodsReference stone = StoneOodsReference.Load(SmallCase, "proof.json", SmallLayout.Instance);
        StoneTraceBuilder trace = StoneTraceBuilder.Build(SmallLayout.Instance, run);
        StoneTraceTable interaction = trace.BuildInteraction(stone.InteractionElements);

        bool[] match = stone.Compare(SmallLayout.Instance, trace.Main, interaction);
        // Column 0: the 16-bit range-check pool (offsets, the unused range_check instances' parts as holes and
        // rc_max); 1: the flag prefixes; 2: the sorted pool; 23: its permutation product. Every other column holds
        // cells of a builtin (the memory pool holds the builtins' accesses).
        int[] builtinFree = [0, 1, 2, 23];
        var wrong = SmallLayout.Instance.Mask.Select((m, i) => (m, i)).Where(x => builtinFree.Contains(x.m.Column) && !match[x.i])
            .Select(x => $"column {x.m.Column} row {x.m.RowOffset}").ToList();
        Assert.True(wrong.Count == 0, "mask values that differ from Stone's: " + string.Join(", ", wrong));
    }
}
