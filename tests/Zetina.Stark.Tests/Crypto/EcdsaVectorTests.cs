using System.Numerics;
using System.Text.Json;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Crypto;

/// <summary>Stark ECDSA against the "ecdsa" section of the vectors (cairo-lang's k convention where the two differ).</summary>
public class EcdsaVectorTests
{
    public static IEnumerable<object[]> SignCases => StarknetVectors.Indices("ecdsa", "sign");
    public static IEnumerable<object[]> NegativeCases => StarknetVectors.Indices("ecdsa", "negative");
    public static IEnumerable<object[]> MalleabilityCases => StarknetVectors.Indices("ecdsa", "malleability", "cases");
    public static IEnumerable<object[]> InvalidInputCases => StarknetVectors.Indices("ecdsa", "invalid_inputs", "cases");
    public static IEnumerable<object[]> LeadingZeroCases => StarknetVectors.Indices("ecdsa", "rfc6979_leading_zero", "cases");

    [Theory]
    [MemberData(nameof(SignCases))]
    public void Sign_VectorCase_MatchesCairoLang(int index) => CheckSignCase(StarknetVectors.Case(index, "ecdsa", "sign"));

    [Theory]
    [MemberData(nameof(LeadingZeroCases))]
    public void Sign_LeadingZeroCandidate_UsesCairoLangShift(int index)
    {
        var c = StarknetVectors.Case(index, "ecdsa", "rfc6979_leading_zero", "cases");
        Assert.False(c.IsNull("cairo_lang_k"));
        CheckSignCase(c);
    }

    private static void CheckSignCase(JsonElement c)
    {
        BigInteger d = CurveVectorTests.ParseInt(c.Str("private_key"));
        Felt msg = Felt.Parse(c.Str("msg_hash"));
        EcPoint pub = StarkEcdsa.PublicKeyPoint(d);
        Assert.Equal(c.Str("public_key_x"), pub.X.ToHexString());
        Assert.Equal(c.Str("public_key_y"), pub.Y.ToHexString());
        Assert.Equal(c.Str("public_key_x"), StarkEcdsa.PublicKey(d).ToHexString());

        bool split = !c.IsNull("cairo_lang_k");
        string k = split ? c.Str("cairo_lang_k") : c.Str("k");
        Assert.Equal(k, "0x" + Rfc6979.GenerateK(msg.ToBigInteger(), d, null).ToString("x").TrimStart('0'));
        (Felt r, Felt s) = StarkEcdsa.Sign(d, msg);
        Assert.Equal(split ? c.Str("cairo_lang_r") : c.Str("r"), r.ToHexString());
        Assert.Equal(split ? c.Str("cairo_lang_s") : c.Str("s"), s.ToHexString());

        // The library's own signature (scure's k) must verify too, both ways.
        bool expected = c.GetProperty("verify").GetBoolean();
        Felt vr = Felt.Parse(c.Str("r")), vs = Felt.Parse(c.Str("s"));
        Assert.Equal(expected, StarkEcdsa.Verify(pub, msg, vr, vs));
        Assert.Equal(expected, StarkEcdsa.Verify(pub.X, msg, vr, vs));
        Assert.True(StarkEcdsa.Verify(pub.X, msg, r, s));
    }

    [Theory]
    [MemberData(nameof(NegativeCases))]
    public void Verify_NegativeCase_MatchesReference(int index)
    {
        var c = StarknetVectors.Case(index, "ecdsa", "negative");
        EcPoint pub = ParseUncompressed(c.Str("public_key_uncompressed"));
        Assert.Equal(c.Str("public_key_x"), pub.X.ToHexString());
        Felt msg = Felt.Parse(c.Str("msg_hash")), r = Felt.Parse(c.Str("r")), s = Felt.Parse(c.Str("s"));
        Assert.Equal(c.GetProperty("verify").GetBoolean(), StarkEcdsa.Verify(pub, msg, r, s));
        Assert.Equal(c.GetProperty("verify_x_only").GetBoolean(), StarkEcdsa.Verify(pub.X, msg, r, s));
    }

    [Theory]
    [MemberData(nameof(MalleabilityCases))]
    public void Verify_NegatedS_IsAccepted(int index)
    {
        var c = StarknetVectors.Case(index, "ecdsa", "malleability", "cases");
        EcPoint pub = ParseUncompressed(c.Str("public_key_uncompressed"));
        Felt msg = Felt.Parse(c.Str("msg_hash")), r = Felt.Parse(c.Str("r")), s = Felt.Parse(c.Str("s"));
        Assert.True(c.GetProperty("verify").GetBoolean());
        Assert.True(StarkEcdsa.Verify(pub, msg, r, s));
        Assert.True(StarkEcdsa.Verify(Felt.Parse(c.Str("public_key_x")), msg, r, s));
    }

    [Theory]
    [MemberData(nameof(InvalidInputCases))]
    public void Verify_OutOfRangeInput_IsRejected(int index)
    {
        var c = StarknetVectors.Case(index, "ecdsa", "invalid_inputs", "cases");
        EcPoint pub = ParseUncompressed(c.Str("public_key_uncompressed"));
        Felt msg = Felt.Parse(c.Str("msg_hash")), r = Felt.Parse(c.Str("r")), s = Felt.Parse(c.Str("s"));
        Assert.False(c.GetProperty("verify").GetBoolean());
        Assert.False(StarkEcdsa.Verify(pub, msg, r, s));
        Assert.False(StarkEcdsa.Verify(pub.X, msg, r, s));
    }

    [Fact]
    public void Sign_MessageHashAtBound_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StarkEcdsa.Sign(BigInteger.One, Felt.FromBigInteger(BigInteger.One << 251)));

    [Fact]
    public void PublicKey_KeyOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StarkEcdsa.PublicKey(BigInteger.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => StarkEcdsa.PublicKey(StarkCurve.Order));
    }

    [Fact]
    public void Verify_XNotOnCurve_IsFalse()
    {
        // Find an x with no curve point and check that verification rejects it instead of throwing.
        Felt x = Felt.FromUInt64(1);
        while (StarkCurve.TryRecoverY(x, out _)) x += Felt.One;
        Assert.False(StarkEcdsa.Verify(x, Felt.One, Felt.One, Felt.One));
    }

    [Fact]
    public void NewPrivateKey_TwoDraws_AreInRangeAndDiffer()
    {
        BigInteger a = StarkEcdsa.NewPrivateKey(), b = StarkEcdsa.NewPrivateKey();
        Assert.InRange(a, BigInteger.One, StarkCurve.Order - 1);
        Assert.InRange(b, BigInteger.One, StarkCurve.Order - 1);
        Assert.NotEqual(a, b);
    }

    internal static EcPoint ParseUncompressed(string sec1)
    {
        byte[] b = Convert.FromHexString(sec1[2..]);
        Assert.Equal(65, b.Length);
        Assert.Equal(4, b[0]);
        return new EcPoint(Felt.FromBytesBigEndian(b.AsSpan(1, 32)), Felt.FromBytesBigEndian(b.AsSpan(33, 32)));
    }
}
