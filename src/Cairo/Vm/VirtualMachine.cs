using System.Runtime.CompilerServices;
using Zetina.Cairo.Errors;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Vm;

/// <summary>Runs the hints attached to a pc before its instruction executes.</summary>
public interface IHintExecutor
{
    /// <summary>Executes every hint at <paramref name="pc"/>.</summary>
    void ExecuteHints(VirtualMachine vm, Relocatable pc);
}

/// <summary>
/// The Cairo CPU (Cairo whitepaper §4): registers, memory, the step loop with operand deduction and the opcode
/// checks, and the optional trace. One step: run the pc's hints, fetch and decode the instruction (decoded words
/// of the program segment are cached by pc), compute dst/op0/op1 — deducing unknown ones from the opcode or a
/// builtin — write deduced cells, check <c>assert_eq</c> / <c>call</c>, update fp, ap, pc.
/// </summary>
/// <remarks>
/// A step allocates nothing: memory is a flat array per segment, the decoded instruction is read by reference
/// from the cache and the trace is a growable array of 24-byte entries.
/// </remarks>
public sealed class VirtualMachine
{
    private Instruction[] _decoded = [];
    private bool[] _isDecoded = [];
    private bool[] _hasHint = [];
    private TraceEntry[] _trace = [];
    private int _traceCount;

    /// <summary>Memory and its segments.</summary>
    public Memory Memory { get; } = new();

    /// <summary>The registers.</summary>
    public RunContext Context;

    /// <summary>Steps executed so far.</summary>
    public long CurrentStep { get; private set; }

    /// <summary>When true each step appends its registers to <see cref="Trace"/>.</summary>
    public bool TraceEnabled { get; set; }

    /// <summary>Smallest biased instruction offset executed (the range check's lower bound), or int.MaxValue.</summary>
    public int RcMin { get; private set; } = int.MaxValue;

    /// <summary>Largest biased instruction offset executed, or int.MinValue.</summary>
    public int RcMax { get; private set; } = int.MinValue;

    /// <summary>Runs hints; null for programs without hints.</summary>
    public IHintExecutor? Hints { get; set; }

    /// <summary>
    /// True when <see cref="Hints"/> also has hints outside the program segment (a bootloader loads task programs
    /// into segments of their own): the VM then asks at every pc outside segment 0.
    /// </summary>
    public bool HintsOutsideProgram { get; set; }

    /// <summary>Looks up error_message attributes for a failing pc (set by the runner).</summary>
    public Func<long, IReadOnlyList<string>>? ErrorMessages { get; set; }

    /// <summary>The recorded trace, one entry per executed step; empty after <see cref="Runner.CairoRunner.Run"/>, which keeps the relocated trace instead.</summary>
    public ReadOnlySpan<TraceEntry> Trace => _trace.AsSpan(0, _traceCount);

    /// <summary>Marks the program-segment pcs that carry hints.</summary>
    public void SetHintPcs(IEnumerable<int> pcs, int programLength)
    {
        _hasHint = new bool[Math.Max(programLength, 1)];
        foreach (int pc in pcs) if ((uint)pc < (uint)_hasHint.Length) _hasHint[pc] = true;
    }

    /// <summary>Prepares the decoded-instruction cache for a program segment of <paramref name="length"/> words.</summary>
    public void PrepareProgramCache(int length)
    {
        _decoded = new Instruction[length];
        _isDecoded = new bool[length];
    }

    /// <summary>Drops the unrelocated trace (the runner calls this once the relocated trace exists, to halve the trace's memory).</summary>
    internal void ReleaseTrace()
    {
        _trace = [];
        _traceCount = 0;
    }

    /// <summary>Reserves trace capacity for <paramref name="steps"/> steps.</summary>
    public void ReserveTrace(long steps)
    {
        if (steps > _trace.Length) Array.Resize(ref _trace, (int)Math.Min(steps, int.MaxValue - 64));
    }

    /// <summary>Runs until pc reaches <paramref name="end"/>; throws <see cref="MaxStepsExceededException"/> past <paramref name="maxSteps"/> steps in total.</summary>
    public void RunUntilPc(Relocatable end, long maxSteps = long.MaxValue)
    {
        while (Context.Pc != end)
        {
            if (CurrentStep >= maxSteps) throw new MaxStepsExceededException(maxSteps);
            Step();
        }
    }

    /// <summary>Runs exactly <paramref name="steps"/> steps.</summary>
    public void RunSteps(long steps)
    {
        for (long i = 0; i < steps; i++) Step();
    }

    /// <summary>Executes one instruction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step()
    {
        Relocatable pc = Context.Pc;
        if (pc.Segment == 0 ? (ulong)pc.Offset < (ulong)_hasHint.Length && _hasHint[pc.Offset] && Hints is not null : HintsOutsideProgram)
            Hints!.ExecuteHints(this, pc);

        if (TraceEnabled)
        {
            if (_traceCount == _trace.Length) Array.Resize(ref _trace, Math.Max(1024, _trace.Length * 2));
            _trace[_traceCount++] = new TraceEntry(pc, Context.Ap, Context.Fp);
        }

        if (pc.Segment == 0 && (ulong)pc.Offset < (ulong)_isDecoded.Length)
        {
            if (!_isDecoded[pc.Offset])
            {
                _decoded[pc.Offset] = DecodeAt(pc);
                _isDecoded[pc.Offset] = true;
            }
            Execute(in _decoded[pc.Offset], pc);
        }
        else
        {
            Instruction ins = DecodeAt(pc);
            Execute(in ins, pc);
        }
        CurrentStep++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Instruction DecodeAt(Relocatable pc)
    {
        MaybeRelocatable word = Memory.Get(pc);
        if (word.IsEmpty)
            throw new CairoException(CairoErrorKind.PcOutOfProgram, $"no instruction at pc={pc} (the program jumped outside its code)", pc);
        if (!word.IsFelt)
            throw new CairoException(CairoErrorKind.InvalidInstruction, $"the cell at pc={pc} holds an address ({word}), not an instruction", pc);
        ulong w = InstructionDecoder.WordFromFelt(word.Felt, out OpcodeExtension extension, pc);
        Instruction ins = InstructionDecoder.Decode(w, extension, Memory.Get(pc.Add(1)), pc);
        InstructionDecoder.BiasedOffsets(w, out int b0, out int b1, out int b2);
        int mn = Math.Min(b0, Math.Min(b1, b2)), mx = Math.Max(b0, Math.Max(b1, b2));
        if (mn < RcMin) RcMin = mn;
        if (mx > RcMax) RcMax = mx;
        return ins;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long Reg(in RunContext c, Register r) => r == Register.Ap ? c.Ap : c.Fp;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Execute(in Instruction ins, Relocatable pc)
    {
        MemorySegment[] segs = Memory.SegmentsArray;
        MemorySegment exec = segs[RunContext.ExecutionSegment];

        long dstOff = Reg(Context, ins.DstRegister) + ins.Off0;
        long op0Off = Reg(Context, ins.Op0Register) + ins.Off1;
        if (dstOff < 0 || op0Off < 0) throw Operands(pc, $"operand address below the execution segment (dst offset {dstOff}, op0 offset {op0Off})");

        MaybeRelocatable dst = exec.Get(dstOff);
        MaybeRelocatable op0 = exec.Get(op0Off);

        // op1's address: immediate, ap/fp relative, or op0 (an address) relative.
        MemorySegment op1Seg;
        long op1Off;
        MaybeRelocatable op1;
        switch (ins.Op1Source)
        {
            case Op1Source.Imm:
                op1Seg = segs[pc.Segment];
                op1Off = pc.Offset + 1;
                op1 = ins.Immediate;
                break;
            case Op1Source.Ap:
                op1Seg = exec;
                op1Off = Context.Ap + ins.Off2;
                op1 = exec.Get(op1Off);
                break;
            case Op1Source.Fp:
                op1Seg = exec;
                op1Off = Context.Fp + ins.Off2;
                op1 = exec.Get(op1Off);
                break;
            default:
                if (op0.IsEmpty)
                {
                    op0 = DeduceOp0OrThrow(in ins, pc, op0Off, dst, default, out _);
                    Memory.Insert(exec, op0Off, op0);
                }
                if (!op0.IsRelocatable) throw Operands(pc, $"op1 is addressed through op0, which is {op0}, not an address");
                if ((uint)op0.Segment < (uint)Memory.SegmentCount) op1Seg = segs[op0.Segment];
                else if (!Memory.TryTemporary(op0.Segment, out op1Seg!)) throw Operands(pc, $"op0 {op0} points to a missing segment");
                op1Off = op0.Offset + ins.Off2;
                op1 = op1Seg.Get(op1Off);
                break;
        }
        if (op1Off < 0) throw Operands(pc, "op1 address is negative");

        MaybeRelocatable res = default;
        bool resKnown = false;

        if (op0.IsEmpty)
        {
            op0 = DeduceOp0OrThrow(in ins, pc, op0Off, dst, op1, out res);
            resKnown = !res.IsEmpty;
            Memory.Insert(exec, op0Off, op0);
        }
        if (op1.IsEmpty)
        {
            if (op1Seg.Builtin is { } b && b.TryDeduce(Memory, op1Seg, op1Off, out op1))
            {
            }
            else
            {
                op1 = DeduceOp1(in ins, dst, op0, out MaybeRelocatable r1);
                if (op1.IsEmpty) throw Operands(pc, $"cannot compute op1 at {op1Seg.Index}:{op1Off}");
                if (!resKnown && !r1.IsEmpty) { res = r1; resKnown = true; }
            }
            Memory.Insert(op1Seg, op1Off, op1);
        }
        if (!resKnown)
        {
            res = ComputeRes(in ins, pc, op0, op1);
        }
        if (dst.IsEmpty)
        {
            if (ins.Opcode == Opcode.AssertEq && !res.IsEmpty) dst = res;
            else if (ins.Opcode == Opcode.Call) dst = MaybeRelocatable.FromRelocatable(RunContext.ExecutionSegment, Context.Fp);
            else throw Operands(pc, $"cannot compute dst at 1:{dstOff}");
            Memory.Insert(exec, dstOff, dst);
        }

        // Accessed cells (memory holes are counted against these).
        MarkAccessed(exec, dstOff);
        MarkAccessed(exec, op0Off);
        MarkAccessed(op1Seg, op1Off);

        // Opcode assertions.
        if (ins.Opcode == Opcode.AssertEq)
        {
            if (res.IsEmpty) throw Operands(pc, "assert_eq with an unconstrained res");
            if (!res.Equals(dst)) ThrowAssert(pc, dst, res);
        }
        else if (ins.Opcode == Opcode.Call)
        {
            var returnPc = MaybeRelocatable.FromRelocatable(pc.Segment, pc.Offset + ins.Size);
            if (!op0.Equals(returnPc)) ThrowCall(pc, $"call must write the return pc {returnPc} to [ap + 1], found {op0}");
            var fpValue = MaybeRelocatable.FromRelocatable(RunContext.ExecutionSegment, Context.Fp);
            if (!dst.Equals(fpValue)) ThrowCall(pc, $"call must write the frame pointer {fpValue} to [ap], found {dst}");
        }

        if (ins.Extension is OpcodeExtension.Blake or OpcodeExtension.BlakeFinalize)
            Blake2sStep.Execute(this, pc, dst, op0, op1, ins.Extension == OpcodeExtension.BlakeFinalize);

        // Register updates: fp, then ap, then pc (each from the old values).
        long newFp = Context.Fp;
        switch (ins.FpUpdate)
        {
            case FpUpdate.ApPlus2: newFp = Context.Ap + 2; break;
            case FpUpdate.Dst:
                // As cairo-vm: fp takes the address's offset (the final ret of a non-proof run returns to the
                // return_fp segment, whose offset 0 is then fp's value).
                if (dst.IsRelocatable) newFp = dst.Offset;
                else newFp = Context.Fp + ToOffset(dst, pc, "fp update");
                break;
        }
        long newAp = Context.Ap;
        switch (ins.ApUpdate)
        {
            case ApUpdate.Add:
                if (!res.IsFelt) throw Operands(pc, $"ap += res needs a felt res, found {res}");
                newAp = Context.Ap + (ins.Op1Source == Op1Source.Imm && ins.Res == ResLogic.Op1 && ins.HasSmallImmediate ? ins.ImmediateSmall : ToOffset(res, pc, "ap update"));
                break;
            case ApUpdate.Add1: newAp = Context.Ap + 1; break;
            case ApUpdate.Add2: newAp = Context.Ap + 2; break;
        }
        if (newAp < 0 || newFp < 0) throw Operands(pc, "ap or fp moved below the execution segment");

        Relocatable newPc;
        switch (ins.PcUpdate)
        {
            case PcUpdate.Regular:
                newPc = new Relocatable(pc.Segment, pc.Offset + ins.Size);
                break;
            case PcUpdate.Jump:
                if (!res.IsRelocatable) throw Operands(pc, $"absolute jump to {res}, which is not an address");
                newPc = res.Relocatable;
                break;
            case PcUpdate.JumpRel:
                if (!res.IsFelt) throw Operands(pc, $"relative jump by {res}, which is not a felt");
                newPc = new Relocatable(pc.Segment, pc.Offset + (ins.Op1Source == Op1Source.Imm && ins.HasSmallImmediate ? ins.ImmediateSmall : ToOffset(res, pc, "relative jump")));
                break;
            default: // Jnz
                if (dst.IsFelt && dst.Felt.IsZero)
                {
                    newPc = new Relocatable(pc.Segment, pc.Offset + ins.Size);
                }
                else
                {
                    if (!op1.IsFelt) throw Operands(pc, $"jnz by {op1}, which is not a felt");
                    newPc = new Relocatable(pc.Segment, pc.Offset + (ins.Op1Source == Op1Source.Imm && ins.HasSmallImmediate ? ins.ImmediateSmall : ToOffset(op1, pc, "jnz")));
                }
                break;
        }
        if (newPc.Offset < 0) throw new CairoException(CairoErrorKind.PcOutOfProgram, $"jump to a negative pc offset {newPc.Offset}", pc);
        Context.Fp = newFp;
        Context.Ap = newAp;
        Context.Pc = newPc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MarkAccessed(MemorySegment seg, long offset)
    {
        if ((ulong)offset < (ulong)seg.Accessed.Length) seg.Accessed[offset] = true;
    }

    private MaybeRelocatable DeduceOp0OrThrow(in Instruction ins, Relocatable pc, long op0Off, MaybeRelocatable dst, MaybeRelocatable op1, out MaybeRelocatable res)
    {
        res = default;
        switch (ins.Opcode)
        {
            case Opcode.Call:
                return MaybeRelocatable.FromRelocatable(pc.Segment, pc.Offset + ins.Size);
            case Opcode.AssertEq when ins.Extension == OpcodeExtension.Qm31Operation:
                if (dst.IsEmpty || op1.IsEmpty) break;
                res = dst;
                return Qm31Arithmetic.Inverse(ins.Res, dst, op1, pc, "op0");
            case Opcode.AssertEq:
                if (ins.Res == ResLogic.Add && !dst.IsEmpty && !op1.IsEmpty)
                {
                    res = dst;
                    return Sub(dst, op1, pc);
                }
                if (ins.Res == ResLogic.Mul && dst.IsFelt && op1.IsFelt && !op1.Felt.IsZero)
                {
                    res = dst;
                    return MaybeRelocatable.FromFelt(dst.Felt * op1.Felt.Inverse());
                }
                break;
        }
        throw Operands(pc, $"cannot compute op0 at 1:{op0Off}");
    }

    private static MaybeRelocatable DeduceOp1(in Instruction ins, MaybeRelocatable dst, MaybeRelocatable op0, out MaybeRelocatable res)
    {
        res = default;
        if (ins.Opcode != Opcode.AssertEq || dst.IsEmpty) return default;
        if (ins.Extension == OpcodeExtension.Qm31Operation)
        {
            if (op0.IsEmpty) return default;
            res = dst;
            return Qm31Arithmetic.Inverse(ins.Res, dst, op0, default, "op1");
        }
        switch (ins.Res)
        {
            case ResLogic.Op1:
                res = dst;
                return dst;
            case ResLogic.Add:
                if (op0.IsEmpty) return default;
                res = dst;
                return Sub(dst, op0, default);
            case ResLogic.Mul:
                if (dst.IsFelt && op0.IsFelt && !op0.Felt.IsZero)
                {
                    res = dst;
                    return MaybeRelocatable.FromFelt(dst.Felt * op0.Felt.Inverse());
                }
                return default;
        }
        return default;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static MaybeRelocatable ComputeRes(in Instruction ins, Relocatable pc, in MaybeRelocatable op0, in MaybeRelocatable op1)
    {
        if (ins.Extension == OpcodeExtension.Qm31Operation) return Qm31Arithmetic.Res(ins.Res, op0, op1, pc);
        switch (ins.Res)
        {
            case ResLogic.Op1:
                return op1;
            case ResLogic.Add:
                if (op0.IsFelt && op1.IsFelt) return MaybeRelocatable.FromFelt(Felt.Add(op0.Felt, op1.Felt));
                return AddSlow(op0, op1, pc);
            case ResLogic.Mul:
                if (op0.IsFelt && op1.IsFelt) return MaybeRelocatable.FromFelt(Felt.Mul(op0.Felt, op1.Felt));
                throw Operands(pc, $"multiplication of {op0} by {op1}: both must be felts");
            default:
                return default;
        }
    }

    /// <summary>Address + felt (either order); address + address is an error.</summary>
    public static MaybeRelocatable AddSlow(in MaybeRelocatable a, in MaybeRelocatable b, Relocatable pc)
    {
        if (a.IsRelocatable && b.IsFelt) return MaybeRelocatable.FromRelocatable(a.Segment, CheckedOffset(a.Offset + ToOffset(b, pc, "address arithmetic"), pc));
        if (a.IsFelt && b.IsRelocatable) return MaybeRelocatable.FromRelocatable(b.Segment, CheckedOffset(b.Offset + ToOffset(a, pc, "address arithmetic"), pc));
        if (a.IsFelt && b.IsFelt) return MaybeRelocatable.FromFelt(a.Felt + b.Felt);
        throw Operands(pc, $"cannot add {a} and {b}");
    }

    /// <summary>a − b: felt − felt, address − felt, or address − address in the same segment (a felt).</summary>
    public static MaybeRelocatable Sub(in MaybeRelocatable a, in MaybeRelocatable b, Relocatable pc)
    {
        if (a.IsFelt && b.IsFelt) return MaybeRelocatable.FromFelt(a.Felt - b.Felt);
        if (a.IsRelocatable && b.IsFelt) return MaybeRelocatable.FromRelocatable(a.Segment, CheckedOffset(a.Offset - ToOffset(b, pc, "address arithmetic"), pc));
        if (a.IsRelocatable && b.IsRelocatable && a.Segment == b.Segment) return MaybeRelocatable.FromFelt(FeltMath.FromInt64(a.Offset - b.Offset));
        throw Operands(pc, $"cannot subtract {b} from {a}");
    }

    private static long CheckedOffset(long offset, Relocatable pc)
    {
        if (offset < 0 || offset >= 1L << 47) throw Operands(pc, $"address offset {offset} is out of range");
        return offset;
    }

    private static long ToOffset(in MaybeRelocatable v, Relocatable pc, string what)
    {
        if (v.IsFelt && FeltMath.TryToSmallSigned(v.Felt, out long x)) return x;
        throw Operands(pc, $"{what}: {v} is not a small integer");
    }

    internal static CairoException Operands(Relocatable pc, string message) => new(CairoErrorKind.InvalidOperands, message, pc);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowAssert(Relocatable pc, MaybeRelocatable dst, MaybeRelocatable res)
    {
        IReadOnlyList<string> messages = pc.Segment == 0 && ErrorMessages is not null ? ErrorMessages(pc.Offset) : [];
        throw new AssertionFailedException($"An ASSERT_EQ instruction failed: {dst} != {res}", pc, messages);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowCall(Relocatable pc, string message)
    {
        IReadOnlyList<string> messages = pc.Segment == 0 && ErrorMessages is not null ? ErrorMessages(pc.Offset) : [];
        throw new AssertionFailedException(message, pc, messages);
    }
}
