using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The Pedersen builtin's cells (Stone's <c>HashBuiltinProverContext::WriteTrace</c> over
/// <c>PedersenHashComponent</c>): instance i reads (a, b) at begin + 3i, begin + 3i + 1 and writes H(a, b) at
/// begin + 3i + 2; hash i mod r of the layout's r side-by-side hashes computes it as its (i div r)-th hash, a 256-cell
/// subset sum for a over P1·2^k, P2·2^k, then one for b over P3·2^k, P4·2^k, from the shift point P0.
/// </summary>
/// <remarks>
/// Every instance of the trace is written: an unused one (the run did not write both inputs) hashes Stone's dummy
/// input (0, 0), so its memory cells claim H(0, 0) at its output address.
/// </remarks>
internal static class PedersenBuiltinTrace
{
    private const int InputCells = 256;
    private static readonly Lazy<EcPoint[][]> s_points = new(BuildPoints);

    /// <summary>Writes every instance of the builtin whose segment starts at <paramref name="begin"/>.</summary>
    public static void Write(BuiltinCellWriter w, PedersenColumns c, ulong begin)
    {
        int instances = w.Table.Size(c.Input0Addr);
        int repetitions = c.Hashes.Count;
        BuiltinInstances.ForEach(instances, i =>
        {
            Span<Felt> input = stackalloc Felt[2];
            ulong address = begin + 3UL * (ulong)i;
            if (!w.TryReadAll(address, input)) input.Clear();
            Felt output = WriteHash(w.Table, c.Hashes[i % repetitions], i / repetitions, input[0], input[1]);
            w.WriteMemory(c.Input0Addr, c.Input0Value, i, address, input[0]);
            w.WriteMemory(c.Input1Addr, c.Input1Value, i, address + 1, input[1]);
            w.WriteMemory(c.OutputAddr, c.OutputValue, i, address + 2, output);
        });
    }

    /// <summary>Writes hash number <paramref name="index"/> of one hash's columns and returns H(a, b).</summary>
    internal static Felt WriteHash(StoneTraceTable table, PedersenHashColumns h, int index, Felt a, Felt b)
    {
        var columns = new EcSubsetSumTrace.Columns(h.Selector, h.PartialSumX, h.PartialSumY, h.Slope, XDiffInv: null);
        EcPoint sum = ConstantPoints.ShiftPoint;
        Felt[] inputs = [a, b];
        for (int k = 0; k < 2; k++)
        {
            int run = 2 * index + k;
            sum = EcSubsetSumTrace.Write(table, columns, run, InputCells, sum, s_points.Value[k], inputs[k]);
            EcSubsetSumTrace.WriteBitUnpacking(table, h.ProdOnes196, h.ProdOnes192, run, inputs[k]);
        }
        return sum.X;
    }

    /// <summary>The constant points of input a (P1·2^k for k &lt; 248, P2·2^k for k &lt; 4) and of input b (P3, P4).</summary>
    private static EcPoint[][] BuildPoints()
    {
        EcPoint[] Points(EcPoint low, EcPoint high)
        {
            var x = new List<Felt>(252);
            var y = new List<Felt>(252);
            PedersenPoints.AppendDoublings(low, 248, x, y);
            PedersenPoints.AppendDoublings(high, 4, x, y);
            var points = new EcPoint[x.Count];
            for (int k = 0; k < points.Length; k++) points[k] = new EcPoint(x[k], y[k]);
            return points;
        }
        return [Points(ConstantPoints.P1, ConstantPoints.P2), Points(ConstantPoints.P3, ConstantPoints.P4)];
    }
}
