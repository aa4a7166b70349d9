using System.Numerics;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The range_check builtin's cells in two phases, as Stone writes them
/// (<c>RangeCheckBuiltinProverContext::WriteTrace</c>, then <c>Finalize</c>):
/// <list type="number">
/// <item>before the range-check-16 pool is finalized, each used instance's value v &lt; 2^128 goes into its 8 pool
/// cells, most significant 16 bits first (cell 8i + k holds bits 16(7 − k) … 16(7 − k) + 15); the cells of unused
/// instances are left empty, so the pool's hole filling writes missing 16-bit values into them;</item>
/// <item>after that, every instance's memory cell gets the value its 8 pool cells spell, used or not.</item>
/// </list>
/// </summary>
internal static class RangeCheckBuiltinTrace
{
    private const int Parts = 8;
    private const int PartBits = 16;

    /// <summary>Phase 1: the used instances' parts.</summary>
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
        // The memory cells are written in phase 2, before the memory is finalized: they are taken now.
        for (int i = 0; i < instances; i++) w.Writes.MarkMemory(c.Addr, i);
    }

    /// <summary>Phase 2: every instance's memory cell, the value of its (now filled) parts.</summary>
    public static void WriteMemory(StoneTraceTable table, RangeCheckBuiltinColumns c, ulong begin)
    {
        int instances = table.Size(c.Addr);
        var shift = Felt.FromUInt64(1UL << PartBits);
        for (int i = 0; i < instances; i++)
        {
            Felt value = Felt.Zero;
            for (int k = 0; k < Parts; k++) value = value * shift + table[c.Parts, Parts * i + k];
            table[c.Addr, i] = Felt.FromUInt64(begin + (ulong)i);
            table[c.Value, i] = value;
        }
    }
}
