using CsCheck;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Field;

/// <summary>The binary-GCD inverse against Fermat's a^(p−2) and the constant-time chain.</summary>
public class FeltInverseTests
{
    [Fact]
    public void Inverse_RandomNonZero_MatchesFermatAndConstantTime() =>
        FeltPropertyTests.GenFelt.Where(a => !a.IsZero).Sample(a =>
            a.Inverse() == a.InverseFermat() && a.Inverse() == Felt.InverseCt(a), iter: 500);

    [Fact]
    public void Inverse_EdgeValues_TimesSelfIsOne()
    {
        foreach (Felt a in new[] { Felt.One, Felt.MinusOne, Felt.FromUInt64(2), Felt.FromUInt64(3), Felt.FromBigInteger((Felt.Modulus - 1) / 2) })
            Assert.Equal(Felt.One, a * a.Inverse());
    }
}
