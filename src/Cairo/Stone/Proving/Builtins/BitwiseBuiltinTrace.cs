using System.Numerics;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The bitwise builtin's cells (Stone's <c>BitwiseBuiltinProverContext::WriteTrace</c>): instance i reads x, y at
/// begin + 5i, begin + 5i + 1 and writes x&amp;y, x^y, x|y after them; each of x, y, x&amp;y, x^y is spelled by 16
/// diluted cells, cell p holding the 16 bits of the value from bit shift_p on, 4 apart
/// (shifts 0, 1, 2, 3, 64, …, 195: Stone's <c>GeneratePartition</c>), and the 4 cells whose bits run past bit 250 are
/// copied, shifted left to the top of their diluted range, into the trim cells that keep bits 251 … 255 zero.
/// </summary>
/// <remarks>An unused instance is Stone's x = y = 0: all its cells are 0.</remarks>
internal static class BitwiseBuiltinTrace
{
    private const int TotalBits = 251;
    private const int CellsPerValue = 16;
    private static readonly int[] s_shifts = Partition();
    private static readonly ulong s_mask = DilutedPoolTrace.Dilute(0xFFFF);

    /// <summary>Writes every instance of the builtin whose segment starts at <paramref name="begin"/>.</summary>
    public static void Write(BuiltinCellWriter w, BitwiseColumns c, DilutedPoolTrace pool, ulong begin)
    {
        int instances = w.Table.Size(c.XOrYAddr);
        StoneVirtualColumn[] trims = [c.TrimUnpacking192, c.TrimUnpacking193, c.TrimUnpacking194, c.TrimUnpacking195];
        BuiltinInstances.ForEach(instances, i =>
        {
            Span<Felt> input = stackalloc Felt[2];
            var values = new BigInteger[4];
            ulong address = begin + 5UL * (ulong)i;
            BigInteger x = 0, y = 0;
            if (w.TryReadAll(address, input))
            {
                (x, y) = (input[0].ToBigInteger(), input[1].ToBigInteger());
                if (x.GetBitLength() > TotalBits || y.GetBitLength() > TotalBits)
                    throw new StoneBuiltinInputException($"bitwise instance {i} (address {address}): inputs must be below 2^{TotalBits}");
            }
            (values[0], values[1], values[2], values[3]) = (x, y, x & y, x ^ y);
            for (int k = 0; k < 4; k++)
            {
                w.WriteMemory(c.VarPoolAddr, c.VarPoolValue, 4 * i + k, address + (ulong)k, Felt.FromBigInteger(values[k]));
                for (int p = 0; p < CellsPerValue; p++)
                    pool.Write(c.DilutedVarPool, p + CellsPerValue * (4 * i + k), Cell(values[k], s_shifts[p]));
            }
            w.WriteMemory(c.XOrYAddr, c.XOrYValue, i, address + 4, Felt.FromBigInteger(x | y));

            // The deviating parts: shift + 4·15 + 1 > 251; shifted left by ⌈deviation / 4⌉·4.
            for (int t = 0; t < trims.Length; t++)
            {
                int shift = s_shifts[CellsPerValue - trims.Length + t];
                int deviation = shift + DilutedPoolTrace.Spacing * (DilutedPoolTrace.Bits - 1) + 1 - TotalBits;
                int delta = (deviation + DilutedPoolTrace.Spacing - 1) / DilutedPoolTrace.Spacing * DilutedPoolTrace.Spacing;
                pool.Write(trims[t], i, Cell(x | y, shift) << delta);
            }
        });
    }

    private static ulong Cell(BigInteger value, int shift) => (ulong)((value >> shift) & s_mask);

    /// <summary>Shifts a + b for a = 0, 64, 128, 192 and b &lt; 4, below 251.</summary>
    private static int[] Partition()
    {
        int skip = DilutedPoolTrace.Spacing * DilutedPoolTrace.Bits;
        var shifts = new List<int>();
        for (int a = 0; a < TotalBits; a += skip)
            for (int b = 0; b < DilutedPoolTrace.Spacing; b++)
                if (a + b < TotalBits) shifts.Add(a + b);
        return [.. shifts];
    }
}
