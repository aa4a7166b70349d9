using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The Cairo CPU's constraints, the first 33 of every layout: instruction decoding, operand addresses, register
/// updates, the call/ret/assert_eq opcodes, and the registers' initial and final values (Cairo paper,
/// eprint 2021/1063 §9.2–9.6 and §9.8; Stone's <c>cpu/decode</c>, <c>cpu/operands</c>, <c>cpu/update_registers</c>,
/// <c>cpu/opcodes</c>, <c>initial_*</c>, <c>final_*</c>).
/// </summary>
/// <remarks>
/// The flag prefixes f̃_k (k = 0 … 15) sit in consecutive cells of the opcode column, f̃_15 = 0, so
/// flag k = f̃_k − 2 f̃_(k+1). Offsets are stored biased: off = off̃ − 2^15.
/// </remarks>
internal static class CpuComponent
{
    private static readonly Felt OffsetSize = Felt.FromUInt64(1UL << 16);
    private static readonly Felt HalfOffsetSize = Felt.FromUInt64(1UL << 15);
    private static readonly Felt Two = Felt.FromUInt64(2);
    private static readonly Felt Four = Felt.FromUInt64(4);

    /// <summary>Adds the 33 CPU constraints in Stone's order.</summary>
    public static void Add<T>(StoneConstraintSum<T> sum, CpuColumns c) where T : struct, IConstraintValue<T>
    {
        var pi = sum.PublicInput;
        Felt initialPc = pi.Segment("program").BeginAddr, finalPc = pi.Segment("program").StopPtr;
        Felt initialAp = pi.Segment("execution").BeginAddr, finalAp = pi.Segment("execution").StopPtr;

        int flagStep = c.OpcodeRangeCheck.Step;
        int step = c.Pc.Step;
        T everyFlagCell = sum.Every(flagStep);
        T lastFlagCell = sum.Rows(16L * flagStep, 15L * flagStep);
        T everyStep = sum.Every(step);
        T lastStep = sum.Row(-step);
        T first = sum.Row(0);

        T Flag(int k) => sum.Cell(c.OpcodeRangeCheck, k) - Two * sum.Cell(c.OpcodeRangeCheck, k + 1);
        T dstReg = Flag(0), op0Reg = Flag(1), op1Imm = Flag(2), op1Fp = Flag(3), op1Ap = Flag(4);
        T resAdd = Flag(5), resMul = Flag(6), pcJumpAbs = Flag(7), pcJumpRel = Flag(8), pcJnz = Flag(9);
        T apAdd = Flag(10), apAdd1 = Flag(11), opcodeCall = Flag(12), opcodeRet = Flag(13), opcodeAssertEq = Flag(14);
        T op1Op0 = Felt.One - (op1Imm + op1Ap + op1Fp);
        T resOp1 = Felt.One - (resAdd + resMul + pcJnz);
        T pcRegular = Felt.One - (pcJumpAbs + pcJumpRel + pcJnz);
        T fpRegular = Felt.One - (opcodeCall + opcodeRet);

        T pc = sum.Cell(c.Pc), nextPc = sum.Cell(c.Pc, 1);
        T ap = sum.Cell(c.Ap), nextAp = sum.Cell(c.Ap, 1);
        T fp = sum.Cell(c.Fp), nextFp = sum.Cell(c.Fp, 1);
        T off0 = sum.Cell(c.Off0), off1 = sum.Cell(c.Off1), off2 = sum.Cell(c.Off2);
        T dst = sum.Cell(c.Dst), op0 = sum.Cell(c.Op0), op1 = sum.Cell(c.Op1), res = sum.Cell(c.Res);
        T tmp0 = sum.Cell(c.Tmp0), tmp1 = sum.Cell(c.Tmp1);
        T npcRegular = pc + op1Imm + Felt.One;

        // decode: each flag is a bit (except the 16th cell), f̃_15 = 0, and
        // instruction = off̃0 + 2^16·off̃1 + 2^32·off̃2 + 2^48·f̃_0.
        sum.Add((dstReg * dstReg - dstReg) * lastFlagCell, everyFlagCell);
        sum.Add(sum.Cell(c.OpcodeRangeCheck), lastFlagCell);
        sum.Add(sum.Cell(c.Instruction) - (((sum.Cell(c.OpcodeRangeCheck) * OffsetSize + off2) * OffsetSize + off1) * OffsetSize + off0), everyStep);
        sum.Add(op1Op0 * op1Op0 - op1Op0, everyStep);
        sum.Add(resOp1 * resOp1 - resOp1, everyStep);
        sum.Add(pcRegular * pcRegular - pcRegular, everyStep);
        sum.Add(fpRegular * fpRegular - fpRegular, everyStep);

        // operands: dst_addr = (fp or ap) + off0, op0_addr = (fp or ap) + off1,
        // op1_addr = (pc, ap, fp or op0) + off2; ops_mul = op0·op1; res by the res flags (unused under jnz).
        sum.Add(sum.Cell(c.DstAddr) + HalfOffsetSize - (dstReg * fp + (Felt.One - dstReg) * ap + off0), everyStep);
        sum.Add(sum.Cell(c.Op0Addr) + HalfOffsetSize - (op0Reg * fp + (Felt.One - op0Reg) * ap + off1), everyStep);
        sum.Add(sum.Cell(c.Op1Addr) + HalfOffsetSize - (op1Imm * pc + op1Ap * ap + op1Fp * fp + op1Op0 * op0 + off2), everyStep);
        sum.Add(sum.Cell(c.OpsMul) - op0 * op1, everyStep);
        sum.Add((Felt.One - pcJnz) * res - (resAdd * (op0 + op1) + resMul * sum.Cell(c.OpsMul) + resOp1 * op1), everyStep);

        // update_registers (all but the last step): tmp0 = jnz·dst, tmp1 = tmp0·res; the next pc is the regular
        // one, the jump target, or (jnz) pc + op1 when dst ≠ 0; ap and fp by their flags.
        sum.Add((tmp0 - pcJnz * dst) * lastStep, everyStep);
        sum.Add((tmp1 - tmp0 * res) * lastStep, everyStep);
        sum.Add(((Felt.One - pcJnz) * nextPc + tmp0 * (nextPc - (pc + op1))
                 - (pcRegular * npcRegular + pcJumpAbs * res + pcJumpRel * (pc + res))) * lastStep, everyStep);
        sum.Add((tmp1 - pcJnz) * (nextPc - npcRegular) * lastStep, everyStep);
        sum.Add((nextAp - (ap + apAdd * res + apAdd1 + opcodeCall * Two)) * lastStep, everyStep);
        sum.Add((nextFp - (fpRegular * fp + opcodeRet * dst + opcodeCall * (ap + Two))) * lastStep, everyStep);

        // opcodes: call pushes fp and the return pc at [ap], [ap + 1] and moves fp to ap + 2;
        // ret is jmp abs [fp − 1] with fp = [fp − 2]; assert_eq sets dst = res.
        sum.Add(opcodeCall * (dst - fp), everyStep);
        sum.Add(opcodeCall * (op0 - (pc + op1Imm + Felt.One)), everyStep);
        sum.Add(opcodeCall * (off0 - HalfOffsetSize), everyStep);
        sum.Add(opcodeCall * (off1 - (HalfOffsetSize + Felt.One)), everyStep);
        sum.Add(opcodeCall * (opcodeCall + opcodeCall + Felt.One + Felt.One - (dstReg + op0Reg + Four)), everyStep);
        sum.Add(opcodeRet * (off0 + Two - HalfOffsetSize), everyStep);
        sum.Add(opcodeRet * (off2 + Felt.One - HalfOffsetSize), everyStep);
        sum.Add(opcodeRet * (pcJumpAbs + dstReg + op1Fp + resOp1 - Four), everyStep);
        sum.Add(opcodeAssertEq * (dst - res), everyStep);

        // Registers at the first and last step: ap = fp = initial_ap and pc = initial_pc at the start;
        // ap = final_ap, fp = initial_ap, pc = final_pc at the end (the public input's program and execution segments).
        sum.Add(ap - initialAp, first);
        sum.Add(fp - initialAp, first);
        sum.Add(pc - initialPc, first);
        sum.Add(ap - finalAp, lastStep);
        sum.Add(fp - initialAp, lastStep);
        sum.Add(pc - finalPc, lastStep);
    }
}
