using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Crypto;

/// <summary>Stark-curve arithmetic against the "curve" section of the @noble/curves vectors.</summary>
public class CurveVectorTests
{
    public static IEnumerable<object[]> MulGeneratorCases => StarknetVectors.Indices("curve", "mul_generator");
    public static IEnumerable<object[]> AddCases => StarknetVectors.Indices("curve", "add");
    public static IEnumerable<object[]> MulPointCases => StarknetVectors.Indices("curve", "mul_point");

    [Theory]
    [MemberData(nameof(MulGeneratorCases))]
    public void MultiplyGenerator_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "curve", "mul_generator");
        BigInteger k = ParseInt(c.Str("k"));
        EcPoint expected = new(Felt.Parse(c.Str("x")), Felt.Parse(c.Str("y")));
        Assert.Equal(expected, StarkCurve.Multiply(StarkCurve.Generator, k));
        // The generic window path and the constant-time path agree with the table path.
        Assert.Equal(expected, StarkCurve.MultiplyJacobian(StarkCurve.Generator, k).ToAffine());
        Assert.Equal(expected, ProjectivePoint.MultiplyGeneratorConstantTime(k).ToAffine());
    }

    [Theory]
    [MemberData(nameof(AddCases))]
    public void Add_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "curve", "add");
        EcPoint p = ParsePoint(c.GetProperty("p"));
        EcPoint q = ParsePoint(c.GetProperty("q"));
        EcPoint expected = ParsePoint(c.GetProperty("sum"));
        Assert.Equal(expected, StarkCurve.Add(p, q));
        Assert.Equal(expected, StarkCurve.Add(q, p));
        Assert.Equal(expected, ProjectivePoint.Add(ProjectivePoint.FromAffine(p), ProjectivePoint.FromAffine(q)).ToAffine());
        if (p == q) Assert.Equal(expected, StarkCurve.Double(p));
    }

    [Theory]
    [MemberData(nameof(MulPointCases))]
    public void MultiplyPoint_VectorCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "curve", "mul_point");
        EcPoint p = ParsePoint(c.GetProperty("point"));
        Assert.True(StarkCurve.IsOnCurve(p));
        Assert.Equal(ParsePoint(c.GetProperty("result")), StarkCurve.Multiply(p, ParseInt(c.Str("k"))));
    }

    [Fact]
    public void Doublings_EqualRepeatedDoublingAndPowersOfTwoTimesP()
    {
        EcPoint p = ConstantPoints.P3;
        EcPoint[] d = StarkCurve.Doublings(p, 252);
        Assert.Equal(252, d.Length);
        EcPoint q = p;
        for (int i = 0; i < d.Length; i++)
        {
            Assert.Equal(q, d[i]);
            q = StarkCurve.Double(q);
        }
        Assert.Equal(StarkCurve.Multiply(p, BigInteger.One << 200), d[200]);
    }

    [Fact]
    public void Multiply_ByOrder_IsInfinity()
    {
        Assert.True(StarkCurve.Multiply(StarkCurve.Generator, StarkCurve.Order).IsInfinity);
        Assert.True(ProjectivePoint.MultiplyGeneratorConstantTime(BigInteger.Zero).ToAffine().IsInfinity);
    }

    [Fact]
    public void TryRecoverY_GeneratorX_ReturnsPointOnCurve()
    {
        Assert.True(StarkCurve.TryRecoverY(StarkCurve.Generator.X, out EcPoint p));
        Assert.True(StarkCurve.IsOnCurve(p));
        Assert.True(p == StarkCurve.Generator || p == StarkCurve.Generator.Negate());
    }

    internal static BigInteger ParseInt(string hex) =>
        BigInteger.Parse("0" + hex[2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    internal static EcPoint ParsePoint(JsonElement e) =>
        e.ValueKind == JsonValueKind.Null ? EcPoint.Infinity : new EcPoint(Felt.Parse(e.Str("x")), Felt.Parse(e.Str("y")));
}
