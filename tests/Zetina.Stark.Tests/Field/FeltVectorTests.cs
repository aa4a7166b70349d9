using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Field;

/// <summary>Field arithmetic against the "field" section of the @scure/starknet vectors.</summary>
public class FeltVectorTests
{
    public static IEnumerable<object[]> Cases => StarknetVectors.Indices("field", "cases");
    public static IEnumerable<object[]> ReduceCases => StarknetVectors.Indices("field", "reduce", "cases");

    [Fact]
    public void Modulus_MatchesVectorFile()
    {
        Assert.Equal(StarknetVectors.At("field").Str("p"), "0x" + Felt.Modulus.ToString("x").TrimStart('0'));
        Assert.Equal(StarknetVectors.At("field").Str("p_decimal"), Felt.Modulus.ToString());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Arithmetic_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "field", "cases");
        Felt a = Felt.Parse(c.Str("a"));
        Felt b = Felt.Parse(c.Str("b"));
        Assert.Equal(c.Str("add"), (a + b).ToHexString());
        Assert.Equal(c.Str("sub"), (a - b).ToHexString());
        Assert.Equal(c.Str("mul"), (a * b).ToHexString());
        Assert.Equal(c.Str("neg_a"), (-a).ToHexString());
        BigInteger e = BigInteger.Parse("0" + c.Str("e")[2..], System.Globalization.NumberStyles.HexNumber);
        Assert.Equal(c.Str("pow"), a.Pow(e).ToHexString());
        if (c.IsNull("inv_a"))
        {
            Assert.True(a.IsZero);
            Assert.Throws<DivideByZeroException>(() => a.Inverse());
        }
        else
        {
            Assert.Equal(c.Str("inv_a"), a.Inverse().ToHexString());
        }
        if (c.IsNull("div")) Assert.True(b.IsZero);
        else Assert.Equal(c.Str("div"), (a / b).ToHexString());
    }

    [Theory]
    [MemberData(nameof(ReduceCases))]
    public void FromBytesBigEndianReduced_ValueAbovePrime_ReducesModP(int index)
    {
        var c = StarknetVectors.Case(index, "field", "reduce", "cases");
        byte[] bytes = Convert.FromHexString(c.Str("x_32_bytes_be")[2..]);
        Assert.Equal(c.Str("x_mod_p"), Felt.FromBytesBigEndianReduced(bytes).ToHexString());
        Assert.False(Felt.TryFromBytesBigEndian(bytes, out _));
        Assert.Throws<FormatException>(() => Felt.Parse(c.Str("x")));
    }
}
