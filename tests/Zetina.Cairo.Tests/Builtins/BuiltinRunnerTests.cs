using System.Numerics;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Tests.Builtins;

public sealed class BuiltinRunnerTests
{
    private static (Memory Memory, BuiltinRunner Runner) Make(BuiltinRunner b)
    {
        var m = new Memory();
        m.AddSegment();
        m.AddSegment();
        b.InitializeSegments(m);
        return (m, b);
    }

    private static MaybeRelocatable F(BigInteger v) => MaybeRelocatable.FromFelt(Felt.FromBigInteger(v));

    private static MaybeRelocatable Deduce(Memory m, BuiltinRunner b, long offset)
    {
        Assert.True(b.TryDeduce(m, m.Segment(b.Base), offset, out MaybeRelocatable v), $"offset {offset} not deduced");
        return v;
    }

    [Fact]
    public void Bitwise_InputsWritten_DeducesAndXorOr()
    {
        var (m, b) = Make(new BitwiseBuiltinRunner(true, 8));
        BigInteger x = (BigInteger.One << 250) + 12345, y = (BigInteger.One << 249) + 54321;
        m.Insert(new Relocatable(b.Base, 5), F(x));
        m.Insert(new Relocatable(b.Base, 6), F(y));
        Assert.Equal(F(x & y), Deduce(m, b, 7));
        Assert.Equal(F(x ^ y), Deduce(m, b, 8));
        Assert.Equal(F(x | y), Deduce(m, b, 9));
        Assert.False(b.TryDeduce(m, m.Segment(b.Base), 5, out _));
    }

    [Fact]
    public void Bitwise_InputAbove251Bits_IsBuiltinError()
    {
        var (m, b) = Make(new BitwiseBuiltinRunner(true, 8));
        m.Insert(new Relocatable(b.Base, 0), F(BigInteger.One << 251));
        m.Insert(new Relocatable(b.Base, 1), F(1));
        var e = Assert.Throws<CairoException>(() => b.TryDeduce(m, m.Segment(b.Base), 2, out _));
        Assert.Equal(CairoErrorKind.BuiltinError, e.Kind);
    }

    [Fact]
    public void Bitwise_DilutedUnits_Are68ForSpacing4Bits16()
    {
        Assert.Equal(68, new BitwiseBuiltinRunner(true, 8).UsedDilutedCheckUnits(4, 16));
    }

    [Fact]
    public void RangeCheck_ValueBelowBound_IsAcceptedAndWidensUsage()
    {
        var (m, b) = Make(new RangeCheckBuiltinRunner("range_check", true, 8, 8));
        m.Insert(new Relocatable(b.Base, 0), F((BigInteger.One << 128) - 1));
        m.Insert(new Relocatable(b.Base, 1), F(0x10002));
        Assert.Equal((0L, 0xffffL), b.RangeCheckUsage(m));
    }

    [Theory]
    [InlineData("range_check", 8, 128)]
    [InlineData("range_check96", 6, 96)]
    public void RangeCheck_ValueAtBound_IsBuiltinError(string name, int parts, int bits)
    {
        var (m, b) = Make(new RangeCheckBuiltinRunner(name, true, 8, parts));
        m.Insert(new Relocatable(b.Base, 0), F((BigInteger.One << bits) - 1));
        var e = Assert.Throws<CairoException>(() => m.Insert(new Relocatable(b.Base, 1), F(BigInteger.One << bits)));
        Assert.Equal(CairoErrorKind.BuiltinError, e.Kind);
        Assert.Contains($"2^{bits}", e.Message);
    }

    [Fact]
    public void RangeCheck_Address_IsBuiltinError()
    {
        var (m, b) = Make(new RangeCheckBuiltinRunner("range_check", true, 8, 8));
        var e = Assert.Throws<CairoException>(() => m.Insert(new Relocatable(b.Base, 0), MaybeRelocatable.FromRelocatable(1, 3)));
        Assert.Equal(CairoErrorKind.BuiltinError, e.Kind);
    }

    [Fact]
    public void Pedersen_InputsWritten_DeducesTheHash()
    {
        var (m, b) = Make(new PedersenBuiltinRunner(true, 8));
        m.Insert(new Relocatable(b.Base, 0), F(1));
        m.Insert(new Relocatable(b.Base, 1), F(2));
        Assert.Equal(MaybeRelocatable.FromFelt(PedersenHash.Hash(Felt.FromUInt64(1), Felt.FromUInt64(2))), Deduce(m, b, 2));
    }

    [Fact]
    public void Poseidon_InputsWritten_DeducesThePermutation()
    {
        var (m, b) = Make(new PoseidonBuiltinRunner(true, 32));
        Span<Felt> s = [Felt.FromUInt64(1), Felt.FromUInt64(2), Felt.FromUInt64(3)];
        for (int i = 0; i < 3; i++) m.Insert(new Relocatable(b.Base, i), MaybeRelocatable.FromFelt(s[i]));
        PoseidonHash.Permute(s);
        for (int i = 0; i < 3; i++) Assert.Equal(MaybeRelocatable.FromFelt(s[i]), Deduce(m, b, 3 + i));
    }

    [Fact]
    public void EcOp_PointNotOnCurve_IsBuiltinError()
    {
        var (m, b) = Make(new EcOpBuiltinRunner(true, 256));
        for (int i = 0; i < 5; i++) m.Insert(new Relocatable(b.Base, i), F(i + 1));
        var e = Assert.Throws<CairoException>(() => b.TryDeduce(m, m.Segment(b.Base), 5, out _));
        Assert.Equal(CairoErrorKind.BuiltinError, e.Kind);
        Assert.Contains("not on the curve", e.Message);
    }

    [Fact]
    public void Allocation_BelowMinimumSteps_IsInsufficientCells()
    {
        var (m, b) = Make(new PedersenBuiltinRunner(true, 128));
        Assert.Throws<InsufficientAllocatedCellsException>(() => b.AllocatedInstances(64, m));
        Assert.Equal(128, b.AllocatedInstances(16384, m));
        Assert.Equal(384, b.AllocatedMemoryUnits(16384, m));
    }

    [Fact]
    public void Keccak_DilutedUnits_Are16384PerInstanceFor16Bits()
    {
        Assert.Equal(16384, new KeccakBuiltinRunner(true, 2048).UsedDilutedCheckUnits(4, 16));
    }
}
