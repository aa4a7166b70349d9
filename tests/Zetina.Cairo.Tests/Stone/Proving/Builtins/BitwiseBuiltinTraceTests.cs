using System.Numerics;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Builtins;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

public sealed class BitwiseBuiltinTraceTests
{
    private static readonly ulong Begin = BuiltinTraceFixture.Begin("bitwise");
    private static readonly RecursiveLayout Layout = RecursiveLayout.Instance;

    private static (StoneTraceTable, Zetina.Cairo.Run.CairoRun, (BigInteger X, BigInteger Y)[]) Build(int rows, int seed)
    {
        var random = new Random(seed);
        var fixture = new BuiltinTraceFixture();
        var inputs = new (BigInteger, BigInteger)[3];
        int[] used = [0, 2, 5];
        for (int k = 0; k < used.Length; k++)
        {
            // 251-bit inputs (the top allowed bit set in the first), so the trim cells are exercised.
            BigInteger x = RandomBits(random, 251) | (k == 0 ? BigInteger.One << 250 : 0), y = RandomBits(random, 251);
            inputs[k] = (x, y);
            fixture.Write(Begin + 5UL * (ulong)used[k], Felt.FromBigInteger(x));
            fixture.Write(Begin + 5UL * (ulong)used[k] + 1, Felt.FromBigInteger(y));
        }
        var run = fixture.Run(Layout, rows);
        var table = BuiltinTraceFixture.Table(Layout, rows);
        return (table, run, inputs);
    }

    [Fact]
    public void Used_and_unused_instances_satisfy_the_bitwise_constraints_and_hold_the_vm_results()
    {
        const int seed = 20261207;
        var (table, run, inputs) = Build(4096, seed);
        BitwiseColumns c = Layout.BuiltinColumns.Bitwise!;
        var pool = new DilutedPoolTrace(table, Layout.BuiltinColumns.Diluted!);
        BitwiseBuiltinTrace.Write(new BuiltinCellWriter(table, run.Memory), c, pool, Begin);
        var checker = ComponentOnlyLayout.Of(Layout, run.PublicInput, (sum, _) => BitwiseBuiltinComponent.Add(sum, c));

        Assert.Null(checker.Check(table, run.PublicInput));
        (BigInteger x, BigInteger y) = inputs[2];
        Assert.Equal(Felt.FromBigInteger(x & y), table[c.VarPoolValue, 4 * 5 + 2]);
        Assert.Equal(Felt.FromBigInteger(x ^ y), table[c.XXorYValue, 5]);
        Assert.Equal(Felt.FromBigInteger(x | y), table[c.XOrYValue, 5]);
        Assert.Equal(Felt.FromUInt64(Begin + 5 * 5 + 4), table[c.XOrYAddr, 5]);
        Assert.Equal(Felt.Zero, table[c.XOrYValue, 4]);
    }

    [Fact]
    public void A_changed_diluted_cell_is_named_by_its_instance()
    {
        var (table, run, _) = Build(4096, 7);
        BitwiseColumns c = Layout.BuiltinColumns.Bitwise!;
        var pool = new DilutedPoolTrace(table, Layout.BuiltinColumns.Diluted!);
        BitwiseBuiltinTrace.Write(new BuiltinCellWriter(table, run.Memory), c, pool, Begin);
        table[c.DilutedVarPool, 16 * (4 * 2 + 1) + 3] += Felt.One; // instance 2's y, cell 3
        var checker = ComponentOnlyLayout.Of(Layout, run.PublicInput, (sum, _) => BitwiseBuiltinComponent.Add(sum, c));

        StoneTraceChecker.Violation? v = checker.Check(table, run.PublicInput);

        Assert.NotNull(v);
        // x + y = (x^y) + 2(x&y) on the diluted cells, read from x's cell 3 (2 rows per cell), fails first.
        Assert.Equal(128 * 2 + 2 * 3, v.Value.Row);
    }

    [Fact]
    public void Diluted_pool_is_completed_sorted_and_its_interaction_satisfies_the_diluted_check()
    {
        // 2^18 rows: the smallest recursive trace whose pool has room for all 2^16 diluted values beside the builtin's.
        const int rows = 1 << 18;
        var (table, run, _) = Build(rows, 11);
        StoneBuiltinTraces.Fill(table, Layout, run);
        DilutedCheckColumns d = Layout.BuiltinColumns.Diluted!;
        var interaction = new StoneTraceTable(Layout.InteractionColumns, rows, Layout.TraceColumns);
        Felt[] elements = [.. Enumerable.Range(0, 6).Select(k => Felt.Parse("0x5fa797b4769d4ce888213fc16d442d29c3215163bf0117a1cacc08ce5f7" + (100 + k)))];
        StoneBuiltinTraces.FillInteraction(interaction, table, Layout, elements);
        var checker = ComponentOnlyLayout.Of(Layout, run.PublicInput, (sum, e) =>
        {
            DilutedCheckComponent.Add(sum, d, permutationZ: e[3], z: e[4], alpha: e[5], spacing: 4, bits: 16);
            BitwiseBuiltinComponent.Add(sum, Layout.BuiltinColumns.Bitwise!);
        });

        // The first and last rows (the boundary constraints) and a window of steps in between.
        Assert.Null(checker.Check(table, run.PublicInput, 0, 2048, interaction, elements));
        Assert.Null(checker.Check(table, run.PublicInput, rows - 2048, 2048, interaction, elements));
        Assert.Null(checker.Check(table, run.PublicInput, rows / 2, 1024, interaction, elements));
        Assert.Equal(Felt.Zero, table[d.Sorted, 0]);
        Assert.Equal(Felt.FromUInt64(DilutedPoolTrace.Dilute(0xFFFF)), table[d.Sorted, rows - 1]);
        Assert.Equal(Felt.One, interaction[d.CumulativeProduct, rows - 1]);

        // A sorted column that skips a value (its first step repeated) is no longer the pool's permutation: the running
        // product does not end at 1.
        int step = 1;
        while (table[d.Sorted, step] == table[d.Sorted, step - 1]) step++;
        table[d.Sorted, step] = table[d.Sorted, step - 1];
        StoneBuiltinTraces.FillInteraction(interaction, table, Layout, elements);
        Assert.NotNull(checker.Check(table, run.PublicInput, rows - 2048, 2048, interaction, elements));
    }

    private static BigInteger RandomBits(Random random, int bits)
    {
        byte[] bytes = new byte[(bits + 7) / 8 + 1];
        random.NextBytes(bytes);
        bytes[^1] = 0;
        return new BigInteger(bytes, isUnsigned: true) & ((BigInteger.One << bits) - 1);
    }
}
