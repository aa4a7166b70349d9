using Zetina.Cairo.Errors;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Vm;

/// <summary>
/// Decodes 63-bit instruction words into <see cref="Instruction"/>, validating every flag group as cairo-lang's
/// <c>decode_instruction</c> does. Invalid encodings raise <see cref="CairoErrorKind.InvalidInstruction"/>.
/// </summary>
public static class InstructionDecoder
{
    private const int OffsetBias = 1 << 15;

    /// <summary>The biased offsets (each in [0, 2^16)) of an encoded instruction, as the range check sees them.</summary>
    public static void BiasedOffsets(ulong word, out int off0, out int off1, out int off2)
    {
        off0 = (int)(word & 0xFFFF);
        off1 = (int)((word >> 16) & 0xFFFF);
        off2 = (int)((word >> 32) & 0xFFFF);
    }

    /// <summary>Decodes a field element holding a plain instruction; throws when it is not below 2^63.</summary>
    public static ulong WordFromFelt(in Felt value, Relocatable? pc = null)
    {
        ulong word = WordFromFelt(value, out OpcodeExtension extension, pc);
        if (extension != OpcodeExtension.Stone)
            throw new CairoException(CairoErrorKind.InvalidInstruction,
                $"instruction word {value.ToHexString()} is not below 2^63", pc);
        return word;
    }

    /// <summary>
    /// Splits a field element holding an instruction into its low 63 bits and its opcode extension (the bits above,
    /// as cairo-vm 2.x and S-two read them: 0 plain, 1 Blake, 2 Blake finalize, 3 QM31); throws for any other value.
    /// </summary>
    public static ulong WordFromFelt(in Felt value, out OpcodeExtension extension, Relocatable? pc = null)
    {
        value.ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
        if ((x2 | x3) != 0 || x1 > 1)
            throw new CairoException(CairoErrorKind.InvalidInstruction,
                $"instruction word {value.ToHexString()} is not below 2^65 (opcode extensions 0–3 are defined)", pc);
        extension = (OpcodeExtension)((x0 >> 63) | (x1 << 1));
        return x0 & ~(1UL << 63);
    }

    /// <summary>
    /// Decodes <paramref name="word"/>. <paramref name="immediate"/> is the cell after the instruction, used only when
    /// op1 is an immediate (pass empty otherwise).
    /// </summary>
    public static Instruction Decode(ulong word, MaybeRelocatable immediate, Relocatable? pc = null) =>
        Decode(word, OpcodeExtension.Stone, immediate, pc);

    /// <summary>
    /// Decodes the low 63 bits <paramref name="word"/> of an instruction with opcode extension <paramref name="extension"/>,
    /// checking the flags the extension allows (cairo-vm 2.x <c>decode_instruction</c>): Blake needs a nop with op1
    /// from fp or ap, res = op1, a regular pc update and ap += 0 or 1; QM31 needs assert_eq with res add or mul, op1
    /// not through op0, a regular pc update and ap += 0 or 1.
    /// </summary>
    public static Instruction Decode(ulong word, OpcodeExtension extension, MaybeRelocatable immediate, Relocatable? pc = null)
    {
        if ((word >> 63) != 0)
            throw Invalid($"instruction word 0x{word:x} has bit 63 set", pc);
        BiasedOffsets(word, out int b0, out int b1, out int b2);
        short off0 = (short)(b0 - OffsetBias), off1 = (short)(b1 - OffsetBias), off2 = (short)(b2 - OffsetBias);
        uint flags = (uint)(word >> 48);

        Register dst = (flags & 1) != 0 ? Register.Fp : Register.Ap;
        Register op0 = (flags >> 1 & 1) != 0 ? Register.Fp : Register.Ap;
        Op1Source op1 = ((flags >> 2) & 7) switch
        {
            0 => Op1Source.Op0,
            1 => Op1Source.Imm,
            2 => Op1Source.Fp,
            4 => Op1Source.Ap,
            uint v => throw Invalid($"invalid op1_src flags {v} in instruction 0x{word:x}", pc),
        };
        PcUpdate pcUpdate = ((flags >> 7) & 7) switch
        {
            0 => PcUpdate.Regular,
            1 => PcUpdate.Jump,
            2 => PcUpdate.JumpRel,
            4 => PcUpdate.Jnz,
            uint v => throw Invalid($"invalid pc_update flags {v} in instruction 0x{word:x}", pc),
        };
        ResLogic res = ((flags >> 5) & 3, pcUpdate == PcUpdate.Jnz) switch
        {
            (0, true) => ResLogic.Unconstrained,
            (0, false) => ResLogic.Op1,
            (1, false) => ResLogic.Add,
            (2, false) => ResLogic.Mul,
            var (v, _) => throw Invalid($"invalid res_logic flags {v} in instruction 0x{word:x}" + (v is 1 or 2 ? " (jnz needs an unconstrained res)" : ""), pc),
        };
        Opcode opcode = ((flags >> 12) & 7) switch
        {
            0 => Opcode.Nop,
            1 => Opcode.Call,
            2 => Opcode.Ret,
            4 => Opcode.AssertEq,
            uint v => throw Invalid($"invalid opcode flags {v} in instruction 0x{word:x}", pc),
        };
        ApUpdate apUpdate = ((flags >> 10) & 3) switch
        {
            0 => opcode == Opcode.Call ? ApUpdate.Add2 : ApUpdate.Regular,
            1 when opcode != Opcode.Call => ApUpdate.Add,
            2 when opcode != Opcode.Call => ApUpdate.Add1,
            uint v => throw Invalid($"invalid ap_update flags {v} in instruction 0x{word:x}" + (opcode == Opcode.Call ? " (call implies ap += 2)" : ""), pc),
        };
        FpUpdate fpUpdate = opcode switch
        {
            Opcode.Call => FpUpdate.ApPlus2,
            Opcode.Ret => FpUpdate.Dst,
            _ => FpUpdate.Regular,
        };
        if ((flags >> 15) != 0)
            throw Invalid($"instruction 0x{word:x} uses flag bits above 14", pc);

        bool hasSmall = false;
        long small = 0;
        if (op1 == Op1Source.Imm)
        {
            if (off2 != 1) throw Invalid($"immediate instruction 0x{word:x} must have off2 = 1, got {off2}", pc);
            if (immediate.IsEmpty) throw new CairoException(CairoErrorKind.PcOutOfProgram, "the immediate after the instruction is missing", pc);
            if (immediate.IsFelt) hasSmall = FeltMath.TryToSmallSigned(immediate.Felt, out small);
        }
        else
        {
            immediate = default;
        }
        bool apPlainOrAdd1 = apUpdate is ApUpdate.Regular or ApUpdate.Add1;
        switch (extension)
        {
            case OpcodeExtension.Blake or OpcodeExtension.BlakeFinalize
                when !(opcode == Opcode.Nop && op1 is Op1Source.Fp or Op1Source.Ap && res == ResLogic.Op1
                       && pcUpdate == PcUpdate.Regular && apPlainOrAdd1):
                throw Invalid($"invalid flags 0x{flags:x} for a Blake2s instruction (0x{word:x}): it must be a nop with op1 from fp or ap, res = op1, a regular pc update and ap += 0 or 1", pc);
            case OpcodeExtension.Qm31Operation
                when !(opcode == Opcode.AssertEq && res is ResLogic.Add or ResLogic.Mul && op1 != Op1Source.Op0
                       && pcUpdate == PcUpdate.Regular && apPlainOrAdd1):
                throw Invalid($"invalid flags 0x{flags:x} for a QM31 instruction (0x{word:x}): it must be assert_eq with res add or mul, op1 not through op0, a regular pc update and ap += 0 or 1", pc);
        }
        return new Instruction(off0, off1, off2, dst, op0, op1, res, pcUpdate, apUpdate, fpUpdate, opcode, immediate, hasSmall, small, extension);
    }

    private static CairoException Invalid(string message, Relocatable? pc) => new(CairoErrorKind.InvalidInstruction, message, pc);
}
