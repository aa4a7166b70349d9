using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The ec_op builtin's cells (Stone's <c>EcOpBuiltinProverContext::WriteTrace</c>): instance i reads P.x, P.y, Q.x,
/// Q.y, m at begin + 7i … and writes R = P + m·Q after them, computed as Q's 256 doublings (with their tangent slopes)
/// and a 256-cell subset sum of m's bits over them from P, with x-difference inverses and m's bit-unpacking products.
/// </summary>
/// <remarks>An unused instance is Stone's dummy: P = P0 (the shift point), Q = G, m = 0, so R = P0.</remarks>
internal static class EcOpBuiltinTrace
{
    private const int Height = 256;

    /// <summary>Writes every instance of the builtin whose segment starts at <paramref name="begin"/>.</summary>
    public static void Write(BuiltinCellWriter w, EcOpColumns c, ulong begin)
    {
        int instances = w.Table.Size(c.PXAddr);
        var subsetSum = new EcSubsetSumTrace.Columns(c.Selector, c.PartialSumX, c.PartialSumY, c.Slope, c.XDiffInv);
        BuiltinInstances.ForEach(instances, i =>
        {
            Span<Felt> input = stackalloc Felt[5];
            ulong address = begin + 7UL * (ulong)i;
            EcPoint p = ConstantPoints.ShiftPoint, q = ConstantPoints.Generator;
            Felt m = Felt.Zero;
            if (w.TryReadAll(address, input)) (p, q, m) = (new EcPoint(input[0], input[1]), new EcPoint(input[2], input[3]), input[4]);

            EcPoint r;
            try
            {
                EcPoint[] doublings = EcSubsetSumTrace.WriteDoublings(w.Table, c.DoubledX, c.DoubledY, c.DoublingSlope, i, Height, q);
                r = EcSubsetSumTrace.Write(w.Table, subsetSum, i, Height, p, doublings, m);
            }
            catch (InvalidOperationException e)
            {
                throw new StoneBuiltinInputException($"ec_op instance {i} (address {address}): {e.Message}");
            }
            EcSubsetSumTrace.WriteBitUnpacking(w.Table, c.ProdOnes196, c.ProdOnes192, i, m);

            w.WriteMemory(c.PXAddr, c.PXValue, i, address, p.X);
            w.WriteMemory(c.PYAddr, c.PYValue, i, address + 1, p.Y);
            w.WriteMemory(c.QXAddr, c.QXValue, i, address + 2, q.X);
            w.WriteMemory(c.QYAddr, c.QYValue, i, address + 3, q.Y);
            w.WriteMemory(c.MAddr, c.MValue, i, address + 4, m);
            w.WriteMemory(c.RXAddr, c.RXValue, i, address + 5, r.X);
            w.WriteMemory(c.RYAddr, c.RYValue, i, address + 6, r.Y);
        });
    }
}
