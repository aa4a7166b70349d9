using SHA256 = System.Security.Cryptography.SHA256;
using RandomNumberGenerator = System.Security.Cryptography.RandomNumberGenerator;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Math.EC;

namespace Zetina.P2P.Crypto;

/// <summary>
/// A secp256k1 public key, 33-byte compressed SEC1 point. libp2p verifies ECDSA over SHA-256(message)
/// with a DER-encoded signature (libp2p specs, peer-ids.md "Secp256k1").
/// </summary>
public sealed class Secp256k1PublicKey : PublicKey
{
    private readonly byte[] _compressed;
    internal readonly ECPoint Point;

    /// <summary>From a compressed (33-byte) or uncompressed (65-byte) point; throws <see cref="FormatException"/> when it is not on the curve.</summary>
    public Secp256k1PublicKey(byte[] encoded)
    {
        if (encoded.Length != 33 && encoded.Length != 65) throw new FormatException($"secp256k1 public key must be 33 or 65 bytes, got {encoded.Length}");
        try
        {
            Point = Secp256k1Curve.Params.Curve.DecodePoint(encoded).Normalize();
        }
        catch (ArgumentException e)
        {
            throw new FormatException("secp256k1 public key is not a valid point: " + e.Message);
        }
        _compressed = Point.GetEncoded(true);
    }

    /// <inheritdoc/>
    public override KeyType Type => KeyType.Secp256k1;

    /// <inheritdoc/>
    public override ReadOnlySpan<byte> Data => _compressed;

    /// <inheritdoc/>
    public override bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        BigInteger r, s;
        try
        {
            var seq = Asn1Sequence.GetInstance(signature.ToArray());
            if (seq.Count != 2) return false;
            r = DerInteger.GetInstance(seq[0]).PositiveValue;
            s = DerInteger.GetInstance(seq[1]).PositiveValue;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or Asn1Exception)
        {
            return false;
        }
        var verifier = new ECDsaSigner();
        verifier.Init(false, new ECPublicKeyParameters(Point, Secp256k1Curve.Domain));
        return verifier.VerifySignature(SHA256.HashData(message), r, s);
    }
}
