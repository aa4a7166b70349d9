using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;

namespace Zetina.P2P.Crypto;

/// <summary>The secp256k1 curve parameters shared by both key classes.</summary>
internal static class Secp256k1Curve
{
    public static readonly X9ECParameters Params = CustomNamedCurves.GetByName("secp256k1");
    public static readonly ECDomainParameters Domain = new(Params.Curve, Params.G, Params.N, Params.H);
    public static readonly BigInteger HalfN = Params.N.ShiftRight(1);
}
