using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Crypto;

/// <summary>The points derived from π against the coordinates StarkWare publishes (pedersen_params.json, curve docs).</summary>
public class ConstantPointsTests
{
    [Fact]
    public void Derive_FromPiDigits_MatchesPublishedCoordinates()
    {
        Check(ConstantPoints.ShiftPoint, "0x49ee3eba8c1600700ee1b87eb599f16716b0b1022947733551fde4050ca6804", "0x3ca0cfe4b3bc6ddf346d49d06ea0ed34e621062c0e056c1d0405d266e10268a");
        Check(ConstantPoints.Generator, StarknetVectors.At("curve", "params").Str("gx"), StarknetVectors.At("curve", "params").Str("gy"));
        Check(ConstantPoints.P1, "0x234287dcbaffe7f969c748655fca9e58fa8120b6d56eb0c1080d17957ebe47b", "0x3b056f100f96fb21e889527d41f4e39940135dd7a6c94cc6ed0268ee89e5615");
        Check(ConstantPoints.P2, "0x4fa56f376c83db33f9dab2656558f3399099ec1de5e3018b7a6932dba8aa378", "0x3fa0984c931c9e38113e0c0e47e4401562761f92a7a23b45168f4e80ff5b54d");
        Check(ConstantPoints.P3, "0x4ba4cc166be8dec764910f75b45f74b40c690c74709e90f3aa372f0bd2d6997", "0x40301cf5c1751f4b971e46c4ede85fcac5c59a5ce5ae7c48151f27b24b219c");
        Check(ConstantPoints.P4, "0x54302dcb0e6cc1c6e44cca8f61a63bb2ca65048d53fb325d36ff12c49a58202", "0x1b77b3e37d13504b348046268d8ae25ce98ad783c25561a879dcc77e99c2426");
    }

    [Fact]
    public void Beta_IsFirst76PiDigitsPlus379_AndMatchesVectorFile()
    {
        Felt pi76 = Felt.Parse("3141592653589793238462643383279502884197169399375105820974944592307816406286");
        Assert.Equal(pi76 + Felt.FromUInt64(379), StarkCurve.Beta);
        Assert.Equal(StarknetVectors.At("curve", "params").Str("beta"), StarkCurve.Beta.ToHexString());
        Assert.Equal(StarknetVectors.At("curve", "params").Str("n"), "0x" + StarkCurve.Order.ToString("x").TrimStart('0'));
    }

    private static void Check(EcPoint p, string x, string y)
    {
        Assert.True(StarkCurve.IsOnCurve(p));
        Assert.Equal(x, p.X.ToHexString());
        Assert.Equal(y, p.Y.ToHexString());
    }
}
