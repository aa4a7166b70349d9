using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Builtins;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

public sealed class PedersenBuiltinTraceTests
{
    private static readonly ulong Begin = BuiltinTraceFixture.Begin("pedersen");

    // Inputs that exercise the bit unpacking: the top bits set as far as p allows, and p − 1 itself.
    private static readonly (Felt A, Felt B)[] s_inputs =
    [
        (Felt.FromUInt64(1), Felt.FromUInt64(2)),
        (Felt.Parse("0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb"), Felt.Parse("0x208a0a10250e382e1e4bbe2880906c2791bf6275695e02fbbc6aeff9cd8b31a")),
        (Felt.Zero - Felt.One, Felt.Parse("0x800000000000011000000000000000000000000000000000000000000000000")),
    ];

    private static (StoneTraceTable Table, ComponentOnlyLayout Checker, Zetina.Cairo.Run.CairoRun Run)
        Build(StoneCairoLayout layout, int rows, int[] usedInstances)
    {
        var fixture = new BuiltinTraceFixture();
        for (int k = 0; k < usedInstances.Length; k++)
        {
            ulong address = Begin + 3UL * (ulong)usedInstances[k];
            fixture.Write(address, s_inputs[k].A);
            fixture.Write(address + 1, s_inputs[k].B);
        }
        var run = fixture.Run(layout, rows);
        StoneTraceTable table = BuiltinTraceFixture.Table(layout, rows);
        // The pedersen builtin alone: a table this short cannot hold the recursive layout's whole diluted pool.
        PedersenBuiltinTrace.Write(new BuiltinCellWriter(table, run.Memory), layout.BuiltinColumns.Pedersen!, Begin);
        var checker = ComponentOnlyLayout.Of(layout, run.PublicInput, (sum, _) => PedersenBuiltinComponent.Add(sum, layout.BuiltinColumns.Pedersen!));
        return (table, checker, run);
    }

    [Fact]
    public void Small_layout_used_and_unused_instances_satisfy_the_pedersen_constraints()
    {
        // 1024 rows: 8 instances, two blocks of the small layout's 4 side-by-side hashes; instances 1, 2, 6 used.
        var (table, checker, run) = Build(SmallLayout.Instance, 1024, [1, 2, 6]);

        Assert.Null(checker.Check(table, run.PublicInput));
    }

    [Fact]
    public void Recursive_layout_used_and_unused_instances_satisfy_the_pedersen_constraints()
    {
        var (table, checker, run) = Build(RecursiveLayout.Instance, 8192, [0, 3]);

        Assert.Null(checker.Check(table, run.PublicInput));
    }

    [Fact]
    public void Memory_cells_hold_the_inputs_and_the_vm_builtins_hash_unused_instances_hash_zero_zero()
    {
        var (table, _, _) = Build(SmallLayout.Instance, 1024, [1, 2, 6]);
        PedersenColumns c = SmallLayout.Instance.BuiltinColumns.Pedersen!;
        int[] used = [1, 2, 6];

        for (int i = 0; i < 8; i++)
        {
            int k = Array.IndexOf(used, i);
            (Felt a, Felt b) = k >= 0 ? s_inputs[k] : (Felt.Zero, Felt.Zero);
            Assert.Equal(Felt.FromUInt64(Begin + 3UL * (ulong)i), table[c.Input0Addr, i]);
            Assert.Equal(Felt.FromUInt64(Begin + 3UL * (ulong)i + 2), table[c.OutputAddr, i]);
            Assert.Equal(a, table[c.Input0Value, i]);
            Assert.Equal(b, table[c.Input1Value, i]);
            Assert.Equal(PedersenHash.Hash(a, b), table[c.OutputValue, i]);
        }
    }

    [Fact]
    public void A_changed_output_cell_is_named_by_its_block_and_its_hash()
    {
        var (table, checker, run) = Build(SmallLayout.Instance, 1024, [1, 2, 6]);
        PedersenColumns c = SmallLayout.Instance.BuiltinColumns.Pedersen!;
        table[c.OutputValue, 6] += Felt.One;

        StoneTraceChecker.Violation? v = checker.Check(table, run.PublicInput);

        // instance 6 = block 1 (rows 512 …), hash 2; the output constraints follow 4·18 hash constraints and 11 others.
        Assert.Equal(new StoneTraceChecker.Violation(512, 4 * 18 + 11 + 2), v);
    }

    [Fact]
    public void A_changed_subset_sum_cell_is_named()
    {
        var (table, checker, run) = Build(RecursiveLayout.Instance, 8192, [0, 3]);
        PedersenHashColumns h = RecursiveLayout.Instance.BuiltinColumns.Pedersen!.Hashes[0];
        table[h.PartialSumY, 512 * 3 + 100] += Felt.One;

        StoneTraceChecker.Violation? v = checker.Check(table, run.PublicInput);

        Assert.NotNull(v);
        // the step into cell 100 of instance 3's first input (4 rows per cell) fails.
        Assert.Equal((512 * 3 + 99) * 4, v.Value.Row);
    }
}
