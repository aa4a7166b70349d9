using System.Globalization;
using System.Numerics;
using CsCheck;
using Zetina.Registry.Ledger;

namespace Zetina.Registry.Tests;

public sealed class AmountTests
{
    private static readonly BigInteger Max = (BigInteger.One << 256) - 1;

    [Theory]
    [InlineData("0", "0")]
    [InlineData("000", "0")]
    [InlineData("1", "1")]
    [InlineData("007", "7")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639935", "115792089237316195423570985008687907853269984665640564039457584007913129639935")]
    public void TryParse_Valid_Canonical(string text, string canonical)
    {
        Assert.True(Amount.TryParse(text, out Amount a, out string? e), e);
        Assert.Equal(canonical, a.ToString());
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("-1", "negative")]
    [InlineData("+1", "decimal integer")]
    [InlineData("1.0", "decimal integer")]
    [InlineData("1e3", "decimal integer")]
    [InlineData("0x10", "decimal integer")]
    [InlineData(" 1", "decimal integer")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639936", "2^256")]
    [InlineData("9999999999999999999999999999999999999999999999999999999999999999999999999999999999", "2^256")]
    public void TryParse_Invalid_RefusedWithReason(string? text, string reason)
    {
        Assert.False(Amount.TryParse(text, out _, out string? e));
        Assert.Contains(reason, e);
    }

    [Fact]
    public void TryAdd_AtMax_Overflows()
    {
        Amount max = Amount.From(Max);
        Assert.False(max.TryAdd(Amount.From(1), out _));
        Assert.True(max.TryAdd(Amount.Zero, out Amount same));
        Assert.Equal(max, same);
    }

    [Fact]
    public void TrySubtract_BelowZero_Fails()
    {
        Assert.False(Amount.From(5).TrySubtract(Amount.From(6), out _));
        Assert.True(Amount.From(5).TrySubtract(Amount.From(5), out Amount z));
        Assert.True(z.IsZero);
    }

    [Fact]
    public void LowHigh_Max_SplitsAt128Bits()
    {
        Amount a = Amount.From(Max);
        Assert.Equal((BigInteger.One << 128) - 1, a.Low.ToBigInteger());
        Assert.Equal((BigInteger.One << 128) - 1, a.High.ToBigInteger());
    }

    [Fact]
    public void Arithmetic_RandomPairs_MatchesBigIntegerOracle()
    {
        Gen.Select(Gen.Byte.Array[0, 32], Gen.Byte.Array[0, 32], Gen.Int[0, 10_000]).Sample((x, y, bps) =>
        {
            var a = new BigInteger(x, isUnsigned: true);
            var b = new BigInteger(y, isUnsigned: true);
            Amount aa = Amount.From(a), bb = Amount.From(b);
            Assert.Equal(a + b <= Max, aa.TryAdd(bb, out Amount sum));
            if (a + b <= Max) Assert.Equal(a + b, sum.Value);
            Assert.Equal(a >= b, aa.TrySubtract(bb, out Amount diff));
            if (a >= b) Assert.Equal(a - b, diff.Value);
            Assert.Equal(a * bps / 10_000, aa.BasisPoints(bps).Value);
            Assert.True(Amount.TryParse(a.ToString(CultureInfo.InvariantCulture), out Amount round, out _));
            Assert.Equal(aa, round);
        }, iter: 2_000, seed: "0N0XIzNsQ0O2");
    }
}
