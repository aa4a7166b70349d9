using Zetina.Stark.Field;
using C = Zetina.Cairo.Air.CairoColumns;

namespace Zetina.Cairo.Air;

/// <summary>
/// The Cairo AIR of Goldberg, Papini and Riabzev, "Cairo – a Turing-complete STARK-friendly CPU architecture"
/// (2021), §9, laid out one row per Cairo step (<see cref="CairoColumns"/>, <see cref="CairoTraceShape"/>).
/// All constraints have degree ≤ 2.
/// </summary>
/// <remarks>
/// <para>Constraint groups, in the order <see cref="Evaluate"/> writes them:</para>
/// <list type="number">
/// <item>instruction decoding (§9.3): flags are bits, the word is the sum of offsets and flags;</item>
/// <item>operands (§9.4): dst/op0/op1 addresses, mul, res;</item>
/// <item>register updates (§9.5): t0, t1, next pc (two constraints), next ap, next fp;</item>
/// <item>opcodes (§9.6): call pushes fp and the return pc, assert_eq;</item>
/// <item>boundary registers (§9.9 public input): initial pc/ap/fp, final pc/ap;</item>
/// <item>memory (§9.7): sorted addresses continuous, single-valued, running permutation product, public memory;</item>
/// <item>range checks (§9.8): sorted values step by 0 or 1, running product, bounds rc_min / rc_max.</item>
/// </list>
/// <para>Offsets are stored biased (off + 2^15 ∈ [0, 2^16)), which is what the range check sees.</para>
/// </remarks>
public sealed class CairoAir
{
    private static readonly Felt s_two16 = 1UL << 16;
    private static readonly Felt s_two32 = 1UL << 32;
    private static readonly Felt s_two48 = 1UL << 48;
    private static readonly Felt s_bias = (ulong)CairoInstruction.Bias;
    private static readonly Felt s_two = 2UL;

    private readonly CairoConstraint[] _constraints;

    /// <summary>Creates the AIR for a trace shape and its public boundary values.</summary>
    public CairoAir(CairoTraceShape shape, CairoBoundary boundary)
    {
        Shape = shape;
        Boundary = boundary;
        _constraints = BuildConstraintList(shape);
    }

    /// <summary>The trace shape.</summary>
    public CairoTraceShape Shape { get; }

    /// <summary>The public values the boundary constraints use.</summary>
    public CairoBoundary Boundary { get; }

    /// <summary>All constraints, in evaluation order.</summary>
    public ReadOnlySpan<CairoConstraint> Constraints => _constraints;

    /// <summary>Number of constraints (length of <see cref="Evaluate"/>'s result span).</summary>
    public int ConstraintCount => _constraints.Length;

    /// <summary>Largest constraint degree (2).</summary>
    public int MaxDegree => 2;

    /// <summary>
    /// Evaluates every constraint at one point: <paramref name="cur"/>/<paramref name="next"/> are the main-trace
    /// row and the row after it, <paramref name="icur"/>/<paramref name="inext"/> the interaction-trace rows, and
    /// <paramref name="memoryProductEnd"/> is <see cref="CairoBoundary.MemoryProductEnd"/> for these challenges.
    /// Writes <see cref="ConstraintCount"/> values into <paramref name="result"/>; each must vanish on its constraint's
    /// domain. Never throws; does not allocate.
    /// </summary>
    public void Evaluate(ReadOnlySpan<Felt> cur, ReadOnlySpan<Felt> next, ReadOnlySpan<Felt> icur, ReadOnlySpan<Felt> inext,
        in CairoChallenges ch, in Felt memoryProductEnd, Span<Felt> result)
    {
        int o = 0;
        Felt one = Felt.One;

        // §9.3 decoding. f_i · (f_i − 1) = 0 for i = 0..14: each flag is a bit.
        Felt flagSum = Felt.Zero;
        for (int i = 14; i >= 0; i--)
        {
            Felt f = cur[C.Flag0 + i];
            result[o++] = f * (f - one);
            flagSum = flagSum + flagSum + f;
        }
        // inst = off_dst~ + 2^16·off_op0~ + 2^32·off_op1~ + 2^48·Σ 2^i·f_i  (§9.3, eq. for the instruction word).
        // With bits as flags and the offsets range-checked to [0, 2^16), the decomposition is unique (inst < 2^63 < p).
        result[o++] = cur[C.Inst] - (cur[C.OffDst] + s_two16 * cur[C.OffOp0] + s_two32 * cur[C.OffOp1] + s_two48 * flagSum);

        Felt pc = cur[C.Pc], ap = cur[C.Ap], fp = cur[C.Fp];
        Felt fDstReg = cur[C.Flag0 + 0], fOp0Reg = cur[C.Flag0 + 1], fOp1Imm = cur[C.Flag0 + 2], fOp1Fp = cur[C.Flag0 + 3];
        Felt fOp1Ap = cur[C.Flag0 + 4], fResAdd = cur[C.Flag0 + 5], fResMul = cur[C.Flag0 + 6], fJumpAbs = cur[C.Flag0 + 7];
        Felt fJumpRel = cur[C.Flag0 + 8], fJnz = cur[C.Flag0 + 9], fApAdd = cur[C.Flag0 + 10], fApAdd1 = cur[C.Flag0 + 11];
        Felt fCall = cur[C.Flag0 + 12], fRet = cur[C.Flag0 + 13], fAssertEq = cur[C.Flag0 + 14];
        Felt dst = cur[C.Dst], op0 = cur[C.Op0], op1 = cur[C.Op1], res = cur[C.Res];
        Felt t0 = cur[C.T0], t1 = cur[C.T1], mul = cur[C.Mul];

        // §9.4: dst_addr = f_DST_REG·fp + (1 − f_DST_REG)·ap + (off_dst~ − 2^15).
        result[o++] = cur[C.DstAddr] - (fDstReg * fp + (one - fDstReg) * ap + (cur[C.OffDst] - s_bias));
        // §9.4: op0_addr = f_OP0_REG·fp + (1 − f_OP0_REG)·ap + (off_op0~ − 2^15).
        result[o++] = cur[C.Op0Addr] - (fOp0Reg * fp + (one - fOp0Reg) * ap + (cur[C.OffOp0] - s_bias));
        // §9.4: op1_addr = f_OP1_IMM·pc + f_OP1_AP·ap + f_OP1_FP·fp + (1 − f_OP1_IMM − f_OP1_AP − f_OP1_FP)·op0 + (off_op1~ − 2^15).
        result[o++] = cur[C.Op1Addr] - (fOp1Imm * pc + fOp1Ap * ap + fOp1Fp * fp + (one - fOp1Imm - fOp1Ap - fOp1Fp) * op0 + (cur[C.OffOp1] - s_bias));
        // §9.4: mul = op0 · op1.
        result[o++] = mul - op0 * op1;
        // §9.4: (1 − f_PC_JNZ)·res = f_RES_ADD·(op0 + op1) + f_RES_MUL·mul + (1 − f_RES_ADD − f_RES_MUL − f_PC_JNZ)·op1.
        result[o++] = (one - fJnz) * res - (fResAdd * (op0 + op1) + fResMul * mul + (one - fResAdd - fResMul - fJnz) * op1);

        // §9.5: t0 = f_PC_JNZ · dst.
        result[o++] = t0 - fJnz * dst;
        // §9.5: t1 = t0 · res.
        result[o++] = t1 - t0 * res;
        Felt size = fOp1Imm + one;
        Felt nextPc = next[C.Pc];
        // §9.5: (t1 − f_PC_JNZ)·(next_pc − (pc + instruction_size)) = 0.
        result[o++] = (t1 - fJnz) * (nextPc - (pc + size));
        // §9.5: t0·(next_pc − (pc + op1)) + (1 − f_PC_JNZ)·next_pc
        //        − ((1 − f_PC_JUMP_ABS − f_PC_JUMP_REL − f_PC_JNZ)·(pc + instruction_size) + f_PC_JUMP_ABS·res + f_PC_JUMP_REL·(pc + res)) = 0.
        result[o++] = t0 * (nextPc - (pc + op1)) + (one - fJnz) * nextPc
            - ((one - fJumpAbs - fJumpRel - fJnz) * (pc + size) + fJumpAbs * res + fJumpRel * (pc + res));
        // §9.5: next_ap = ap + f_AP_ADD·res + f_AP_ADD1 + 2·f_OPCODE_CALL.
        result[o++] = next[C.Ap] - (ap + fApAdd * res + fApAdd1 + s_two * fCall);
        // §9.5: next_fp = f_OPCODE_RET·dst + f_OPCODE_CALL·(ap + 2) + (1 − f_OPCODE_RET − f_OPCODE_CALL)·fp.
        result[o++] = next[C.Fp] - (fRet * dst + fCall * (ap + s_two) + (one - fRet - fCall) * fp);

        // §9.6 call: f_OPCODE_CALL·(dst − fp) = 0 (the old fp is pushed at [ap]).
        result[o++] = fCall * (dst - fp);
        // §9.6 call: f_OPCODE_CALL·(op0 − (pc + instruction_size)) = 0 (the return pc is pushed at [ap + 1]).
        result[o++] = fCall * (op0 - (pc + size));
        // §9.6 assert_eq: f_OPCODE_ASSERT_EQ·(dst − res) = 0.
        result[o++] = fAssertEq * (dst - res);

        // §9.9 boundary: pc_0 = initial_pc, ap_0 = fp_0 = initial_ap, pc_{n−1} = final_pc, ap_{n−1} = final_ap.
        result[o++] = pc - Boundary.InitialPc;
        result[o++] = ap - Boundary.InitialAp;
        result[o++] = fp - Boundary.InitialAp;
        result[o++] = pc - Boundary.FinalPc;
        result[o++] = ap - Boundary.FinalAp;

        // §9.7 memory. Sorted pairs (a, v), (a', v') consecutive in row-major slot order:
        //   (a' − a)·(a' − a − 1) = 0   (continuity: addresses step by 0 or 1)
        //   (v' − v)·(a' − a − 1) = 0   (single-valued: same address, same value)
        CairoTraceShape s = Shape;
        int m = s.MemorySlots;
        for (int j = 0; j + 1 < m; j++)
        {
            int ca = s.SortedMemoryAddress(j), cb = s.SortedMemoryAddress(j + 1);
            Felt da = cur[cb] - cur[ca];
            result[o++] = da * (da - one);
            result[o++] = (cur[cb + 1] - cur[ca + 1]) * (da - one);
        }
        {
            int ca = s.SortedMemoryAddress(m - 1), cb = s.SortedMemoryAddress(0);
            Felt da = next[cb] - cur[ca];
            result[o++] = da * (da - one);
            result[o++] = (next[cb + 1] - cur[ca + 1]) * (da - one);
        }
        // §9.7 running product p_j after slot j, row-major: p_j·(z − (a'_j + α·v'_j)) = p_{j−1}·(z − (a_j + α·v_j)),
        // with p_{−1} = 1 on row 0 and p_{−1} = p_{m−1} of the previous row otherwise.
        Felt z = ch.MemoryZ, alpha = ch.MemoryAlpha;
        {
            (int ua, int uv) = s.UnsortedMemory(0);
            int sa = s.SortedMemoryAddress(0);
            // First row: p_0·(z − (a'_0 + α·v'_0)) = z − (a_0 + α·v_0).
            result[o++] = icur[s.MemoryProduct(0)] * (z - (cur[sa] + alpha * cur[sa + 1])) - (z - (cur[ua] + alpha * cur[uv]));
            // Next row: p_0[i+1]·(z − (a'_0 + α·v'_0)[i+1]) = p_{m−1}[i]·(z − (a_0 + α·v_0)[i+1]).
            result[o++] = inext[s.MemoryProduct(0)] * (z - (next[sa] + alpha * next[sa + 1]))
                - icur[s.MemoryProduct(m - 1)] * (z - (next[ua] + alpha * next[uv]));
        }
        for (int j = 1; j < m; j++)
        {
            (int ua, int uv) = s.UnsortedMemory(j);
            int sa = s.SortedMemoryAddress(j);
            result[o++] = icur[s.MemoryProduct(j)] * (z - (cur[sa] + alpha * cur[sa + 1]))
                - icur[s.MemoryProduct(j - 1)] * (z - (cur[ua] + alpha * cur[uv]));
        }
        // §9.7: the sorted memory starts at address 1 (every relocated address is ≥ 1, so no dummy (0, 0) can hide in it).
        result[o++] = cur[s.SortedMemoryAddress(0)] - Boundary.FirstAddress;
        // §9.7 public memory: p_{m−1}[n−1] = z^|pub| / ∏_pub (z − (a + α·v)).
        result[o++] = icur[s.MemoryProduct(m - 1)] - memoryProductEnd;

        // §9.8 range checks. Sorted values r, r' consecutive: (r' − r)·(r' − r − 1) = 0.
        int q = s.RangeCheckSlots;
        for (int j = 0; j + 1 < q; j++)
        {
            Felt d = cur[s.SortedRangeCheck(j + 1)] - cur[s.SortedRangeCheck(j)];
            result[o++] = d * (d - one);
        }
        {
            Felt d = next[s.SortedRangeCheck(0)] - cur[s.SortedRangeCheck(q - 1)];
            result[o++] = d * (d - one);
        }
        // §9.8 running product: p_j·(z' − r'_j) = p_{j−1}·(z' − r_j), p_{−1} = 1 on row 0.
        Felt zr = ch.RangeCheckZ;
        result[o++] = icur[s.RangeCheckProduct(0)] * (zr - cur[s.SortedRangeCheck(0)]) - (zr - cur[s.UnsortedRangeCheck(0)]);
        result[o++] = inext[s.RangeCheckProduct(0)] * (zr - next[s.SortedRangeCheck(0)])
            - icur[s.RangeCheckProduct(q - 1)] * (zr - next[s.UnsortedRangeCheck(0)]);
        for (int j = 1; j < q; j++)
            result[o++] = icur[s.RangeCheckProduct(j)] * (zr - cur[s.SortedRangeCheck(j)])
                - icur[s.RangeCheckProduct(j - 1)] * (zr - cur[s.UnsortedRangeCheck(j)]);
        // §9.8 bounds: r'_0[0] = rc_min, r'_{q−1}[n−1] = rc_max, and the product ends at 1 (a permutation).
        result[o++] = cur[s.SortedRangeCheck(0)] - Boundary.RcMin;
        result[o++] = cur[s.SortedRangeCheck(q - 1)] - Boundary.RcMax;
        result[o++] = icur[s.RangeCheckProduct(q - 1)] - one;
    }

    private static CairoConstraint[] BuildConstraintList(CairoTraceShape s)
    {
        var list = new List<CairoConstraint>();
        void Add(string name, ConstraintDomain d, int deg = 2) => list.Add(new CairoConstraint(name, d, deg));
        for (int i = 14; i >= 0; i--) Add($"flag_bit[{(CairoFlag)i}]", ConstraintDomain.EveryRow);
        Add("decode_instruction", ConstraintDomain.EveryRow, 1);
        Add("dst_addr", ConstraintDomain.EveryRow);
        Add("op0_addr", ConstraintDomain.EveryRow);
        Add("op1_addr", ConstraintDomain.EveryRow);
        Add("mul", ConstraintDomain.EveryRow);
        Add("res", ConstraintDomain.EveryRow);
        Add("jnz_t0", ConstraintDomain.EveryRow);
        Add("jnz_t1", ConstraintDomain.EveryRow);
        Add("next_pc_regular", ConstraintDomain.AllButLastRow);
        Add("next_pc_jump", ConstraintDomain.AllButLastRow);
        Add("next_ap", ConstraintDomain.AllButLastRow);
        Add("next_fp", ConstraintDomain.AllButLastRow);
        Add("call_push_fp", ConstraintDomain.EveryRow);
        Add("call_push_pc", ConstraintDomain.EveryRow);
        Add("assert_eq", ConstraintDomain.EveryRow);
        Add("initial_pc", ConstraintDomain.FirstRow, 1);
        Add("initial_ap", ConstraintDomain.FirstRow, 1);
        Add("initial_fp", ConstraintDomain.FirstRow, 1);
        Add("final_pc", ConstraintDomain.LastRow, 1);
        Add("final_ap", ConstraintDomain.LastRow, 1);
        for (int j = 0; j + 1 < s.MemorySlots; j++)
        {
            Add($"memory_continuous[{j}]", ConstraintDomain.EveryRow);
            Add($"memory_single_valued[{j}]", ConstraintDomain.EveryRow);
        }
        Add("memory_continuous[row]", ConstraintDomain.AllButLastRow);
        Add("memory_single_valued[row]", ConstraintDomain.AllButLastRow);
        Add("memory_product[first]", ConstraintDomain.FirstRow);
        Add("memory_product[row]", ConstraintDomain.AllButLastRow);
        for (int j = 1; j < s.MemorySlots; j++) Add($"memory_product[{j}]", ConstraintDomain.EveryRow);
        Add("memory_first_address", ConstraintDomain.FirstRow, 1);
        Add("memory_public", ConstraintDomain.LastRow, 1);
        for (int j = 0; j + 1 < s.RangeCheckSlots; j++) Add($"rc_continuous[{j}]", ConstraintDomain.EveryRow);
        Add("rc_continuous[row]", ConstraintDomain.AllButLastRow);
        Add("rc_product[first]", ConstraintDomain.FirstRow);
        Add("rc_product[row]", ConstraintDomain.AllButLastRow);
        for (int j = 1; j < s.RangeCheckSlots; j++) Add($"rc_product[{j}]", ConstraintDomain.EveryRow);
        Add("rc_min", ConstraintDomain.FirstRow, 1);
        Add("rc_max", ConstraintDomain.LastRow, 1);
        Add("rc_product_end", ConstraintDomain.LastRow, 1);
        return list.ToArray();
    }
}
