using CsCheck;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Field;

/// <summary>The table-driven square root against Euler's criterion and its own square.</summary>
public class FeltSqrtTests
{
    [Fact]
    public void TrySqrt_RandomValues_AgreesWithLegendre() =>
        FeltPropertyTests.GenFelt.Sample(a =>
        {
            bool ok = a.TrySqrt(out Felt r);
            int legendre = a.Legendre();
            return legendre == -1 ? !ok : ok && r * r == a && r.CompareTo(-r) <= 0;
        }, iter: 300);

    [Fact]
    public void TrySqrt_EdgeValues_SquareBack()
    {
        foreach (Felt a in new[] { Felt.Zero, Felt.One, Felt.MinusOne, Felt.FromUInt64(4), Felt.FromUInt64(9) })
        {
            Assert.True(a.TrySqrt(out Felt r));
            Assert.Equal(a, r * r);
        }
    }
}
