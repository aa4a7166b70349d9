using System.Security.Cryptography;
using Zetina.P2P.Crypto;

namespace Zetina.P2P.Tests.Crypto;

public class KeyVectorTests
{
    public static IEnumerable<object[]> Sha256Cases() => Libp2pVectors.Indices("sha256");
    public static IEnumerable<object[]> Ed25519Cases() => Libp2pVectors.Indices("ed25519");
    public static IEnumerable<object[]> Secp256k1Cases() => Libp2pVectors.Indices("secp256k1");

    [Theory]
    [MemberData(nameof(Sha256Cases))]
    public void Sha256_Vector_MatchesNoble(int i)
    {
        var v = Libp2pVectors.Section("sha256")[i];
        Assert.Equal(v.Bytes("sha256"), SHA256.HashData(v.Bytes("data")));
    }

    [Theory]
    [MemberData(nameof(Ed25519Cases))]
    public void Ed25519_Vector_PublicKeySignatureAndVerifyMatch(int i)
    {
        var v = Libp2pVectors.Section("ed25519")[i];
        var key = PrivateKey.FromSeed(KeyType.Ed25519, v.Bytes("seed"));
        Assert.Equal(v.Bytes("public_key"), key.PublicKey.Data.ToArray());
        Assert.Equal(v.Bytes("libp2p_private_key_bytes"), key.ExportData());
        Assert.Equal(v.Bytes("signature"), key.Sign(v.Bytes("message")));
        Assert.Equal(v.GetProperty("verify").GetBoolean(), key.PublicKey.Verify(v.Bytes("message"), v.Bytes("signature")));
        Assert.Equal(v.GetProperty("tampered_verify").GetBoolean(), key.PublicKey.Verify(v.Bytes("message"), v.Bytes("tampered_signature")));
    }

    [Theory]
    [MemberData(nameof(Secp256k1Cases))]
    public void Secp256k1_Vector_DeterministicLowSDerSignatureMatches(int i)
    {
        var v = Libp2pVectors.Section("secp256k1")[i];
        var key = PrivateKey.FromSeed(KeyType.Secp256k1, v.Bytes("private_key"));
        Assert.Equal(v.Bytes("public_key_compressed"), key.PublicKey.Data.ToArray());
        Assert.Equal(v.Bytes("signature_der"), key.Sign(v.Bytes("message")));
        Assert.Equal(v.GetProperty("verify").GetBoolean(), key.PublicKey.Verify(v.Bytes("message"), v.Bytes("signature_der")));
        byte[] wrong = [.. v.Bytes("message"), 0x01];
        Assert.Equal(v.GetProperty("verify_wrong_message").GetBoolean(), key.PublicKey.Verify(wrong, v.Bytes("signature_der")));
        var uncompressed = new Secp256k1PublicKey(v.Bytes("public_key_uncompressed"));
        Assert.Equal(key.PublicKey, uncompressed);
    }
}
