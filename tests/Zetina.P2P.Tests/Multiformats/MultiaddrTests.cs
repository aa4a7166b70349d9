using Zetina.P2P.Encoding;
using Zetina.P2P.Multiformats;

namespace Zetina.P2P.Tests.Multiformats;

public class MultiaddrTests
{
    [Theory]
    [InlineData("/ip4/127.0.0.1/tcp/4001", "047f000001060fa1")]
    [InlineData("/ip4/1.2.3.4/udp/53", "040102030491020035")]
    [InlineData("/ip6/::1/tcp/80", "2900000000000000000000000000000001060050")]
    [InlineData("/dns4/localhost/tcp/1", "36096c6f63616c686f7374060001")]
    public void TextAndBinary_KnownAddresses_Match(string text, string hex)
    {
        var a = Multiaddr.Parse(text);
        Assert.Equal(hex, Hex.Encode(a.Bytes));
        Assert.Equal(text, Multiaddr.FromBytes(Hex.Decode(hex)).ToString());
    }

    [Fact]
    public void P2p_WithPeerId_RoundTripsAndExtracts()
    {
        const string id = "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";
        var a = Multiaddr.Parse($"/ip4/127.0.0.1/tcp/5/p2p/{id}");
        Assert.Equal(id, a.PeerId!.ToString());
        Assert.Equal(a, Multiaddr.FromBytes(a.Bytes));
        Assert.Equal("/ip4/127.0.0.1/tcp/5", a.WithoutPeerId().ToString());
        Assert.Equal(("127.0.0.1", 5), a.ToTcpTarget());
        Assert.Equal(a, Multiaddr.Parse($"/ip4/127.0.0.1/tcp/5/ipfs/{id}"));
    }

    [Theory]
    [InlineData("/quic/1")]
    [InlineData("ip4/1.2.3.4")]
    [InlineData("/ip4/1.2.3")]
    [InlineData("/ip4/1.2.3.4/tcp/70000")]
    [InlineData("/tcp")]
    [InlineData("/p2p/notapeer")]
    public void Parse_Invalid_ThrowsFormatException(string text)
    {
        var e = Assert.Throws<FormatException>(() => Multiaddr.Parse(text));
        Assert.NotEmpty(e.Message);
    }

    [Fact]
    public void FromBytes_UnknownCode_ErrorNamesCode()
    {
        var e = Assert.Throws<FormatException>(() => Multiaddr.FromBytes([0xcc, 0x03]));
        Assert.Contains("0x1cc", e.Message);
    }

    [Fact]
    public void FromBytes_Truncated_Throws() => Assert.Throws<FormatException>(() => Multiaddr.FromBytes([0x04, 0x7f, 0x00]));
}
