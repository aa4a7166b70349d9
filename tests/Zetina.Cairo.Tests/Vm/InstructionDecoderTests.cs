using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Vm;

public sealed class InstructionDecoderTests
{
    private static readonly MaybeRelocatable Imm = MaybeRelocatable.FromFelt(Felt.FromUInt64(7));

    private static ulong Word(uint flags, int off0 = 0, int off1 = 0, int off2 = 1) =>
        ((ulong)flags << 48) | ((ulong)(ushort)(off2 + 0x8000) << 32) | ((ulong)(ushort)(off1 + 0x8000) << 16) | (ushort)(off0 + 0x8000);

    /// <summary>Independent oracle: which 15-bit flag words cairo-lang's decoder accepts.</summary>
    private static bool OracleValid(uint f)
    {
        uint op1 = (f >> 2) & 7, res = (f >> 5) & 3, pc = (f >> 7) & 7, ap = (f >> 10) & 3, op = (f >> 12) & 7;
        if (op1 is not (0 or 1 or 2 or 4)) return false;
        if (pc is not (0 or 1 or 2 or 4)) return false;
        if (res == 3) return false;
        if (pc == 4 && res != 0) return false;
        if (op is not (0 or 1 or 2 or 4)) return false;
        if (ap == 3) return false;
        if (op == 1 && ap != 0) return false;
        return true;
    }

    [Fact]
    public void Decode_EveryFlagCombination_AcceptsExactlyTheValidEncodings()
    {
        int valid = 0;
        for (uint f = 0; f < (1u << 15); f++)
        {
            bool ok;
            try
            {
                Instruction ins = InstructionDecoder.Decode(Word(f), Imm);
                ok = true;
                valid++;
                // The decoded groups agree with the raw bits.
                Assert.Equal((f & 1) != 0 ? Register.Fp : Register.Ap, ins.DstRegister);
                Assert.Equal((f >> 1 & 1) != 0 ? Register.Fp : Register.Ap, ins.Op0Register);
                Assert.Equal(((f >> 2) & 7) == 1 ? 2 : 1, (int)ins.Size);
                Assert.Equal(((f >> 12) & 7) switch { 1 => Opcode.Call, 2 => Opcode.Ret, 4 => Opcode.AssertEq, _ => Opcode.Nop }, ins.Opcode);
                Assert.Equal(((f >> 7) & 7) switch { 1 => PcUpdate.Jump, 2 => PcUpdate.JumpRel, 4 => PcUpdate.Jnz, _ => PcUpdate.Regular }, ins.PcUpdate);
                Assert.Equal(((f >> 12) & 7) switch { 1 => FpUpdate.ApPlus2, 2 => FpUpdate.Dst, _ => FpUpdate.Regular }, ins.FpUpdate);
            }
            catch (CairoException e)
            {
                Assert.Equal(CairoErrorKind.InvalidInstruction, e.Kind);
                ok = false;
            }
            Assert.True(ok == OracleValid(f), $"flags 0x{f:x4}: decoder {(ok ? "accepted" : "rejected")}, oracle {(OracleValid(f) ? "accepts" : "rejects")}");
        }
        Assert.True(valid > 0);
    }

    [Fact]
    public void Decode_AssertEqImmediateWithApIncrement_HasTheExpectedFields()
    {
        // [ap] = imm; ap++
        Instruction ins = InstructionDecoder.Decode(0x480680017fff8000, Imm);
        Assert.Equal(Opcode.AssertEq, ins.Opcode);
        Assert.Equal(Register.Ap, ins.DstRegister);
        Assert.Equal(0, ins.Off0);
        Assert.Equal(Register.Fp, ins.Op0Register);
        Assert.Equal(-1, ins.Off1);
        Assert.Equal(Op1Source.Imm, ins.Op1Source);
        Assert.Equal(1, ins.Off2);
        Assert.Equal(ResLogic.Op1, ins.Res);
        Assert.Equal(ApUpdate.Add1, ins.ApUpdate);
        Assert.Equal(PcUpdate.Regular, ins.PcUpdate);
        Assert.True(ins.HasSmallImmediate);
        Assert.Equal(7, ins.ImmediateSmall);
    }

    [Fact]
    public void Decode_Ret_JumpsToFpMinus1AndRestoresFpFromFpMinus2()
    {
        Instruction ins = InstructionDecoder.Decode(0x208b7fff7fff7ffe, default);
        Assert.Equal(Opcode.Ret, ins.Opcode);
        Assert.Equal(PcUpdate.Jump, ins.PcUpdate);
        Assert.Equal(FpUpdate.Dst, ins.FpUpdate);
        Assert.Equal(Register.Fp, ins.DstRegister);
        Assert.Equal(-2, ins.Off0);
        Assert.Equal(Op1Source.Fp, ins.Op1Source);
        Assert.Equal(-1, ins.Off2);
    }

    [Fact]
    public void Decode_CallRelImmediate_ImpliesApPlus2()
    {
        Instruction ins = InstructionDecoder.Decode(0x1104800180018000, MaybeRelocatable.FromFelt(Felt.Neg(Felt.FromUInt64(10))));
        Assert.Equal(Opcode.Call, ins.Opcode);
        Assert.Equal(ApUpdate.Add2, ins.ApUpdate);
        Assert.Equal(FpUpdate.ApPlus2, ins.FpUpdate);
        Assert.Equal(PcUpdate.JumpRel, ins.PcUpdate);
        Assert.Equal(-10, ins.ImmediateSmall);
    }

    [Fact]
    public void Decode_Bit63Set_IsRejected()
    {
        var e = Assert.Throws<CairoException>(() => InstructionDecoder.Decode(0x8000000000000000UL | 0x480680017fff8000, Imm));
        Assert.Equal(CairoErrorKind.InvalidInstruction, e.Kind);
    }

    [Fact]
    public void WordFromFelt_ValueAbove2To63_IsRejected()
    {
        // The plain form refuses any extension; the extended form refuses words at or above 2^65.
        var e = Assert.Throws<CairoException>(() => InstructionDecoder.WordFromFelt(Felt.FromBigInteger(System.Numerics.BigInteger.One << 63)));
        Assert.Equal(CairoErrorKind.InvalidInstruction, e.Kind);
        e = Assert.Throws<CairoException>(() => InstructionDecoder.WordFromFelt(Felt.FromBigInteger(System.Numerics.BigInteger.One << 65), out _));
        Assert.Equal(CairoErrorKind.InvalidInstruction, e.Kind);
        Assert.Equal(0x480680017fff8000UL, InstructionDecoder.WordFromFelt(Felt.FromUInt64(0x480680017fff8000)));
    }

    [Fact]
    public void Decode_ImmediateWithOff2NotOne_IsRejected()
    {
        var e = Assert.Throws<CairoException>(() => InstructionDecoder.Decode(Word(0x4006, off2: 2), Imm));
        Assert.Equal(CairoErrorKind.InvalidInstruction, e.Kind);
    }

    [Fact]
    public void Decode_ImmediateMissing_IsPcOutOfProgram()
    {
        var e = Assert.Throws<CairoException>(() => InstructionDecoder.Decode(0x480680017fff8000, default));
        Assert.Equal(CairoErrorKind.PcOutOfProgram, e.Kind);
    }

    [Fact]
    public void BiasedOffsets_ExtremeOffsets_AreTheRawSixteenBitFields()
    {
        ulong w = Word(0x4000, off0: -0x8000, off1: 0x7fff, off2: 0);
        InstructionDecoder.BiasedOffsets(w, out int b0, out int b1, out int b2);
        Assert.Equal((0, 0xffff, 0x8000), (b0, b1, b2));
        Instruction ins = InstructionDecoder.Decode(w, default);
        Assert.Equal((-0x8000, 0x7fff, 0), ((int)ins.Off0, (int)ins.Off1, (int)ins.Off2));
    }
}
