namespace Zetina.Cairo.Program;

/// <summary>
/// Encodes Cairo instructions (Cairo paper §4.4, Fig. 6) so the node can carry small built-in programs
/// without a Cairo compiler. Used for the demo job and the proving benchmark's program.
/// </summary>
/// <remarks>
/// Layout of one instruction word, least significant bit first:
/// <code>
///  bits  0..15  off_dst + 2^15       bits 48  dst_reg (0 ap, 1 fp)
///  bits 16..31  off_op0 + 2^15       bits 49  op0_reg (0 ap, 1 fp)
///  bits 32..47  off_op1 + 2^15       bits 50..52 op1_src (imm, fp, ap; none = [op0])
///                                    bits 53..54 res_logic (add, mul)
///                                    bits 55..57 pc_update (jump abs, jump rel, jnz)
///                                    bits 58..59 ap_update (add, add1)
///                                    bits 60..62 opcode (call, ret, assert_eq)
/// </code>
/// </remarks>
internal static class CairoAssembly
{
    internal const int DstFp = 1 << 0;
    internal const int Op0Fp = 1 << 1;
    internal const int Op1Imm = 1 << 2;
    internal const int Op1Fp = 1 << 3;
    internal const int Op1Ap = 1 << 4;
    internal const int ResAdd = 1 << 5;
    internal const int ResMul = 1 << 6;
    internal const int PcJumpAbs = 1 << 7;
    internal const int PcJumpRel = 1 << 8;
    internal const int PcJnz = 1 << 9;
    internal const int ApAdd = 1 << 10;
    internal const int ApAdd1 = 1 << 11;
    internal const int OpCall = 1 << 12;
    internal const int OpRet = 1 << 13;
    internal const int OpAssertEq = 1 << 14;

    /// <summary>The 63-bit instruction word for the given offsets (each in [−2^15, 2^15)) and flag bits.</summary>
    public static ulong Encode(int offDst, int offOp0, int offOp1, int flags)
    {
        static ulong Biased(int off) => off is >= -(1 << 15) and < (1 << 15)
            ? (ulong)(off + (1 << 15))
            : throw new ArgumentOutOfRangeException(nameof(off), $"offset {off} does not fit 16 bits");
        return Biased(offDst) | (Biased(offOp0) << 16) | (Biased(offOp1) << 32) | ((ulong)flags << 48);
    }
}
