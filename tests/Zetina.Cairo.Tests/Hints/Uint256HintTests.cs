using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

public sealed class Uint256HintTests
{
    private static readonly BigInteger Two128 = BigInteger.One << 128;

    /// <summary>Ids are Uint256 values laid out two cells each from [ap]: id k at ap + 2k.</summary>
    private static (string, string)[] Uints(params string[] names)
    {
        var ids = new (string, string)[names.Length * 2];
        for (int i = 0; i < names.Length; i++)
        {
            ids[2 * i] = (names[i], Uint256);
            ids[2 * i + 1] = ("pad" + i, "felt");
        }
        return ids;
    }

    private static void Put(Memory m, Relocatable at, BigInteger v)
    {
        m.Insert(at, F(v % Two128));
        m.Insert(at.Add(1), F(v / Two128));
    }

    private static BigInteger Get(CairoRunnerRef r, long offset) => Read(r.Runner, offset) + (Read(r.Runner, offset + 1) << 128);

    private readonly record struct CairoRunnerRef(Zetina.Cairo.Runner.CairoRunner Runner);

    [Fact]
    public void MulDivMod_512BitProduct_SplitsQuotientIntoTwoUint256()
    {
        BigInteger a = (BigInteger.One << 255) + 12345, b = (BigInteger.One << 250) + 999, div = (BigInteger.One << 100) + 7;
        var r = HintHarness.Run(Uint256Hints.Uint256MulDivMod, Uints("a", "b", "div", "quotient_low", "quotient_high", "remainder"), (m, s) =>
        {
            Put(m, s, a); Put(m, s.Add(2), b); Put(m, s.Add(4), div);
        });
        BigInteger q = BigInteger.DivRem(a * b, div, out BigInteger rem);
        var view = new CairoRunnerRef(r);
        Assert.Equal(q & ((BigInteger.One << 256) - 1), Get(view, 8));
        Assert.Equal(q >> 256, Get(view, 10));
        Assert.Equal(rem, Get(view, 12));
    }

    [Fact]
    public void MulDivMod_ZeroDivisor_FailsWithHintError()
    {
        var e = Assert.ThrowsAny<CairoException>(() =>
            HintHarness.Run(Uint256Hints.Uint256MulDivMod, Uints("a", "b", "div", "quotient_low", "quotient_high", "remainder"), (m, s) =>
            {
                Put(m, s, 5); Put(m, s.Add(2), 6); Put(m, s.Add(4), 0);
            }));
        Assert.Equal(CairoErrorKind.HintFailed, e.Kind);
        Assert.Equal(new Relocatable(0, 0), e.Pc!.Value);
    }

    [Fact]
    public void UnsignedDivRem_256BitValues_WritesQuotientAndRemainder()
    {
        BigInteger a = (BigInteger.One << 255) + 1, div = (BigInteger.One << 130) + 3;
        var r = HintHarness.Run(Uint256Hints.Uint256UnsignedDivRem, Uints("a", "div", "quotient", "remainder"), (m, s) => { Put(m, s, a); Put(m, s.Add(2), div); });
        var view = new CairoRunnerRef(r);
        Assert.Equal(a / div, Get(view, 6));
        Assert.Equal(a % div, Get(view, 8));
    }

    [Fact]
    public void ExpandedUnsignedDivRem_ReadsB01AndB23()
    {
        const string expanded = "starkware.cairo.common.uint256.Uint256Expanded";
        string members = ",\"" + expanded + "\": {\"type\": \"struct\", \"size\": 5, \"full_name\": \"" + expanded + "\", \"members\": {" +
            "\"B0\": {\"cairo_type\": \"felt\", \"offset\": 0}, \"b01\": {\"cairo_type\": \"felt\", \"offset\": 1}, \"b12\": {\"cairo_type\": \"felt\", \"offset\": 2}, " +
            "\"b23\": {\"cairo_type\": \"felt\", \"offset\": 3}, \"b3\": {\"cairo_type\": \"felt\", \"offset\": 4}}}";
        BigInteger a = (BigInteger.One << 200) + 17, div = (BigInteger.One << 129) + 5;
        // a at ap (2 cells), div at ap + 2 (5 cells: b01 at +3, b23 at +5), quotient at ap + 7, remainder at ap + 9.
        (string, string)[] ids = [("a", Uint256), ("p0", "felt"), ("div", expanded), ("p1", "felt"), ("p2", "felt"), ("p3", "felt"), ("p4", "felt"), ("quotient", Uint256), ("p5", "felt"), ("remainder", Uint256)];
        var r = RunAll([Uint256Hints.Uint256ExpandedUnsignedDivRem], ids, (m, s) =>
        {
            Put(m, s, a);
            m.Insert(s.Add(3), F(div % Two128));
            m.Insert(s.Add(5), F(div / Two128));
        }, null, members);
        var view = new CairoRunnerRef(r);
        Assert.Equal(a / div, Get(view, 9));
        Assert.Equal(a % div, Get(view, 11));
    }

    [Fact]
    public void Sqrt_AndSqrtFelt_WriteTheFloorRoot()
    {
        BigInteger n = (BigInteger.One << 250) + 12345;
        BigInteger root = Zetina.Cairo.Hints.IntegerMath.Isqrt(n);
        var r = HintHarness.Run(Uint256Hints.Uint256Sqrt, Uints("n", "root"), (m, s) => Put(m, s, n));
        Assert.Equal(root, Get(new CairoRunnerRef(r), 4));
        r = HintHarness.Run(Uint256Hints.Uint256SqrtFelt, [("n", Uint256), ("p", "felt"), ("root", "felt")], (m, s) => Put(m, s, n));
        Assert.Equal(root, Read(r, 4));
    }

    [Fact]
    public void SignedNn_HighBitDecidesTheSign()
    {
        var r = HintHarness.Run(Uint256Hints.Uint256SignedNn, [("unused", "felt"), ("a", Uint256)], (m, s) => Put(m, s.Add(1), (BigInteger.One << 255) + 1));
        Assert.Equal(0, Read(r, 2));
        r = HintHarness.Run(Uint256Hints.Uint256SignedNn, [("unused", "felt"), ("a", Uint256)], (m, s) => Put(m, s.Add(1), (BigInteger.One << 254) + 1));
        Assert.Equal(1, Read(r, 2));
    }

    [Fact]
    public void AddLowAndUint128Add_CarryAt2To128()
    {
        var r = HintHarness.Run(Uint256Hints.Uint256AddLow, [("a", Uint256), ("p0", "felt"), ("b", Uint256), ("p1", "felt"), ("carry_low", "felt")], (m, s) =>
        {
            Put(m, s, Two128 - 1); Put(m, s.Add(2), 1);
        });
        Assert.Equal(1, Read(r, 6));
        r = HintHarness.Run(Uint256Hints.Uint128Add, [("a", "felt"), ("b", "felt"), ("carry", "felt")], (m, s) => { m.Insert(s, F(Two128 - 2)); m.Insert(s.Add(1), F(1)); });
        Assert.Equal(0, Read(r, 4));
    }
}
