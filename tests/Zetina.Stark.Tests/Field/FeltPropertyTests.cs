using System.Numerics;
using CsCheck;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Field;

/// <summary>Seeded random checks of <see cref="Felt"/> against a <see cref="BigInteger"/> oracle and the ring axioms.</summary>
public class FeltPropertyTests
{
    private static readonly BigInteger P = Felt.Modulus;

    /// <summary>Uniform-ish field elements, with the edge values 0, 1, p−1 mixed in.</summary>
    internal static readonly Gen<Felt> GenFelt = Gen.Frequency(
        (8, Gen.ULong.Array[4].Select(l => Felt.FromLimbsReduced(l[0], l[1], l[2], l[3]))),
        (1, Gen.Int[0, 3].Select(i => i switch { 0 => Felt.Zero, 1 => Felt.One, 2 => Felt.MinusOne, _ => Felt.FromUInt64(2) })));

    [Fact]
    public void Mul_RandomPairs_MatchesBigIntegerOracle() =>
        Gen.Select(GenFelt, GenFelt).Sample((a, b) =>
            (a * b).ToBigInteger() == a.ToBigInteger() * b.ToBigInteger() % P, iter: 2000);

    /// <summary>The one-limb conversion against the oracle and against the general conversion it specialises.</summary>
    [Fact]
    public void FromUInt64_RandomAndEdgeValues_MatchesOracleAndGeneralConversion()
    {
        foreach (ulong x in new[] { 0UL, 1UL, 2UL, 0x7fffUL, 1UL << 63, ulong.MaxValue - 1, ulong.MaxValue })
        {
            Assert.Equal(new BigInteger(x), Felt.FromUInt64(x).ToBigInteger());
            Assert.Equal(Felt.FromCanonicalUnchecked(x, 0, 0, 0), Felt.FromUInt64(x));
        }
        Gen.ULong.Sample(x => Felt.FromUInt64(x).ToBigInteger() == new BigInteger(x) && Felt.FromUInt64(x) == Felt.FromCanonicalUnchecked(x, 0, 0, 0), iter: 5000);
    }

    [Fact]
    public void AddSub_RandomPairs_MatchBigIntegerOracle() =>
        Gen.Select(GenFelt, GenFelt).Sample((a, b) =>
            (a + b).ToBigInteger() == (a.ToBigInteger() + b.ToBigInteger()) % P
            && (a - b).ToBigInteger() == ((a.ToBigInteger() - b.ToBigInteger()) % P + P) % P, iter: 2000);

    [Fact]
    public void RingAxioms_RandomTriples_Hold() =>
        Gen.Select(GenFelt, GenFelt, GenFelt).Sample((a, b, c) =>
            a * (b + c) == a * b + a * c
            && (a * b) * c == a * (b * c)
            && a + b == b + a
            && a * b == b * a
            && a - a == Felt.Zero
            && a + (-a) == Felt.Zero
            && a * Felt.One == a, iter: 1000);

    [Fact]
    public void Inverse_NonZero_TimesSelfIsOne() =>
        GenFelt.Where(a => !a.IsZero).Sample(a => a * a.Inverse() == Felt.One, iter: 300);

    [Fact]
    public void Sqrt_OfSquare_SquaresBack() =>
        GenFelt.Sample(a =>
        {
            Felt sq = a * a;
            return sq.TrySqrt(out Felt r) && r * r == sq;
        }, iter: 40);

    [Fact]
    public void Sqrt_NonResidue_ReturnsFalse()
    {
        // 3 generates the multiplicative group, so it is not a square.
        Assert.False(Felt.FromUInt64(3).TrySqrt(out _));
        Assert.Equal(-1, Felt.FromUInt64(3).Legendre());
        Assert.Equal(1, Felt.FromUInt64(4).Legendre());
    }

    [Fact]
    public void BatchInverse_RandomSpans_EqualsElementwiseInverse() =>
        GenFelt.Where(a => !a.IsZero).Array[0, 2000].Sample(values =>
        {
            var result = new Felt[values.Length];
            Felt.BatchInverse(values, result);
            for (int i = 0; i < values.Length; i++) if (result[i] != values[i].Inverse()) return false;
            return true;
        }, iter: 20);

    [Fact]
    public void BatchInverse_ZeroElement_ThrowsNamingIndex()
    {
        var values = new[] { Felt.One, Felt.FromUInt64(5), Felt.Zero };
        var e = Assert.Throws<DivideByZeroException>(() => Felt.BatchInverse(values, new Felt[3]));
        Assert.Contains("element 2", e.Message);
    }

    [Fact]
    public void HexRoundTrip_Random_PreservesValue() =>
        GenFelt.Sample(a => Felt.Parse(a.ToHexString()) == a && Felt.Parse(a.ToDecimalString()) == a
            && Felt.FromBytesBigEndian(a.ToBytesBigEndian()) == a, iter: 500);

    [Fact]
    public void ToCanonical_RandomIntegers_GivesTheIntegerBack() =>
        Gen.ULong.Array[4].Sample(l =>
        {
            BigInteger x = (new BigInteger(l[0]) | new BigInteger(l[1]) << 64 | new BigInteger(l[2]) << 128 | new BigInteger(l[3]) << 192) % P;
            Felt.FromBigInteger(x).ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3);
            return (new BigInteger(x0) | new BigInteger(x1) << 64 | new BigInteger(x2) << 128 | new BigInteger(x3) << 192) == x;
        }, iter: 2000);

    [Fact]
    public void CompareTo_Random_MatchesCanonicalOrder() =>
        Gen.Select(GenFelt, GenFelt).Sample((a, b) =>
            a.CompareTo(b) == a.ToBigInteger().CompareTo(b.ToBigInteger()), iter: 1000);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("0x", "no hex digits")]
    [InlineData("0xg1", "not a hex digit")]
    [InlineData("12a", "neither 0x-hex nor a decimal")]
    [InlineData("0x800000000000011000000000000000000000000000000000000000000000001", "not below the Stark252 prime")]
    [InlineData("3618502788666131213697322783095070105623107215331596699973092056135872020481", "not below the Stark252 prime")]
    [InlineData("0x10000000000000000000000000000000000000000000000000000000000000000", "not below")]
    public void Parse_BadText_ThrowsNamingProblem(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => Felt.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Parse_EdgeValues_RoundTrip()
    {
        Assert.Equal("0x0", Felt.Parse("0x0").ToHexString());
        Assert.Equal("0x0", Felt.Parse("0").ToHexString());
        Assert.Equal("0x1", Felt.Parse("0x0001").ToHexString());
        Assert.Equal("0x800000000000011000000000000000000000000000000000000000000000000", Felt.MinusOne.ToHexString());
        Assert.Equal(Felt.MinusOne, Felt.Parse("3618502788666131213697322783095070105623107215331596699973092056135872020480"));
        Assert.Equal(Felt.Zero, Felt.MinusOne + Felt.One);
        Assert.Equal(Felt.FromLimbsReduced(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue).ToBigInteger(),
            (BigInteger.One << 256) - 1 - 31 * P);
    }
}
