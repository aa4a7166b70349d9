using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

/// <summary>Older cairo-lang math variants and hints of widely used external libraries (uint384, ec_recover, ed25519).</summary>
public sealed class ExternalLibraryHintTests
{
    [Fact]
    public void AssertLeFeltOldVariants_CheckOrder_V08WritesSmallInputs()
    {
        HintHarness.Run(MathMoreHints.AssertLeFeltV06, [("a", "felt"), ("b", "felt")], (m, b) => { m.Insert(b, F(3)); m.Insert(b.Add(1), F(3)); });
        var e = Assert.ThrowsAny<CairoException>(() => HintHarness.Run(MathMoreHints.AssertLeFeltV06, [("a", "felt"), ("b", "felt")], (m, b) => { m.Insert(b, F(4)); m.Insert(b.Add(1), F(3)); }));
        Assert.Contains("is not less than or equal to", e.Message);
        var r = HintHarness.Run(MathMoreHints.AssertLeFeltV08, [("a", "felt"), ("b", "felt"), ("small_inputs", "felt")], (m, b) => { m.Insert(b, F(3)); m.Insert(b.Add(1), F(BigInteger.One << 200)); });
        Assert.Equal(0, Read(r, 4));
        r = HintHarness.Run(MathMoreHints.AssertLeFeltV08, [("a", "felt"), ("b", "felt"), ("small_inputs", "felt")], (m, b) => { m.Insert(b, F(3)); m.Insert(b.Add(1), F(10)); });
        Assert.Equal(1, Read(r, 4));
    }

    [Fact]
    public void FeltBitLengthAndSplit128()
    {
        var r = HintHarness.Run(MathMoreHints.GetFeltBitLength, [("x", "felt"), ("bit_length", "felt")], (m, b) => m.Insert(b, F(BigInteger.One << 130)));
        Assert.Equal(131, Read(r, 3));
        r = HintHarness.Run(Uint256Hints.Split128, [("a", "felt"), ("low", "felt"), ("high", "felt")], (m, b) => m.Insert(b, F((BigInteger.One << 130) + 9)));
        Assert.Equal(9, Read(r, 3));
        Assert.Equal(4, Read(r, 4));
    }

    [Fact]
    public void Uint384AddNoCheck_PropagatesCarries()
    {
        const string u384 = "lib.uint384.Uint384";
        BigInteger max = (BigInteger.One << 128) - 1;
        var r = RunWithConstants(Uint256Hints.Uint384AddNoCheck, [("a", u384), ("a1", "felt"), ("a2", "felt"), ("b", u384), ("b1", "felt"), ("b2", "felt"), ("carry_d0", "felt"), ("carry_d1", "felt"), ("carry_d2", "felt")],
            [("SHIFT", (BigInteger.One << 128).ToString())], (m, b) =>
            {
                m.Insert(b, F(max)); m.Insert(b.Add(1), F(max)); m.Insert(b.Add(2), F(1));
                m.Insert(b.Add(3), F(1)); m.Insert(b.Add(4), F(0)); m.Insert(b.Add(5), F(0));
            });
        Assert.Equal(1, Read(r, 8));
        Assert.Equal(1, Read(r, 9));
        Assert.Equal(0, Read(r, 10));
    }

    [Fact]
    public void EcRecover_DivModProductAndQuotient_ThroughNondetBigint3()
    {
        const string bigInt3 = "starkware.cairo.common.cairo_secp.bigint3.BigInt3";
        (string, string)[] ids = [("a", bigInt3), ("a1", "felt"), ("a2", "felt"), ("b", bigInt3), ("b1", "felt"), ("b2", "felt"), ("m", bigInt3), ("m1", "felt"), ("m2", "felt"), ("res", bigInt3)];
        Action<Memory, Relocatable> setup = (m, b) =>
        {
            long[] v = [20, 0, 0, 7, 0, 0, 6, 0, 0];
            for (int i = 0; i < v.Length; i++) m.Insert(b.Add(i), F(v[i]));
        };
        var r = RunAll([SecpHints.EcRecoverProductMod, SecpHints.NondetBigint3], ids, setup);
        Assert.Equal(140 % 6, Read(r, 11));
        r = RunAll([SecpHints.EcRecoverProductMod, SecpHints.EcRecoverProductDivM, SecpHints.NondetBigint3], ids, setup);
        Assert.Equal(140 / 6, Read(r, 11));
        r = RunAll([SecpHints.EcRecoverSubAB, SecpHints.NondetBigint3], ids, setup);
        Assert.Equal(13, Read(r, 11));
    }

    [Fact]
    public void SplitXx_SquareModulo25519_GivesTheEvenRoot()
    {
        BigInteger p = SecpHints.Ed25519P, root = 123456789;
        BigInteger xx = root * root % p;
        var r = HintHarness.Run(SecpHints.SplitXx, [("xx", Uint256), ("xx_h", "felt"), ("x", Uint256)], (m, b) =>
        {
            m.Insert(b, F(xx & ((BigInteger.One << 128) - 1)));
            m.Insert(b.Add(1), F(xx >> 128));
        });
        BigInteger x = Read(r, 4) + (Read(r, 5) << 128);
        Assert.Equal(xx, x * x % p);
        Assert.True(x.IsEven);
    }
}
