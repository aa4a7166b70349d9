using System.Numerics;
using Zetina.Stark.Crypto;

namespace Zetina.Stark.Tests.Crypto;

/// <summary>
/// <see cref="FixedBaseTable"/>'s signed-digit multiplication against double-and-add, on the scalars where the
/// recoding carries (digits at and just above half a window, runs of ones) and at the edge of the accepted range.
/// </summary>
public class FixedBaseTableTests
{
    public static IEnumerable<object[]> Shapes => [[3, 7], [2, 5], [1, 5], [36, 7], [32, 8]];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_EqualsDoubleAndAdd_OnCarryingScalars(int windows, int bits)
    {
        var table = new FixedBaseTable(ConstantPoints.P3, windows, bits);
        BigInteger limit = BigInteger.One << (windows * bits - 1);
        BigInteger half = BigInteger.One << (bits - 1);
        var scalars = new List<BigInteger> { 0, 1, 2, half - 1, half, half + 1, (BigInteger.One << bits) - 1, limit - 1, limit / 3, limit - half - 1 };
        for (int w = 1; w < windows; w++) scalars.Add((half + 1) << (bits * (w - 1)));
        var rng = new Random(7);
        for (int i = 0; i < 8; i++)
        {
            byte[] bytes = new byte[32];
            rng.NextBytes(bytes);
            scalars.Add(new BigInteger(bytes, isUnsigned: true) % limit);
        }
        foreach (BigInteger k in scalars)
        {
            if (k.Sign < 0 || k >= limit) continue;
            Assert.Equal(StarkCurve.MultiplyJacobian(ConstantPoints.P3, k).ToAffine(), table.Multiply(k).ToAffine());
        }
    }

    [Theory]
    [InlineData(3, 7)]
    [InlineData(1, 5)]
    public void Multiply_AboveTheTopWindow_IsRefusedByName(int windows, int bits)
    {
        var table = new FixedBaseTable(ConstantPoints.P3, windows, bits);
        BigInteger allOnes = (BigInteger.One << (windows * bits)) - 1; // the top window's digit carries out
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => table.Multiply(allOnes));
        Assert.Contains("signed windows", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.Multiply(BigInteger.One << (windows * bits + 3)));
    }
}
