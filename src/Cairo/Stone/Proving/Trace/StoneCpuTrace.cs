using Zetina.Cairo.Air;
using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Trace;

/// <summary>
/// The CPU component's cells, one Cairo step per 16 rows: the instruction fetch and the three operand accesses
/// (memory-pool cells), the three biased offsets (16-bit range-check pool cells), the flag prefixes, the registers,
/// ops_mul, res and the jnz temporaries (Stone's <c>CpuComponent::WriteTrace</c>; Cairo paper, eprint 2021/1063 §9).
/// </summary>
/// <remarks>
/// Instruction word layout (paper §4.4): bits 0–15 off̃_dst, 16–31 off̃_op0, 32–47 off̃_op1, 48–62 the 15 flags.
/// The opcode column's 16 cells of step i hold the flag prefixes f̃_k = ⌊flags / 2^k⌋, k = 0 … 15 (f̃_15 = 0).
/// </remarks>
internal static class StoneCpuTrace
{
    /// <summary>Steps per task when the steps are written in parallel (each step writes its own cells only).</summary>
    private const int StepsPerTask = 1024;

    /// <summary>Writes every step of <paramref name="run"/> into <paramref name="main"/> through the layout's CPU columns.</summary>
    /// <exception cref="StoneTraceException">A step's instruction or operand is not in memory, or the instruction does not decode (the first such step).</exception>
    public static void Write(StoneTraceTable main, CpuColumns c, CairoRun run)
    {
        RegisterState[] steps = run.Trace;
        int tasks = (steps.Length + StepsPerTask - 1) / StepsPerTask;
        var failures = new StoneTraceException?[tasks];
        Parallel.For(0, tasks, t =>
        {
            try
            {
                for (int i = t * StepsPerTask; i < Math.Min(steps.Length, (t + 1) * StepsPerTask); i++) WriteStep(main, c, run.Memory, i, steps[i]);
            }
            catch (StoneTraceException e)
            {
                failures[t] = e;
            }
        });
        foreach (StoneTraceException? e in failures)
            if (e is not null) throw e;
    }

    private static void WriteStep(StoneTraceTable main, CpuColumns c, MemoryImage memory, int i, RegisterState s)
    {
        Felt word = Read(memory, s.Pc, i, "instruction");
        if (!CairoInstruction.TryDecode(word, out CairoInstruction ins))
            throw new StoneTraceException($"step {i}: the word at pc {s.Pc} is not a Cairo instruction");

        main[c.Pc, i] = Felt.FromUInt64(s.Pc);
        main[c.Instruction, i] = word;
        main[c.Off0, i] = Felt.FromUInt64(ins.OffDst);
        main[c.Off1, i] = Felt.FromUInt64(ins.OffOp0);
        main[c.Off2, i] = Felt.FromUInt64(ins.OffOp1);
        for (int k = 0; k < 16; k++) main[c.OpcodeRangeCheck, 16 * i + k] = Felt.FromUInt64((ulong)(ins.Flags >> k));

        // dst_addr = (fp or ap) + off_dst, op0_addr = (fp or ap) + off_op0 (paper §4.5).
        ulong dstAddr = (ins.Has(CairoFlag.DstReg) ? s.Fp : s.Ap) + ins.OffDst - CairoInstruction.Bias;
        ulong op0Addr = (ins.Has(CairoFlag.Op0Reg) ? s.Fp : s.Ap) + ins.OffOp0 - CairoInstruction.Bias;
        Felt dst = Read(memory, dstAddr, i, "dst");
        Felt op0 = Read(memory, op0Addr, i, "op0");
        // op1_addr = (pc, fp, ap or [op0]) + off_op1.
        ulong op1Base;
        if (ins.Has(CairoFlag.Op1Imm)) op1Base = s.Pc;
        else if (ins.Has(CairoFlag.Op1Fp)) op1Base = s.Fp;
        else if (ins.Has(CairoFlag.Op1Ap)) op1Base = s.Ap;
        else if (!FeltMath.TryToUInt64(op0, out op1Base))
            throw new StoneTraceException($"step {i}: op0 = {op0} at {op0Addr} is not an address, and op1 is read through it");
        ulong op1Addr = op1Base + ins.OffOp1 - CairoInstruction.Bias;
        Felt op1 = Read(memory, op1Addr, i, "op1");

        main[c.DstAddr, i] = Felt.FromUInt64(dstAddr);
        main[c.Dst, i] = dst;
        main[c.Op0Addr, i] = Felt.FromUInt64(op0Addr);
        main[c.Op0, i] = op0;
        main[c.Op1Addr, i] = Felt.FromUInt64(op1Addr);
        main[c.Op1, i] = op1;

        // res = op0 + op1, op0·op1, op1, or (jnz, where res is unused) dst⁻¹ (0 when dst = 0), as Stone writes it.
        Felt mul = op0 * op1;
        bool jnz = ins.Has(CairoFlag.PcJnz);
        Felt res = ins.Has(CairoFlag.ResAdd) ? op0 + op1
            : ins.Has(CairoFlag.ResMul) ? mul
            : jnz ? (dst.IsZero ? Felt.Zero : dst.Inverse())
            : op1;
        main[c.OpsMul, i] = mul;
        main[c.Res, i] = res;
        main[c.Ap, i] = Felt.FromUInt64(s.Ap);
        main[c.Fp, i] = Felt.FromUInt64(s.Fp);
        // tmp0 = jnz·dst, tmp1 = tmp0·res (update_pc's degree-reducing temporaries).
        Felt tmp0 = jnz ? dst : Felt.Zero;
        main[c.Tmp0, i] = tmp0;
        main[c.Tmp1, i] = tmp0 * res;
    }

    private static Felt Read(MemoryImage memory, ulong address, int step, string what) =>
        memory.TryGet(address, out Felt v) ? v : throw new StoneTraceException($"step {step}: {what} address {address} is not in memory");
}
