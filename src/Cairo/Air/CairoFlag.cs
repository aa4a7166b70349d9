namespace Zetina.Cairo.Air;

/// <summary>
/// The 15 instruction flag bits f_0..f_14 in the order of the Cairo paper §4.5 (bit i of the word's top 16 bits).
/// </summary>
/// <remarks>
/// Instruction word, least significant bit first (paper §4.4, Figure 1):
/// <code>
///  bits  0..15  off_dst  (biased: off + 2^15)
///  bits 16..31  off_op0  (biased)
///  bits 32..47  off_op1  (biased)
///  bits 48..62  f_0 .. f_14, bit 63 zero
/// </code>
/// </remarks>
public enum CairoFlag
{
    /// <summary>f_0: dst is addressed from fp (else ap).</summary>
    DstReg = 0,
    /// <summary>f_1: op0 is addressed from fp (else ap).</summary>
    Op0Reg = 1,
    /// <summary>f_2: op1 is the immediate at pc + 1.</summary>
    Op1Imm = 2,
    /// <summary>f_3: op1 is addressed from fp.</summary>
    Op1Fp = 3,
    /// <summary>f_4: op1 is addressed from ap.</summary>
    Op1Ap = 4,
    /// <summary>f_5: res = op0 + op1.</summary>
    ResAdd = 5,
    /// <summary>f_6: res = op0 · op1.</summary>
    ResMul = 6,
    /// <summary>f_7: absolute jump, pc ← res.</summary>
    PcJumpAbs = 7,
    /// <summary>f_8: relative jump, pc ← pc + res.</summary>
    PcJumpRel = 8,
    /// <summary>f_9: conditional relative jump on dst ≠ 0.</summary>
    PcJnz = 9,
    /// <summary>f_10: ap ← ap + res.</summary>
    ApAdd = 10,
    /// <summary>f_11: ap ← ap + 1.</summary>
    ApAdd1 = 11,
    /// <summary>f_12: call.</summary>
    OpcodeCall = 12,
    /// <summary>f_13: ret.</summary>
    OpcodeRet = 13,
    /// <summary>f_14: assert_eq.</summary>
    OpcodeAssertEq = 14,
}
