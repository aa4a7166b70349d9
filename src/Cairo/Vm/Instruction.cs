using System.Runtime.InteropServices;

namespace Zetina.Cairo.Vm;

/// <summary>Register an operand address is relative to.</summary>
public enum Register : byte { Ap, Fp }

/// <summary>Where op1 is read from (flag bits 2..4).</summary>
public enum Op1Source : byte { Op0, Imm, Fp, Ap }

/// <summary>How <c>res</c> is computed (flag bits 5..6); <see cref="Unconstrained"/> only with <c>jnz</c>.</summary>
public enum ResLogic : byte { Op1, Add, Mul, Unconstrained }

/// <summary>How pc advances (flag bits 7..9).</summary>
public enum PcUpdate : byte { Regular, Jump, JumpRel, Jnz }

/// <summary>How ap advances (flag bits 10..11); <see cref="Add2"/> is implied by <c>call</c>.</summary>
public enum ApUpdate : byte { Regular, Add, Add1, Add2 }

/// <summary>How fp changes, implied by the opcode.</summary>
public enum FpUpdate : byte { Regular, ApPlus2, Dst }

/// <summary>The opcode (flag bits 12..14).</summary>
public enum Opcode : byte { Nop, Call, Ret, AssertEq }

/// <summary>
/// The opcode extension: the value of the instruction word's bits 63 and up (0 in every word cairo-lang's compiler
/// emitted before S-two). Blake2s compression and QM31 arithmetic are the extensions recent compilers emit.
/// </summary>
public enum OpcodeExtension : byte
{
    /// <summary>A plain Cairo instruction (Cairo whitepaper §4.4).</summary>
    Stone,

    /// <summary>One Blake2s compression of a message block that is not the last.</summary>
    Blake,

    /// <summary>The Blake2s compression of the last block (finalization flag set).</summary>
    BlakeFinalize,

    /// <summary>assert_eq whose res adds or multiplies op0 and op1 as packed QM31 elements (<see cref="Qm31"/>).</summary>
    Qm31Operation,
}

/// <summary>
/// A decoded Cairo instruction (Cairo whitepaper §4.4–4.5). Offsets are signed, already un-biased.
/// </summary>
/// <remarks>
/// The instruction word (bits 63 and up: the <see cref="OpcodeExtension"/>, 0 for a plain instruction):
/// <code>
///  64..63  62..48 (15 flag bits)                  47..32      31..16      15..0
///  ext | 0 opcode ap_upd pc_upd res op1_src op0 dst | off2+2^15 | off1+2^15 | off0+2^15
///        14-12  11-10  9-7   6-5   4-2   1   0     (flag bit numbers)
/// </code>
/// For immediate instructions the decoder also caches the immediate (the word at pc + 1), so relative jumps,
/// calls and <c>ap += imm</c> need no per-step felt conversion.
/// </remarks>
[StructLayout(LayoutKind.Auto)]
public readonly struct Instruction
{
    public readonly short Off0;
    public readonly short Off1;
    public readonly short Off2;
    public readonly Register DstRegister;
    public readonly Register Op0Register;
    public readonly Op1Source Op1Source;
    public readonly ResLogic Res;
    public readonly PcUpdate PcUpdate;
    public readonly ApUpdate ApUpdate;
    public readonly FpUpdate FpUpdate;
    public readonly Opcode Opcode;

    /// <summary>The opcode extension (bits 63 and up of the word).</summary>
    public readonly OpcodeExtension Extension;

    /// <summary>1, or 2 when an immediate follows the instruction word.</summary>
    public readonly byte Size;

    /// <summary>True when <see cref="ImmediateSmall"/> holds the immediate as a signed 64-bit integer.</summary>
    public readonly bool HasSmallImmediate;

    /// <summary>The immediate as a signed integer (p − x read as −x) when it fits in ±2^62.</summary>
    public readonly long ImmediateSmall;

    /// <summary>The immediate value (for <see cref="Vm.Op1Source.Imm"/>), else empty.</summary>
    public readonly MaybeRelocatable Immediate;

    internal Instruction(short off0, short off1, short off2, Register dst, Register op0, Op1Source op1, ResLogic res,
        PcUpdate pc, ApUpdate ap, FpUpdate fp, Opcode opcode, MaybeRelocatable immediate, bool hasSmall, long small,
        OpcodeExtension extension = OpcodeExtension.Stone)
    {
        Extension = extension;
        Off0 = off0; Off1 = off1; Off2 = off2;
        DstRegister = dst; Op0Register = op0; Op1Source = op1; Res = res;
        PcUpdate = pc; ApUpdate = ap; FpUpdate = fp; Opcode = opcode;
        Size = (byte)(op1 == Op1Source.Imm ? 2 : 1);
        Immediate = immediate;
        HasSmallImmediate = hasSmall;
        ImmediateSmall = small;
    }
}
