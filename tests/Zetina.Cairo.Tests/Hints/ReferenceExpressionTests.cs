using Zetina.Cairo.Hints;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Hints;

public sealed class ReferenceExpressionTests
{
    private static Memory MakeMemory()
    {
        var m = new Memory();
        m.AddSegment();
        Relocatable exec = m.AddSegment();
        Relocatable other = m.AddSegment();
        // fp = 10: [fp - 3] = 2:5, [fp - 4] = 42, [2:7] = 99
        m.Insert(exec.Add(7), MaybeRelocatable.FromRelocatable(other.Add(5)));
        m.Insert(exec.Add(6), MaybeRelocatable.FromFelt(Felt.FromUInt64(42)));
        m.Insert(other.Add(7), MaybeRelocatable.FromFelt(Felt.FromUInt64(99)));
        return m;
    }

    [Fact]
    public void Evaluate_DerefOfFpOffset_ReadsTheCell()
    {
        var e = ReferenceExpression.Parse("[cast(fp + (-4), felt*)]");
        Assert.Equal(Felt.FromUInt64(42), e.Evaluate(MakeMemory(), 0, 10).Felt);
        Assert.True(e.IsDeref);
        Assert.Equal("felt", e.Type);
        Assert.Equal(new Relocatable(1, 6), e.Address(MakeMemory(), 0, 10));
    }

    [Fact]
    public void Evaluate_PointerPlusConstant_IsAnAddress()
    {
        var e = ReferenceExpression.Parse("cast([fp + (-3)] + 2, felt*)");
        Assert.Equal(MaybeRelocatable.FromRelocatable(2, 7), e.Evaluate(MakeMemory(), 0, 10));
        Assert.False(e.IsDeref);
    }

    [Fact]
    public void Evaluate_DoubleDeref_ReadsThroughThePointer()
    {
        var e = ReferenceExpression.Parse("[cast([fp + (-3)] + 2, felt*)]");
        Assert.Equal(Felt.FromUInt64(99), e.Evaluate(MakeMemory(), 0, 10).Felt);
    }

    [Fact]
    public void Parse_ApReference_UsesAp()
    {
        var e = ReferenceExpression.Parse("[cast(ap + (-1), felt*)]");
        Assert.True(e.UsesAp);
        Assert.Equal(Felt.FromUInt64(42), e.Evaluate(MakeMemory(), 7, 0).Felt);
    }

    [Fact]
    public void Parse_StructPointerType_KeepsTheType()
    {
        var e = ReferenceExpression.Parse("[cast(fp + (-3), starkware.cairo.common.uint256.Uint256**)]");
        Assert.Equal("starkware.cairo.common.uint256.Uint256*", e.Type);
    }
}

public sealed class ReferenceExpressionProductTests
{
    [Fact]
    public void Evaluate_ProductOfTwoCells_MultipliesFelts()
    {
        var m = new Memory();
        m.AddSegment();
        Relocatable exec = m.AddSegment();
        m.Insert(exec.Add(0), MaybeRelocatable.FromFelt(Felt.FromUInt64(6)));
        m.Insert(exec.Add(4), MaybeRelocatable.FromFelt(Felt.FromUInt64(7)));
        var e = ReferenceExpression.Parse("cast([ap + (-5)] * [ap + (-1)], felt)");
        Assert.Equal(Felt.FromUInt64(42), e.Evaluate(m, 5, 0).Felt);
    }
}
