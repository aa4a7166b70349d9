using Zetina.P2P.Crypto;
using Zetina.P2P.Encoding;

namespace Zetina.P2P.Tests.Crypto;

public class PeerIdTests
{
    // Peer ids printed by the js-libp2p interop peer (@libp2p/peer-id 6.0.15) for these seeds.
    private const string JsEd25519ZeroSeedId = "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";
    private const string JsSecp256k1OneId = "16Uiu2HAm3cuhhRL2msUuLF62KRSfneFDx94RsuouyW25Ho42cFMq";

    [Fact]
    public void FromPublicKey_Ed25519ZeroSeed_MatchesJsPeer()
    {
        var key = PrivateKey.FromSeed(KeyType.Ed25519, new byte[32]);
        Assert.Equal("080112203b6a27bcceb6a42d62a3a8d02a6f0d73653215771de243a63ac048a18b59da29", Hex.Encode(key.PublicKey.ToProtobuf()));
        Assert.Equal(JsEd25519ZeroSeedId, PeerId.FromPublicKey(key.PublicKey).ToString());
    }

    [Fact]
    public void FromPublicKey_Secp256k1One_MatchesJsPeer()
    {
        var seed = new byte[32];
        seed[31] = 1;
        var key = PrivateKey.FromSeed(KeyType.Secp256k1, seed);
        Assert.Equal("080212210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", Hex.Encode(key.PublicKey.ToProtobuf()));
        Assert.Equal(JsSecp256k1OneId, PeerId.FromPublicKey(key.PublicKey).ToString());
    }

    [Theory]
    [InlineData(JsEd25519ZeroSeedId)]
    [InlineData(JsSecp256k1OneId)]
    [InlineData("QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N")]
    public void Parse_Base58AndCid_RoundTrip(string text)
    {
        var id = PeerId.Parse(text);
        Assert.Equal(text, id.ToString());
        string cid = id.ToCidString();
        Assert.StartsWith("b", cid);
        Assert.Equal(id, PeerId.Parse(cid));
    }

    [Fact]
    public void TryExtractPublicKey_IdentityId_ReturnsKeyThatMatches()
    {
        var key = PrivateKey.Generate();
        var id = PeerId.FromPublicKey(key.PublicKey);
        Assert.Equal(key.PublicKey, id.TryExtractPublicKey());
        Assert.True(id.Matches(key.PublicKey));
        Assert.False(id.Matches(PrivateKey.Generate().PublicKey));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12D3KooW0OIl")]
    [InlineData("xyz")]
    public void Parse_Garbage_ThrowsFormatException(string text) => Assert.Throws<FormatException>(() => PeerId.Parse(text));

    [Fact]
    public void FromBytes_UnknownHash_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => PeerId.FromBytes([0x13, 0x02, 0x01, 0x02]));

    [Fact]
    public void KeyFile_WriteRead_RoundTripsBothTypes()
    {
        foreach (var type in new[] { KeyType.Ed25519, KeyType.Secp256k1 })
        {
            string path = Path.Combine(Path.GetTempPath(), $"zetina-key-{Guid.NewGuid():N}");
            try
            {
                var k = KeyFile.LoadOrCreate(path, type);
                var again = KeyFile.Read(path);
                Assert.Equal(k.PublicKey, again.PublicKey);
                Assert.Equal(type, again.Type);
                byte[] msg = [1, 2, 3];
                Assert.True(k.PublicKey.Verify(msg, again.Sign(msg)));
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Fact]
    public void PrivateKeyFromProtobuf_Truncated_ThrowsFormatException() =>
        Assert.Throws<FormatException>(() => PrivateKey.FromProtobuf([0x08, 0x01, 0x12, 0x40, 0x00]));
}
