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

/// <summary>A secp256k1 private key: signatures are RFC 6979 deterministic, low-S, DER-encoded, over SHA-256(message).</summary>
public sealed class Secp256k1PrivateKey : PrivateKey
{
    private readonly BigInteger _d;
    private readonly Secp256k1PublicKey _public;

    /// <summary>From a 32-byte big-endian scalar in [1, n-1]; throws <see cref="FormatException"/> otherwise.</summary>
    public Secp256k1PrivateKey(ReadOnlySpan<byte> scalar)
    {
        if (scalar.Length != 32) throw new FormatException($"secp256k1 private key must be 32 bytes, got {scalar.Length}");
        _d = new BigInteger(1, scalar.ToArray());
        if (_d.SignValue == 0 || _d.CompareTo(Secp256k1Curve.Params.N) >= 0) throw new FormatException("secp256k1 private key out of range [1, n-1]");
        _public = new Secp256k1PublicKey(Secp256k1Curve.Params.G.Multiply(_d).Normalize().GetEncoded(true));
    }

    /// <summary>A random key from the OS generator.</summary>
    public static Secp256k1PrivateKey Generate()
    {
        while (true)
        {
            byte[] b = RandomNumberGenerator.GetBytes(32);
            var d = new BigInteger(1, b);
            if (d.SignValue != 0 && d.CompareTo(Secp256k1Curve.Params.N) < 0) return new Secp256k1PrivateKey(b);
        }
    }

    /// <inheritdoc/>
    public override KeyType Type => KeyType.Secp256k1;

    /// <inheritdoc/>
    public override PublicKey PublicKey => _public;

    /// <inheritdoc/>
    public override byte[] ExportData() => Pad32(_d.ToByteArrayUnsigned());

    private static byte[] Pad32(byte[] b)
    {
        var r = new byte[32];
        b.CopyTo(r, 32 - b.Length);
        return r;
    }

    /// <inheritdoc/>
    public override byte[] Sign(ReadOnlySpan<byte> message)
    {
        var signer = new ECDsaSigner(new HMacDsaKCalculator(new Sha256Digest()));
        signer.Init(true, new ECPrivateKeyParameters(_d, Secp256k1Curve.Domain));
        BigInteger[] rs = signer.GenerateSignature(SHA256.HashData(message));
        BigInteger s = rs[1];
        if (s.CompareTo(Secp256k1Curve.HalfN) > 0) s = Secp256k1Curve.Params.N.Subtract(s);
        return new DerSequence(new DerInteger(rs[0]), new DerInteger(s)).GetEncoded(Asn1Encodable.Der);
    }
}
