using CsCheck;
using Zetina.P2P.Encoding;

namespace Zetina.P2P.Tests.Encoding;

public class EncodingTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8001")]
    [InlineData(300UL, "ac02")]
    [InlineData(16384UL, "808001")]
    [InlineData(ulong.MaxValue, "ffffffffffffffffff01")]
    public void Varint_KnownValues_EncodeAsSpec(ulong value, string hex)
    {
        Assert.Equal(hex, Hex.Encode(Varint.Encode(value)));
        Assert.Equal(value, Varint.Read(Hex.Decode(hex), out int n));
        Assert.Equal(hex.Length / 2, n);
    }

    [Fact]
    public void Varint_RandomValues_RoundTrip() =>
        Gen.ULong.Sample(v =>
        {
            byte[] b = Varint.Encode(v);
            return Varint.Read(b, out int n) == v && n == b.Length && n == Varint.SizeOf(v);
        });

    [Fact]
    public void Varint_TruncatedOrOverlong_Rejected()
    {
        Assert.False(Varint.TryRead([0x80, 0x80], out _, out int c1));
        Assert.Equal(0, c1);
        Assert.False(Varint.TryRead([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02], out _, out int c2));
        Assert.Equal(-1, c2);
    }

    [Fact]
    public void Base58_RandomBytes_RoundTrip() =>
        Gen.Byte.Array[0, 64].Sample(b => Base58.Decode(Base58.Encode(b)).AsSpan().SequenceEqual(b));

    [Theory]
    [InlineData("", "")]
    [InlineData("00", "1")]
    [InlineData("0000ff", "115Q")]
    [InlineData("68656c6c6f20776f726c64", "StV1DL6CwTryKyV")]
    public void Base58_KnownValues_Match(string hex, string text) => Assert.Equal(text, Base58.Encode(Hex.Decode(hex)));

    [Fact]
    public void Base32_RandomBytes_RoundTrip() =>
        Gen.Byte.Array[0, 64].Sample(b => Base32.Decode(Base32.Encode(b)).AsSpan().SequenceEqual(b));

    [Fact]
    public void ProtoReader_FieldBeyondEnd_Throws()
    {
        Assert.Throws<FormatException>(() =>
        {
            var r = new ProtoReader([0x12, 0x05, 0x01]);
            r.Next(out _);
            r.ReadBytes();
        });
    }
}
