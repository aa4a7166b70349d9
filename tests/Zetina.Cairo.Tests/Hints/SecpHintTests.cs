using System.Globalization;
using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Hints;

public sealed class SecpHintTests
{
    private const string BigInt3 = "starkware.cairo.common.cairo_secp.bigint3.BigInt3";
    private const string EcPoint = "starkware.cairo.common.cairo_secp.ec_point.EcPoint";

    private static readonly BigInteger P = SecpHints.SecpP;
    private static readonly BigInteger Gx = Hex("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798");
    private static readonly BigInteger Gy = Hex("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8");
    private static readonly BigInteger G2x = Hex("C6047F9441ED7D6D3045406E95C07CD85C778E4B8CEF3CA7ABAC09B95C709EE5");
    private static readonly BigInteger G2y = Hex("1AE168FEA63DC339A3C58419466CEAEEF7F632653266D0E1236431A950CFE52A");

    private static BigInteger Hex(string s) => BigInteger.Parse("0" + s, NumberStyles.HexNumber);

    /// <summary>Ids laid out one after another from [ap]: each (name, type, cells) takes <c>cells</c> cells.</summary>
    private static ((string, string)[] Ids, Dictionary<string, int> Offsets) Layout(params (string Name, string Type, int Cells)[] items)
    {
        var ids = new List<(string, string)>();
        var offsets = new Dictionary<string, int>();
        foreach (var (name, type, cells) in items)
        {
            offsets[name] = ids.Count;
            ids.Add((name, type));
            for (int i = 1; i < cells; i++) ids.Add(($"{name}_pad{i}", "felt"));
        }
        return (ids.ToArray(), offsets);
    }

    private static void PutBigInt3(Memory m, Relocatable at, BigInteger v)
    {
        BigInteger b = BigInteger.One << 86;
        for (int i = 0; i < 3; i++) { m.Insert(at.Add(i), F(v % b)); v /= b; }
    }

    private static BigInteger ReadBigInt3(CairoRunner r, long offset)
    {
        BigInteger b = BigInteger.One << 86;
        return Read(r, offset) + Read(r, offset + 1) * b + Read(r, offset + 2) * b * b;
    }

    private static CairoRunner RunHints(string[] codes, (string, string)[] ids, Action<Memory, Relocatable> setup, params (string Name, string Value)[] constants)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (name, value) in constants)
            sb.Append(",\"__main__.main.").Append(name).Append("\": {\"type\": \"const\", \"value\": ").Append(value).Append('}');
        return RunAll(codes, ids, setup, null, sb.ToString());
    }

    [Fact]
    public void ReduceThenNondetBigint3_WritesTheCanonicalLimbs()
    {
        var (ids, at) = Layout(("x", BigInt3, 3), ("res", BigInt3, 3));
        // x = P + 5: reduce takes the packed value mod P.
        var r = RunHints([SecpHints.Reduce, SecpHints.NondetBigint3], ids, (m, b) => PutBigInt3(m, b, P + 5));
        Assert.Equal(5, ReadBigInt3(r, 2 + at["res"]));
    }

    [Fact]
    public void Pack_NegativeLimbs_AreLiftedAsSignedValues()
    {
        var (ids, at) = Layout(("x", BigInt3, 3), ("res", BigInt3, 3));
        var r = RunHints([SecpHints.Reduce, SecpHints.NondetBigint3NoBlank], ids, (m, b) =>
        {
            // d0 = -1, d1 = 1: value 2^86 - 1.
            m.Insert(b, F(-1)); m.Insert(b.Add(1), F(1)); m.Insert(b.Add(2), F(0));
        });
        Assert.Equal((BigInteger.One << 86) - 1, ReadBigInt3(r, 2 + at["res"]));
    }

    [Fact]
    public void VerifyZero_MultipleOfP_WritesQuotient_OtherwiseFails()
    {
        var (ids, _) = Layout(("val", BigInt3, 3), ("q", "felt", 1));
        var r = RunHints([SecpHints.VerifyZero], ids, (m, b) => PutBigInt3(m, b, 2 * P));
        Assert.Equal(2, Read(r, 5));
        var e = Assert.ThrowsAny<CairoException>(() => RunHints([SecpHints.VerifyZero], ids, (m, b) => PutBigInt3(m, b, P + 1)));
        Assert.Contains("verify_zero: Invalid input", e.Message);
        Assert.Equal(new Relocatable(0, 0), e.Pc!.Value);
    }

    [Fact]
    public void IsZero_PackNondetAndInverse_FollowThePythonScope()
    {
        var (ids, at) = Layout(("x", BigInt3, 3), ("flag", "felt", 1), ("res", BigInt3, 3));
        // x = 3 is not zero: x_inv = 3^-1 mod P goes through value to res.
        var r = RunHints([SecpHints.IsZeroPack, SecpHints.IsZeroAssignScopeVars, SecpHints.NondetBigint3], ids, (m, b) => PutBigInt3(m, b, 3));
        BigInteger inv = ReadBigInt3(r, 2 + at["res"]);
        Assert.Equal(BigInteger.One, inv * 3 % P);
        // x = P packs to 0 mod P: the nondet writes 1 at ap (the first cell, before x).
        var zero = RunHints([SecpHints.IsZeroPack, SecpHints.IsZeroNondet], [("unused", "felt"), ("x", BigInt3)], (m, b) => PutBigInt3(m, b.Add(1), P));
        Assert.Equal(1, Read(zero, 2));
    }

    [Fact]
    public void EcDouble_GeneratorOfSecp256k1_Gives2G()
    {
        Action<Memory, Relocatable> setG = (m, b) => { PutBigInt3(m, b, Gx); PutBigInt3(m, b.Add(3), Gy); };
        // Slope, written to slope's cells through nondet_bigint3 (res aliased to slope).
        var (ids2, at2) = Layout(("point", EcPoint, 6), ("res", BigInt3, 3));
        var r = RunHints([SecpHints.EcDoubleSlope, SecpHints.NondetBigint3], ids2, setG);
        BigInteger slope = ReadBigInt3(r, 2 + at2["res"]);
        Assert.Equal(3 * Gx * Gx % P, slope * 2 * Gy % P);

        // new_x and new_y from the slope, as ec_double does.
        var (ids3, at3) = Layout(("point", EcPoint, 6), ("slope", BigInt3, 3), ("res", BigInt3, 3));
        r = RunHints([SecpHints.EcDoubleAssignNewX, SecpHints.NondetBigint3], ids3, (m, b) => { setG(m, b); PutBigInt3(m, b.Add(6), slope); });
        Assert.Equal(G2x, ReadBigInt3(r, 2 + at3["res"]));
        r = RunHints([SecpHints.EcDoubleAssignNewX, SecpHints.EcDoubleAssignNewY, SecpHints.NondetBigint3], ids3, (m, b) => { setG(m, b); PutBigInt3(m, b.Add(6), slope); });
        Assert.Equal(G2y, ReadBigInt3(r, 2 + at3["res"]));
    }

    [Fact]
    public void ComputeSlopeAndFastAdd_GPlus2G_MatchesTheChord()
    {
        var (ids, at) = Layout(("point0", EcPoint, 6), ("point1", EcPoint, 6), ("res", BigInt3, 3));
        Action<Memory, Relocatable> set = (m, b) =>
        {
            PutBigInt3(m, b, Gx); PutBigInt3(m, b.Add(3), Gy);
            PutBigInt3(m, b.Add(6), G2x); PutBigInt3(m, b.Add(9), G2y);
        };
        var r = RunHints([SecpHints.ComputeSlope, SecpHints.NondetBigint3], ids, set);
        BigInteger slope = ReadBigInt3(r, 2 + at["res"]);
        Assert.Equal(((Gy - G2y) % P + P) % P, slope * (((Gx - G2x) % P + P) % P) % P);

        var (ids2, at2) = Layout(("point0", EcPoint, 6), ("point1", EcPoint, 6), ("slope", BigInt3, 3), ("res", BigInt3, 3));
        r = RunHints([SecpHints.FastEcAddAssignNewX, SecpHints.FastEcAddAssignNewY, SecpHints.NondetBigint3], ids2, (m, b) => { set(m, b); PutBigInt3(m, b.Add(12), slope); });
        // 3G.y, from the chord: y3 = slope·(x0 − x3) − y0 with x3 = slope² − x0 − x1.
        BigInteger x3 = ((slope * slope - Gx - G2x) % P + P) % P;
        BigInteger y3 = ((slope * (Gx - x3) - Gy) % P + P) % P;
        Assert.Equal(y3, ReadBigInt3(r, 2 + at2["res"]));
        // 3G.x is the published value.
        Assert.Equal(Hex("F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9"), x3);
    }

    [Fact]
    public void ComputeSlope_SameX_FailsAtThePc()
    {
        var (ids, _) = Layout(("point0", EcPoint, 6), ("point1", EcPoint, 6));
        var e = Assert.ThrowsAny<CairoException>(() => RunHints([SecpHints.ComputeSlope], ids, (m, b) =>
        {
            PutBigInt3(m, b, Gx); PutBigInt3(m, b.Add(3), Gy);
            PutBigInt3(m, b.Add(6), Gx); PutBigInt3(m, b.Add(9), P - Gy);
        }));
        Assert.Equal(CairoErrorKind.HintFailed, e.Kind);
    }

    [Fact]
    public void GetPointFromX_PicksTheRootWithVsParity()
    {
        var (ids, at) = Layout(("x_cube", BigInt3, 3), ("v", "felt", 1), ("res", BigInt3, 3));
        BigInteger xCube = BigInteger.ModPow(Gx, 3, P);
        var r = RunHints([SecpHints.GetPointFromX, SecpHints.NondetBigint3], ids, (m, b) => { PutBigInt3(m, b, xCube); m.Insert(b.Add(3), F(Gy % 2)); }, ("BETA", "7"));
        Assert.Equal(Gy, ReadBigInt3(r, 2 + at["res"]));
        r = RunHints([SecpHints.GetPointFromX, SecpHints.NondetBigint3], ids, (m, b) => { PutBigInt3(m, b, xCube); m.Insert(b.Add(3), F(1 - Gy % 2)); }, ("BETA", "7"));
        Assert.Equal(P - Gy, ReadBigInt3(r, 2 + at["res"]));
    }

    [Fact]
    public void DivModN_ThenSafeDiv_GiveQuotientAndK()
    {
        var (ids, at) = Layout(("a", BigInt3, 3), ("b", BigInt3, 3), ("res", BigInt3, 3));
        var r = RunHints([SecpHints.DivModNPacked, SecpHints.NondetBigint3], ids, (m, b) => { PutBigInt3(m, b, 1); PutBigInt3(m, b.Add(3), 2); });
        BigInteger res = ReadBigInt3(r, 2 + at["res"]);
        Assert.Equal(BigInteger.One, res * 2 % SecpHints.SecpN);
        r = RunHints([SecpHints.DivModNPacked, SecpHints.DivModNSafeDiv, SecpHints.NondetBigint3], ids, (m, b) => { PutBigInt3(m, b, 1); PutBigInt3(m, b.Add(3), 2); });
        Assert.Equal((res * 2 - 1) / SecpHints.SecpN, ReadBigInt3(r, 2 + at["res"]));
    }

    [Fact]
    public void Secp256r1_ImportedPrime_IsUsedByTheScopeVariants()
    {
        var (ids, at) = Layout(("x", BigInt3, 3), ("res", BigInt3, 3));
        var r = RunHints([SecpHints.ImportSecp256r1P, SecpHints.ReduceScopeP, SecpHints.NondetBigint3], ids, (m, b) => PutBigInt3(m, b, SecpHints.R1P + 9));
        Assert.Equal(9, ReadBigInt3(r, 2 + at["res"]));
        r = RunHints([SecpHints.ReduceR1, SecpHints.NondetBigint3], ids, (m, b) => PutBigInt3(m, b, SecpHints.R1P + 10));
        Assert.Equal(10, ReadBigInt3(r, 2 + at["res"]));
    }

    [Fact]
    public void ScopeVariant_WithoutImportedPrime_FailsNamingTheVariable()
    {
        var (ids, _) = Layout(("x", BigInt3, 3));
        var e = Assert.ThrowsAny<CairoException>(() => RunHints([SecpHints.ReduceScopeP], ids, (m, b) => PutBigInt3(m, b, 1)));
        Assert.Contains("SECP_P", e.Message);
    }

    [Fact]
    public void IsZeroAssignScopeVars_ZeroX_FailsAsNotInvertible()
    {
        var (ids, _) = Layout(("x", BigInt3, 3), ("res", BigInt3, 3));
        var e = Assert.ThrowsAny<CairoException>(() => RunHints([SecpHints.IsZeroPack, SecpHints.IsZeroAssignScopeVars], ids, (m, b) => PutBigInt3(m, b, 0)));
        Assert.Contains("not invertible", e.Message);
        Assert.Equal(new Relocatable(0, 0), e.Pc!.Value);
    }

    [Fact]
    public void Nibbles_FirstIsTheTopNibble_PopsContinueDownwards()
    {
        BigInteger scalar = (BigInteger.Parse("0ABCDEF", NumberStyles.HexNumber) << 232) + 0x21;
        string[] codes = [SecpHints.Nibbles, SecpHints.NibblesPopToLocal(0)];
        // fp is ap at the start of the run (fp = ap = 1:2), so memory[fp + 0] is the first id's cell: use a spare.
        var r = RunAll(codes, [("nibble_slot", "felt"), ("scalar", Uint256), ("scalar_high", "felt"), ("first_nibble", "felt"), ("last_nibble", "felt")], (m, b) =>
        {
            m.Insert(b.Add(1), F(scalar & ((BigInteger.One << 128) - 1)));
            m.Insert(b.Add(2), F(scalar >> 128));
        });
        Assert.Equal(0xA, Read(r, 5));
        Assert.Equal(0x1, Read(r, 6));
        Assert.Equal(0xB, Read(r, 2));
    }

    [Fact]
    public void BigintToUint256_CombinesTheLowLimbs()
    {
        var (ids, _) = Layout(("x", BigInt3, 3), ("low", "felt", 1));
        var r = RunHints([SecpHints.BigintToUint256], ids, (m, b) => { m.Insert(b, F(5)); m.Insert(b.Add(1), F(BigInteger.One << 30)); m.Insert(b.Add(2), F(9)); }, ("BASE", "77371252455336267181195264"));
        Assert.Equal(5 + (BigInteger.One << 116), Read(r, 5));
    }

    [Fact]
    public void EcMulInner_WritesTheScalarsParity()
    {
        var r = HintHarness.Run(SecpHints.EcMulInner, [("unused", "felt"), ("scalar", "felt")], (m, b) => m.Insert(b.Add(1), F(7)));
        Assert.Equal(1, Read(r, 2));
    }
}
