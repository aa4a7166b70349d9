using System.Numerics;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The range_check builtin's range-check cells (Stone's <c>RangeCheckBuiltinProverContext::WriteTrace</c>): each used
/// instance's value v &lt; 2^128 goes into its 8 cells of the 16-bit pool, most significant 16 bits first (cell 8i + k
/// holds bits 16(7 − k) … 16(7 − k) + 15). The cells of unused instances are left vacant, so the pool's hole filling
/// writes missing 16-bit values into them.
/// </summary>
/// <remarks>
/// The instances' memory cells come after the pool is finalized (Stone's <c>Finalize</c>, the trace builder's step):
/// every instance, used or not, reads the value its 8 cells spell.
/// </remarks>
internal static class RangeCheckBuiltinTrace
{
    private const int Parts = 8;
    private const int PartBits = 16;

    /// <summary>Writes the used instances' parts.</summary>
    public static void WriteParts(BuiltinCellWriter w, RangeCheckBuiltinColumns c, ulong begin)
    {
        int instances = w.Table.Size(c.Addr);
        for (int i = 0; i < instances; i++)
        {
            if (!w.TryRead(begin + (ulong)i, out Felt value)) continue;
            BigInteger v = value.ToBigInteger();
            if (v.GetBitLength() > Parts * PartBits)
                throw new StoneBuiltinInputException($"range_check instance {i} (address {begin + (ulong)i}): {v} is not below 2^{Parts * PartBits}");
            for (int k = 0; k < Parts; k++)
                w.WriteRangeCheck(c.Parts, Parts * i + k, (ushort)(v >> (PartBits * (Parts - 1 - k)) & 0xFFFF));
        }
    }
}
