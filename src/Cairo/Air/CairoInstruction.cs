using Zetina.Stark.Field;

namespace Zetina.Cairo.Air;

/// <summary>
/// A decoded instruction word: the three biased 16-bit offsets and the 15 flags (see <see cref="CairoFlag"/> for the layout).
/// </summary>
public readonly record struct CairoInstruction(ushort OffDst, ushort OffOp0, ushort OffOp1, ushort Flags)
{
    /// <summary>2^15, the offset bias.</summary>
    public const int Bias = 1 << 15;

    /// <summary>True when flag <paramref name="f"/> is set.</summary>
    public bool Has(CairoFlag f) => ((Flags >> (int)f) & 1) != 0;

    /// <summary>1 + f_OP1_IMM: the instruction's size in words.</summary>
    public int Size => Has(CairoFlag.Op1Imm) ? 2 : 1;

    /// <summary>
    /// Decodes a felt as an instruction; false when it is not below 2^63 (bit 63 must be zero, paper §4.4).
    /// </summary>
    public static bool TryDecode(in Felt word, out CairoInstruction instruction)
    {
        word.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        if ((x1 | x2 | x3) != 0 || (x0 >> 63) != 0)
        {
            instruction = default;
            return false;
        }
        instruction = new CairoInstruction((ushort)x0, (ushort)(x0 >> 16), (ushort)(x0 >> 32), (ushort)(x0 >> 48));
        return true;
    }
}
