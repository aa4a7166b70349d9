using System.Numerics;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Builtins;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Stone.Proving.Builtins;

public sealed class EcOpBuiltinTraceTests
{
    private static readonly ulong Begin = BuiltinTraceFixture.Begin("ec_op");
    private static readonly StarknetLayout Layout = StarknetLayout.Instance;
    private static readonly EcOpColumns Columns = Layout.BuiltinColumns.EcOp!;

    // P = 5G, Q = 7G, m just below p with its top bits set as far as p allows.
    private static readonly EcPoint P = StarkCurve.Multiply(StarkCurve.Generator, 5), Q = StarkCurve.Multiply(StarkCurve.Generator, 7);
    private static readonly Felt M = Felt.Zero - Felt.FromUInt64(2);

    private static (StoneTraceTable, Zetina.Cairo.Run.CairoRun, ComponentOnlyLayout) Build()
    {
        var fixture = new BuiltinTraceFixture();
        Felt[] cells = [P.X, P.Y, Q.X, Q.Y, M];
        for (int k = 0; k < cells.Length; k++) fixture.Write(Begin + 7 + (ulong)k, cells[k]); // instance 1
        int rows = 2 * Columns.PXAddr.Step;
        var run = fixture.Run(Layout, rows);
        var table = BuiltinTraceFixture.Table(Layout, rows);
        EcOpBuiltinTrace.Write(new BuiltinCellWriter(table, run.Memory), Columns, Begin);
        return (table, run, ComponentOnlyLayout.Of(Layout, run.PublicInput, (sum, _) => EcOpBuiltinComponent.Add(sum, Columns)));
    }

    [Fact]
    public void Used_and_unused_instances_satisfy_the_ec_op_constraints_and_hold_p_plus_m_q()
    {
        var (table, run, checker) = Build();

        Assert.Null(checker.Check(table, run.PublicInput));
        EcPoint r = StarkCurve.Add(P, StarkCurve.Multiply(Q, M.ToBigInteger()));
        Assert.Equal(r.X, table[Columns.RXValue, 1]);
        Assert.Equal(r.Y, table[Columns.RYValue, 1]);
        // The unused instance 0: P0 + 0·G.
        Assert.Equal(ConstantPoints.ShiftPoint.X, table[Columns.RXValue, 0]);
        Assert.Equal(StarkCurve.Generator.Y, table[Columns.QYValue, 0]);
        Assert.Equal(Felt.FromUInt64(Begin + 7 + 6), table[Columns.RYAddr, 1]);
    }

    [Fact]
    public void A_changed_result_cell_is_named_by_its_instance()
    {
        var (table, run, checker) = Build();
        table[Columns.RXValue, 1] += Felt.One;

        StoneTraceChecker.Violation? v = checker.Check(table, run.PublicInput, Columns.PXAddr.Step, Columns.PXAddr.Step);

        // constraints: 2 + 6 memory, 3 doubling, 2 Q, 6 bit unpacking, 8 subset sum, m, P.x, P.y, then R.x.
        Assert.Equal(new StoneTraceChecker.Violation(Columns.PXAddr.Step, 8 + 3 + 2 + 6 + 9 + 3), v);
    }
}
