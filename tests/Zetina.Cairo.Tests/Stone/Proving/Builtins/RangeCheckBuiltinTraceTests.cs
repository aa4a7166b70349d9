using System.Numerics;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Builtins;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

public sealed class RangeCheckBuiltinTraceTests
{
    private static readonly ulong Begin = BuiltinTraceFixture.Begin("range_check");
    private static readonly Felt Vacant = Felt.Zero - Felt.One;
    private static readonly RangeCheckBuiltinColumns Columns = SmallLayout.Instance.BuiltinColumns.RangeCheck!;
    private static readonly Felt[] s_values =
        [Felt.Zero, Felt.FromBigInteger((BigInteger.One << 128) - 1), Felt.Parse("0x123456789abcdef00fedcba987654321")];

    /// <summary>8 instances, <paramref name="used"/> written; the 16-bit pool's cells marked vacant first, as the builder does.</summary>
    private static (StoneTraceTable Table, Zetina.Cairo.Run.CairoRun Run) Fill(int[] used)
    {
        var fixture = new BuiltinTraceFixture();
        for (int k = 0; k < used.Length; k++) fixture.Write(Begin + (ulong)used[k], s_values[k]);
        var run = fixture.Run(SmallLayout.Instance, 1024);
        StoneTraceTable table = BuiltinTraceFixture.Table(SmallLayout.Instance, 1024);
        for (int i = 0; i < table.Size(Columns.Parts); i++) table[Columns.Parts, i] = Vacant;
        StoneBuiltinTraces.Fill(table, SmallLayout.Instance, run);
        return (table, run);
    }

    /// <summary>The builder's steps after the builtins: vacant parts get distinct 16-bit values, every instance its memory value.</summary>
    private static void FillHolesAndMemory(StoneTraceTable table)
    {
        ushort hole = 7;
        for (int i = 0; i < table.Size(Columns.Parts); i++)
            if (table[Columns.Parts, i] == Vacant) table[Columns.Parts, i] = Felt.FromUInt64(hole += 1013);
        for (int i = 0; i < table.Size(Columns.Addr); i++)
        {
            BigInteger value = 0;
            for (int k = 0; k < 8; k++) value = (value << 16) + table[Columns.Parts, 8 * i + k].ToBigInteger();
            table[Columns.Addr, i] = Felt.FromUInt64(Begin + (ulong)i);
            table[Columns.Value, i] = Felt.FromBigInteger(value);
        }
    }

    private static ComponentOnlyLayout Checker(Zetina.Cairo.Run.CairoRun run) =>
        ComponentOnlyLayout.Of(SmallLayout.Instance, run.PublicInput, (sum, _) => RangeCheckBuiltinComponent.Add(sum, Columns));

    [Fact]
    public void Used_values_are_split_into_8_parts_most_significant_first_and_unused_parts_stay_vacant()
    {
        var (table, _) = Fill([0, 1, 5]);

        for (int k = 0; k < 8; k++)
        {
            Assert.Equal(Felt.Zero, table[Columns.Parts, k]);
            Assert.Equal(Felt.FromUInt64(0xFFFF), table[Columns.Parts, 8 * 1 + k]);
            Assert.Equal(Vacant, table[Columns.Parts, 8 * 2 + k]);
            Assert.Equal(Vacant, table[Columns.Parts, 8 * 7 + k]);
        }
        Assert.Equal(Felt.FromUInt64(0x1234), table[Columns.Parts, 8 * 5]);
        Assert.Equal(Felt.FromUInt64(0x4321), table[Columns.Parts, 8 * 5 + 7]);
    }

    [Fact]
    public void After_the_holes_are_filled_every_instance_satisfies_the_range_check_constraints()
    {
        var (table, run) = Fill([0, 1, 5]);
        FillHolesAndMemory(table);

        Assert.Null(Checker(run).Check(table, run.PublicInput));
        Assert.Equal(s_values[2], table[Columns.Value, 5]);
    }

    [Fact]
    public void A_changed_part_is_named_by_its_instance()
    {
        var (table, run) = Fill([0, 1, 5]);
        FillHolesAndMemory(table);
        table[Columns.Parts, 8 * 5 + 3] += Felt.One;

        Assert.Equal(new StoneTraceChecker.Violation(128 * 5, 0), Checker(run).Check(table, run.PublicInput));
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
