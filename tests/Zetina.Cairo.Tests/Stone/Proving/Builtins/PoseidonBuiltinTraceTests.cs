using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Builtins;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

public sealed class PoseidonBuiltinTraceTests
{
    private static readonly ulong Begin = BuiltinTraceFixture.Begin("poseidon");

    public static TheoryData<string> Layouts => ["recursive_with_poseidon", "recursive_large_output"];

    private static StoneCairoLayout Layout(string name) => name == "recursive_with_poseidon"
        ? RecursiveWithPoseidonLayout.Instance : RecursiveLargeOutputLayout.Instance;

    private static readonly Felt[][] s_inputs =
    [
        [Felt.FromUInt64(1), Felt.FromUInt64(2), Felt.FromUInt64(3)],
        [Felt.Zero - Felt.One, Felt.Parse("0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb"), Felt.Zero],
    ];

    private static (StoneTraceTable, Zetina.Cairo.Run.CairoRun, ComponentOnlyLayout) Build(StoneCairoLayout layout, int rows, int[] used)
    {
        var fixture = new BuiltinTraceFixture();
        for (int k = 0; k < used.Length; k++)
            for (int lane = 0; lane < 3; lane++) fixture.Write(Begin + 6UL * (ulong)used[k] + (ulong)lane, s_inputs[k][lane]);
        var run = fixture.Run(layout, rows);
        var table = BuiltinTraceFixture.Table(layout, rows);
        PoseidonBuiltinTrace.Write(new BuiltinCellWriter(table, run.Memory), layout.BuiltinColumns.Poseidon!, Begin);
        var checker = ComponentOnlyLayout.Of(layout, run.PublicInput, (sum, _) => PoseidonBuiltinComponent.Add(sum, layout.BuiltinColumns.Poseidon!));
        return (table, run, checker);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Used_and_unused_instances_satisfy_the_poseidon_constraints_and_hold_the_vm_permutation(string name)
    {
        StoneCairoLayout layout = Layout(name);
        PoseidonColumns c = layout.BuiltinColumns.Poseidon!;
        int rows = 4 * c.FullState[0].Step * 8;
        var (table, run, checker) = Build(layout, rows, [1, 3]);

        Assert.Null(checker.Check(table, run.PublicInput));
        for (int i = 0; i < 4; i++)
        {
            Felt[] state = i == 1 ? [.. s_inputs[0]] : i == 3 ? [.. s_inputs[1]] : [Felt.Zero, Felt.Zero, Felt.Zero];
            PoseidonHash.Permute(state);
            for (int lane = 0; lane < 3; lane++)
            {
                Assert.Equal(state[lane], table[c.ParamValue[lane], 2 * i + 1]);
                Assert.Equal(Felt.FromUInt64(Begin + 6UL * (ulong)i + 3 + (ulong)lane), table[c.ParamAddr[lane], 2 * i + 1]);
            }
        }
    }

    [Fact]
    public void A_changed_partial_round_cell_is_named()
    {
        StoneCairoLayout layout = RecursiveWithPoseidonLayout.Instance;
        PoseidonColumns c = layout.BuiltinColumns.Poseidon!;
        var (table, run, checker) = Build(layout, 4096, [1, 3]);
        table[c.PartialStateSquared[0], 64 * 2 + 10] += Felt.One;

        StoneTraceChecker.Violation? v = checker.Check(table, run.PublicInput);

        Assert.NotNull(v);
        // Instance 2's partial round 10 (16 rows per cell): its square, or a recurrence up to 3 rounds before that reads it.
        int cell = 64 * 2 + 10;
        Assert.InRange(v.Value.Row, 16L * (cell - 3), 16L * cell);
    }
}
