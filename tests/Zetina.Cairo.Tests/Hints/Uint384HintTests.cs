using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

public sealed class Uint384HintTests
{
    private const string U384 = "lib.uint384.Uint384";
    private static readonly BigInteger Mask = (BigInteger.One << 128) - 1;

    /// <summary>Three-limb values at [ap + 3k]: ids (name, Uint384) followed by two pad cells each.</summary>
    private static (string, string)[] Limbs3(params string[] names)
    {
        var ids = new List<(string, string)>();
        foreach (string n in names) { ids.Add((n, U384)); ids.Add((n + "_1", "felt")); ids.Add((n + "_2", "felt")); }
        return ids.ToArray();
    }

    private static void Put3(Memory m, Relocatable at, BigInteger v)
    {
        for (int i = 0; i < 3; i++) m.Insert(at.Add(i), F((v >> (128 * i)) & Mask));
    }

    private static BigInteger Get(Zetina.Cairo.Runner.CairoRunner r, long offset, int limbs)
    {
        BigInteger v = 0;
        for (int i = limbs - 1; i >= 0; i--) v = (v << 128) + Read(r, offset + i);
        return v;
    }

    [Fact]
    public void HintTexts_KeepTheLibrarysWhitespace()
    {
        Assert.Contains("        num = num >> num_bits_shift \n", Uint384Hints.UnsignedDivRemUint768ByUint384);
        Assert.Contains("\n    \ndef pack_extended", Uint384Hints.UnsignedDivRemUint768ByUint384);
        Assert.DoesNotContain("num_bits_shift \n", Uint384Hints.UnsignedDivRemUint768ByUint384Stripped);
    }

    [Fact]
    public void UnsignedDivRem_384Bits_WritesQuotientAndRemainderLimbs()
    {
        BigInteger a = (BigInteger.One << 300) + 12345, div = (BigInteger.One << 150) + 7;
        var r = HintHarness.Run(Uint384Hints.Uint384UnsignedDivRem, Limbs3("a", "div", "quotient", "remainder"), (m, b) => { Put3(m, b, a); Put3(m, b.Add(3), div); });
        Assert.Equal(a / div, Get(r, 8, 3));
        Assert.Equal(a % div, Get(r, 11, 3));
    }

    [Fact]
    public void SqrtAndSignedNn()
    {
        BigInteger a = (BigInteger.One << 380) + 99;
        var r = HintHarness.Run(Uint384Hints.Uint384Sqrt, Limbs3("a", "root"), (m, b) => Put3(m, b, a));
        Assert.Equal(IntegerMath.Isqrt(a), Get(r, 5, 3));
        r = HintHarness.Run(Uint384Hints.Uint384SignedNn, [("unused", "felt"), .. Limbs3("a")], (m, b) => Put3(m, b.Add(1), BigInteger.One << 383));
        Assert.Equal(0, Read(r, 2));
    }

    [Fact]
    public void SubReducedAndDiv_ModuloAPackedPrime()
    {
        BigInteger p = (BigInteger.One << 255) - 19;
        var r = HintHarness.Run(Uint384Hints.SubReducedAAndReducedB, Limbs3("a", "b", "p", "res"), (m, b) => { Put3(m, b, 5); Put3(m, b.Add(3), 9); Put3(m, b.Add(6), p); });
        Assert.Equal(p - 4, Get(r, 11, 3));
        r = HintHarness.Run(Uint384Hints.Uint384Div, Limbs3("a", "b", "p", "b_inverse_mod_p"), (m, b) => { Put3(m, b, 5); Put3(m, b.Add(3), 9); Put3(m, b.Add(6), p); });
        Assert.Equal(BigInteger.One, Get(r, 11, 3) * 9 % p);
    }

    [Fact]
    public void GetSquareRoot_ExactlyOneOfXAndGeneratorXIsASquare()
    {
        BigInteger p = (BigInteger.One << 255) - 19;
        // 2 is a non-residue modulo 2^255 − 19; 4 is a residue with roots ±2.
        var r = HintHarness.Run(Uint384Hints.Uint384GetSquareRoot, [.. Limbs3("generator", "x", "p"), ("success_x", "felt"), ("success_gx", "felt"), .. Limbs3("sqrt_x", "sqrt_gx")], (m, b) =>
        {
            Put3(m, b, 2); Put3(m, b.Add(3), 4); Put3(m, b.Add(6), p);
        });
        Assert.Equal(1, Read(r, 11));
        Assert.Equal(0, Read(r, 12));
        Assert.Equal(2, Get(r, 13, 3));
        Assert.Equal(0, Get(r, 16, 3));
        r = HintHarness.Run(Uint384Hints.Uint384GetSquareRoot, [.. Limbs3("generator", "x", "p"), ("success_x", "felt"), ("success_gx", "felt"), .. Limbs3("sqrt_x", "sqrt_gx")], (m, b) =>
        {
            Put3(m, b, 2); Put3(m, b.Add(3), 2); Put3(m, b.Add(6), p);
        });
        Assert.Equal(0, Read(r, 11));
        Assert.Equal(1, Read(r, 12));
        Assert.Equal(2, Get(r, 16, 3));   // sqrt(2·2) = 2
    }

    [Fact]
    public void ModularSqrt_ManyValues_SquareBackAndAreTheSmallerRoot()
    {
        BigInteger p = (BigInteger.One << 255) - 19;
        for (int v = 1; v < 60; v++)
        {
            BigInteger? root = HintHarness.Run(Uint384Hints.Uint384GetSquareRoot, [.. Limbs3("generator", "x", "p"), ("success_x", "felt"), ("success_gx", "felt"), .. Limbs3("sqrt_x", "sqrt_gx")], (m, b) =>
            {
                Put3(m, b, 2); Put3(m, b.Add(3), v); Put3(m, b.Add(6), p);
            }) is var r && Read(r, 11) == 1 ? Get(r, 13, 3) : (BigInteger?)null;
            if (root is { } x)
            {
                Assert.Equal(new BigInteger(v), x * x % p);
                Assert.True(x <= p - x);
            }
        }
    }

    [Fact]
    public void Uint512DivRemAndInverse()
    {
        const string u512 = "lib.uint512.Uint512";
        BigInteger x = (BigInteger.One << 500) + 3, div = (BigInteger.One << 200) + 1;
        (string, string)[] ids = [("x", u512), ("x1", "felt"), ("x2", "felt"), ("x3", "felt"), ("div", Uint256), ("d1", "felt"), ("quotient", u512), ("q1", "felt"), ("q2", "felt"), ("q3", "felt"), ("remainder", Uint256)];
        var r = HintHarness.Run(Uint384Hints.Uint512UnsignedDivRem, ids, (m, b) =>
        {
            for (int i = 0; i < 4; i++) m.Insert(b.Add(i), F((x >> (128 * i)) & Mask));
            m.Insert(b.Add(4), F(div & Mask)); m.Insert(b.Add(5), F(div >> 128));
        });
        Assert.Equal(x / div, Get(r, 8, 4));
        Assert.Equal(x % div, Get(r, 12, 2));
        BigInteger p = (BigInteger.One << 255) - 19;
        r = HintHarness.Run(Uint384Hints.InvModPUint512, [("x", u512), ("x1", "felt"), ("x2", "felt"), ("x3", "felt"), ("p", Uint256), ("p1", "felt"), ("x_inverse_mod_p", Uint256)], (m, b) =>
        {
            for (int i = 0; i < 4; i++) m.Insert(b.Add(i), F((x >> (128 * i)) & Mask));
            m.Insert(b.Add(4), F(p & Mask)); m.Insert(b.Add(5), F(p >> 128));
        });
        Assert.Equal(BigInteger.One, Get(r, 8, 2) * (x % p) % p);
        var e = Assert.ThrowsAny<CairoException>(() => HintHarness.Run(Uint384Hints.InvModPUint256, [("b", Uint256), ("b1", "felt"), ("p", Uint256), ("p1", "felt"), ("b_inverse_mod_p", Uint256)], (m, b) =>
        {
            m.Insert(b, F(6)); m.Insert(b.Add(1), F(0)); m.Insert(b.Add(2), F(9)); m.Insert(b.Add(3), F(0));
        }));
        Assert.Contains("not invertible", e.Message);
    }
}
