using System.Numerics;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Builtins;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

public sealed class RangeCheckBuiltinTraceTests
{
    private static readonly ulong Begin = BuiltinTraceFixture.Begin("range_check");
    private static readonly Felt[] s_values =
        [Felt.Zero, Felt.FromBigInteger((BigInteger.One << 128) - 1), Felt.Parse("0x1234_5678_9abc_def0_0fed_cba9_8765_4321".Replace("_", ""))];

    private static (StoneTraceTable Table, StoneBuiltinPoolWrites Writes, Zetina.Cairo.Run.CairoRun Run) Fill(int[] used)
    {
        var fixture = new BuiltinTraceFixture();
        for (int k = 0; k < used.Length; k++) fixture.Write(Begin + (ulong)used[k], s_values[k]);
        var run = fixture.Run(SmallLayout.Instance, 1024);
        StoneTraceTable table = BuiltinTraceFixture.Table(SmallLayout.Instance, 1024);
        return (table, StoneBuiltinTraces.Fill(table, SmallLayout.Instance, run), run);
    }

    [Fact]
    public void Used_values_are_split_into_8_parts_most_significant_first_and_unused_parts_are_left_for_the_holes()
    {
        var (table, writes, _) = Fill([0, 1, 5]);
        RangeCheckBuiltinColumns c = SmallLayout.Instance.BuiltinColumns.RangeCheck!;

        Assert.Equal(3 * 8, writes.RangeCheckCells);
        for (int k = 0; k < 8; k++)
        {
            Assert.Equal(Felt.FromUInt64(0xFFFF), table[c.Parts, 8 * 1 + k]);
            Assert.True(writes.IsRangeCheckWritten(c.Parts, 8 * 5 + k));
            Assert.False(writes.IsRangeCheckWritten(c.Parts, 8 * 2 + k));
        }
        Assert.Equal(Felt.FromUInt64(0x1234), table[c.Parts, 8 * 5]);
        Assert.Equal(Felt.FromUInt64(0x4321), table[c.Parts, 8 * 5 + 7]);
        // Every instance's memory cell is taken before the memory is finalized.
        for (int i = 0; i < 8; i++) Assert.True(writes.IsMemoryWritten(c.Addr, i));
    }

    [Fact]
    public void After_the_holes_are_filled_every_instance_satisfies_the_range_check_constraints()
    {
        var (table, writes, run) = Fill([0, 1, 5]);
        RangeCheckBuiltinColumns c = SmallLayout.Instance.BuiltinColumns.RangeCheck!;
        // Stand-in for the range-check-16 hole filling: distinct 16-bit values in the cells nobody wrote.
        ushort hole = 7;
        for (int i = 0; i < 64; i++)
            if (!writes.IsRangeCheckWritten(c.Parts, i)) table[c.Parts, i] = Felt.FromUInt64(hole += 1013);

        StoneBuiltinTraces.FinalizeRangeCheck(table, SmallLayout.Instance, run);
        var checker = ComponentOnlyLayout.Of(SmallLayout.Instance, run.PublicInput, (sum, _) => RangeCheckBuiltinComponent.Add(sum, c));

        Assert.Null(checker.Check(table, run.PublicInput));
        Assert.Equal(s_values[2], table[c.Value, 5]);
        Assert.Equal(Felt.FromUInt64(Begin + 7), table[c.Addr, 7]);
        Assert.NotEqual(Felt.Zero, table[c.Value, 3]);
    }

    [Fact]
    public void A_changed_part_is_named_by_its_instance()
    {
        var (table, _, run) = Fill([0, 1, 5]);
        RangeCheckBuiltinColumns c = SmallLayout.Instance.BuiltinColumns.RangeCheck!;
        StoneBuiltinTraces.FinalizeRangeCheck(table, SmallLayout.Instance, run);
        table[c.Parts, 8 * 5 + 3] += Felt.One;
        var checker = ComponentOnlyLayout.Of(SmallLayout.Instance, run.PublicInput, (sum, _) => RangeCheckBuiltinComponent.Add(sum, c));

        Assert.Equal(new StoneTraceChecker.Violation(128 * 5, 0), checker.Check(table, run.PublicInput));
    }

    [Fact]
    public void A_value_of_128_bits_is_refused_naming_the_instance()
    {
        var fixture = new BuiltinTraceFixture();
        fixture.Write(Begin + 2, Felt.FromBigInteger(BigInteger.One << 128));
        var run = fixture.Run(SmallLayout.Instance, 1024);

        var e = Assert.Throws<StoneBuiltinInputException>(() =>
            StoneBuiltinTraces.Fill(BuiltinTraceFixture.Table(SmallLayout.Instance, 1024), SmallLayout.Instance, run));
        Assert.Contains("range_check instance 2", e.Message);
    }
}
