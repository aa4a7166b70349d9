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
    /// Decodes a felt as a plain instruction; false when it is not below 2^63 (bit 63 must be zero, paper §4.4).
    /// </summary>
    public static bool TryDecode(in Felt word, out CairoInstruction instruction) =>
        TryDecode(word, out instruction, out int extension) && extension == 0;

    /// <summary>
    /// Decodes a felt as an instruction with an opcode extension: the low 63 bits as above and
    /// <paramref name="extension"/> = ⌊word / 2^63⌋ ∈ {0, 1, 2, 3} (0 plain, 1 Blake2s, 2 Blake2s finalize, 3 QM31;
    /// docs/cairo-vm.md, "Opcode extensions"); false when the word is not below 2^65.
    /// </summary>
    public static bool TryDecode(in Felt word, out CairoInstruction instruction, out int extension)
    {
        word.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        if ((x2 | x3) != 0 || x1 > 1)
        {
            instruction = default;
            extension = 0;
            return false;
        }
        extension = (int)((x0 >> 63) | (x1 << 1));
        instruction = new CairoInstruction((ushort)x0, (ushort)(x0 >> 16), (ushort)(x0 >> 32), (ushort)((x0 >> 48) & 0x7FFF));
        return true;
    }
}
