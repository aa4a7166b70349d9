using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

/// <summary>
/// STARK-curve hints of ec.cairo. The random-point expectations are lambdaclass cairo-vm's test vectors for the
/// same hints (an independent implementation checked against cairo-lang).
/// </summary>
public sealed class EcHintTests
{
    private const string EcPoint = "starkware.cairo.common.ec_point.EcPoint";
    private static readonly BigInteger Px = BigInteger.Parse("3004956058830981475544150447242655232275382685012344776588097793621230049020");
    private static readonly BigInteger Py = BigInteger.Parse("3232266734070744637901977159303149980795588196503166389060831401046564401743");
    private static readonly BigInteger Qx = BigInteger.Parse("2864041794633455918387139831609347757720597354645583729611044800117714995244");
    private static readonly BigInteger Qy = BigInteger.Parse("2252415379535459416893084165764951913426528160630388985542241241048300343256");

    [Fact]
    public void RandomEcPoint_SeededByTheInputs_MatchesTheReferencePoint()
    {
        // p at ap (2 cells), m at ap + 2, q at ap + 3 (2 cells), s at ap + 5.
        var r = HintHarness.Run(EcHints.RandomEcPoint, [("p", EcPoint), ("p_y", "felt"), ("m", "felt"), ("q", EcPoint), ("q_y", "felt"), ("s", EcPoint)], (m, b) =>
        {
            m.Insert(b, F(Px)); m.Insert(b.Add(1), F(Py)); m.Insert(b.Add(2), F(34));
            m.Insert(b.Add(3), F(Qx)); m.Insert(b.Add(4), F(Qy));
        });
        Assert.Equal(BigInteger.Parse("96578541406087262240552119423829615463800550101008760434566010168435227837635") % Felt.Modulus, Read(r, 7));
        Assert.Equal(BigInteger.Parse("3412645436898503501401619513420382337734846074629040678138428701431530606439"), Read(r, 8));
    }

    [Fact]
    public void ChainedEcOpRandomEcPoint_ThreeTerms_MatchesTheReferencePoint()
    {
        var r = HintHarness.Run(EcHints.ChainedEcOpRandomEcPoint, [("p", EcPoint), ("p_y", "felt"), ("m", "felt*"), ("q", EcPoint + "*"), ("len", "felt"), ("s", EcPoint)], (m, b) =>
        {
            Relocatable ms = m.AddSegment(), qs = m.AddSegment();
            for (int i = 0; i < 3; i++)
            {
                m.Insert(ms.Add(i), F(34));
                m.Insert(qs.Add(2 * i), F(Qx));
                m.Insert(qs.Add(2 * i + 1), F(Qy));
            }
            m.Insert(b, F(Px)); m.Insert(b.Add(1), F(Py));
            m.Insert(b.Add(2), MaybeRelocatable.FromRelocatable(ms));
            m.Insert(b.Add(3), MaybeRelocatable.FromRelocatable(qs));
            m.Insert(b.Add(4), F(3));
        });
        Assert.Equal(BigInteger.Parse("1354562415074475070179359167082942891834423311678180448592849484844152837347"), Read(r, 7));
        Assert.Equal(BigInteger.Parse("907662328694455187848008017177970257426839229889571025406355869359245158736"), Read(r, 8));
    }

    [Fact]
    public void RecoverY_PointOnCurve_WritesBothCoordinates_OffCurveFails()
    {
        // The STARK curve's generator: y = 0x5668…b8f (the smaller root).
        BigInteger gx = BigInteger.Parse("01ef15c18599971b7beced415a40f0c7deacfd9b0d1819e03d723d8bc943cfca", System.Globalization.NumberStyles.HexNumber);
        BigInteger gy = BigInteger.Parse("005668060aa49730b7be4801df46ec62de53ecd11abe43a32873000c36e8dc1f", System.Globalization.NumberStyles.HexNumber);
        var r = HintHarness.Run(EcHints.RecoverY, [("x", "felt"), ("p", EcPoint)], (m, b) => m.Insert(b, F(gx)));
        Assert.Equal(gx, Read(r, 3));
        Assert.Equal(gy, Read(r, 4));
        var e = Assert.ThrowsAny<CairoException>(() => HintHarness.Run(EcHints.RecoverY, [("x", "felt"), ("p", EcPoint)], (m, b) => m.Insert(b, F(FindOffCurveX()))));
        Assert.Contains("does not represent the x coordinate", e.Message);
    }

    private static BigInteger FindOffCurveX()
    {
        for (long x = 1; ; x++)
            if (!Zetina.Stark.Crypto.StarkCurve.TryRecoverY(Felt.FromUInt64((ulong)x), out _)) return x;
    }

    [Fact]
    public void IsQuadResidue_SquareGivesItsSmallerRoot_NonSquareGivesTheRootOfItsThird()
    {
        var r = HintHarness.Run(MathMoreHints.IsQuadResidue, [("x", "felt"), ("y", "felt")], (m, b) => m.Insert(b, F(49)));
        Assert.Equal(7, Read(r, 3));
        // 3 is not a square mod PRIME: y = sqrt(3 / 3) = 1.
        r = HintHarness.Run(MathMoreHints.IsQuadResidue, [("x", "felt"), ("y", "felt")], (m, b) => m.Insert(b, F(3)));
        Assert.Equal(1, Read(r, 3));
    }

    [Fact]
    public void Log2Ceil_RoundsUp()
    {
        long[][] cases = [[1, 0], [5, 3], [8, 3], [9, 4]];
        foreach (long[] c in cases)
        {
            var r = HintHarness.Run(MathMoreHints.Log2Ceil, [("value", "felt"), ("res", "felt")], (m, b) => m.Insert(b, F(c[0])));
            Assert.Equal(c[1], (long)Read(r, 3));
        }
        Assert.ThrowsAny<CairoException>(() => HintHarness.Run(MathMoreHints.Log2Ceil, [("value", "felt"), ("res", "felt")], (m, b) => m.Insert(b, F(0))));
    }

    [Fact]
    public void IsAddrBounded_ComparesWithAddrBound()
    {
        string bound = ((BigInteger.One << 251) - 256).ToString();
        var r = RunWithConstants(MathMoreHints.IsAddrBounded, [("addr", "felt"), ("is_small", "felt")], [("ADDR_BOUND", bound)], (m, b) => m.Insert(b, F((BigInteger.One << 251) - 257)));
        Assert.Equal(1, Read(r, 3));
        r = RunWithConstants(MathMoreHints.IsAddrBounded, [("addr", "felt"), ("is_small", "felt")], [("ADDR_BOUND", bound)], (m, b) => m.Insert(b, F((BigInteger.One << 251) - 1)));
        Assert.Equal(0, Read(r, 3));
    }

    [Fact]
    public void SearchSortedOptimistic_FoundAndAbsentKeys()
    {
        Action<Memory, Relocatable> setup(long key) => (m, b) =>
        {
            Relocatable arr = m.AddSegment();
            for (int i = 0; i < 4; i++) m.Insert(arr.Add(i), F(10 * i));
            m.Insert(b, MaybeRelocatable.FromRelocatable(arr));
            m.Insert(b.Add(1), F(1));
            m.Insert(b.Add(2), F(4));
            m.Insert(b.Add(3), F(key));
        };
        (string, string)[] ids = [("array_ptr", "felt*"), ("elm_size", "felt"), ("n_elms", "felt"), ("key", "felt"), ("index", "felt"), ("exists", "felt")];
        var r = HintHarness.Run(CollectionHints.SearchSortedOptimistic, ids, setup(20));
        Assert.Equal(2, Read(r, 6)); Assert.Equal(1, Read(r, 7));
        r = HintHarness.Run(CollectionHints.SearchSortedOptimistic, ids, setup(25));
        Assert.Equal(3, Read(r, 6)); Assert.Equal(0, Read(r, 7));
        r = HintHarness.Run(CollectionHints.SearchSortedOptimistic, ids, setup(99));
        Assert.Equal(4, Read(r, 6)); Assert.Equal(0, Read(r, 7));
    }

    [Fact]
    public void PowNegativeBaseZero_ZeroBaseFails()
    {
        HintHarness.Run(CollectionHints.PowNegativeBaseZero, [("base", "felt")], (m, b) => m.Insert(b, F(2)));
        var e = Assert.ThrowsAny<CairoException>(() => HintHarness.Run(CollectionHints.PowNegativeBaseZero, [("base", "felt")], (m, b) => m.Insert(b, F(0))));
        Assert.Contains("Cannot raise 0", e.Message);
    }

    [Fact]
    public void QuadBitDiBitAndHiBitLength_ReadTheScalarsBits()
    {
        var r = HintHarness.Run(SecpHints.QuadBit, [("scalar_u", "felt"), ("scalar_v", "felt"), ("m", "felt"), ("quad_bit", "felt")], (m, b) =>
        {
            m.Insert(b, F(0b10)); m.Insert(b.Add(1), F(0b01)); m.Insert(b.Add(2), F(1));
        });
        Assert.Equal(4 + 2, Read(r, 5));      // u bit 1 → 4, v bit 0 → 2
        r = HintHarness.Run(SecpHints.DiBit, [("scalar_u", "felt"), ("scalar_v", "felt"), ("m", "felt"), ("dibit", "felt")], (m, b) =>
        {
            m.Insert(b, F(0b100)); m.Insert(b.Add(1), F(0b100)); m.Insert(b.Add(2), F(2));
        });
        Assert.Equal(3, Read(r, 5));
        const string bigInt3 = "starkware.cairo.common.cairo_secp.bigint3.BigInt3";
        r = HintHarness.Run(SecpHints.HiMaxBitlen, [("scalar_u", bigInt3), ("u1", "felt"), ("u2", "felt"), ("scalar_v", bigInt3), ("v1", "felt"), ("v2", "felt"), ("len_hi", "felt")], (m, b) =>
        {
            for (int i = 0; i < 6; i++) m.Insert(b.Add(i), F(i == 2 ? 5 : i == 5 ? 300 : 0));
        });
        Assert.Equal(8, Read(r, 8));
    }
}
