using Zetina.Stark.Air;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The ec_op builtin: R = P + m·Q on the Stark curve, m a 252-bit number below p, as a subset sum of m's bits over
/// Q's doublings starting at P (Stone's <c>ec_op/*</c>; <c>src/starkware/air/cpu/builtin/ec</c>).
/// </summary>
internal static class EcOpBuiltinComponent
{
    private const int ScalarCells = 256;

    /// <summary>Adds the builtin's 33 constraints in Stone's order.</summary>
    public static void Add<T>(StoneConstraintSum<T> sum, EcOpColumns c) where T : struct, IConstraintValue<T>
    {
        int instance = c.PXAddr.Step, cell = c.Selector.Step;
        T everyInstance = sum.Every(instance), everyCell = sum.Every(cell);
        T tail = sum.Rows(instance, (ScalarCells - 1) * cell);
        T One(StoneVirtualColumn column) => sum.Cell(column);

        // memory: P.x, P.y, Q.x, Q.y, m, R.x, R.y at consecutive addresses, 7 per instance.
        sum.Add(One(c.PXAddr) - (Felt)sum.PublicInput.Segment("ec_op").BeginAddr, sum.Row(0));
        sum.Add((sum.Cell(c.PXAddr, 1) - (One(c.PXAddr) + Felt.FromUInt64(7))) * sum.Row(-instance), everyInstance);
        StoneVirtualColumn[] order = [c.PXAddr, c.PYAddr, c.QXAddr, c.QYAddr, c.MAddr, c.RXAddr, c.RYAddr];
        for (int i = 1; i < order.Length; i++) sum.Add(One(order[i]) - (One(order[i - 1]) + Felt.One), everyInstance);

        // Q's doublings, starting at Q.
        EcSubsetSum.AddDoubling(sum, c.DoubledX, c.DoubledY, c.DoublingSlope, StarkCurve.Alpha, everyCell, tail);
        sum.Add(One(c.QXValue) - One(c.DoubledX), everyInstance);
        sum.Add(One(c.QYValue) - One(c.DoubledY), everyInstance);

        // m·Q + P by the subset sum, m's bits unpacked below p.
        EcSubsetSum.AddBitUnpacking(sum, c.Selector, c.ProdOnes196, c.ProdOnes192, everyInstance);
        EcSubsetSum.AddSteps(sum, c.Selector, c.PartialSumX, c.PartialSumY, c.Slope, c.XDiffInv, One(c.DoubledX), One(c.DoubledY),
            everyCell, tail, sum.Rows(instance, 252 * cell));
        sum.Add(One(c.Selector) - One(c.MValue), everyInstance);
        sum.Add(One(c.PXValue) - One(c.PartialSumX), everyInstance);
        sum.Add(One(c.PYValue) - One(c.PartialSumY), everyInstance);
        sum.Add(One(c.RXValue) - sum.Cell(c.PartialSumX, ScalarCells - 1), everyInstance);
        sum.Add(One(c.RYValue) - sum.Cell(c.PartialSumY, ScalarCells - 1), everyInstance);
    }
}
