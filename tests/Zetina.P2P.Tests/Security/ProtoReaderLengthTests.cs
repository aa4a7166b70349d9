using Zetina.P2P.Encoding;
using Zetina.P2P.Kademlia;

namespace Zetina.P2P.Tests.Security;

/// <summary>A protobuf length field that claims more bytes than the message holds.</summary>
public class ProtoReaderLengthTests
{
    private static bool ReadFirstBytesField(byte[] input)
    {
        var r = new ProtoReader(input);
        r.Next(out _);
        return r.ReadBytes().Length > 0;
    }

    [Fact]
    public void ProtoReader_LengthBeyondInput_Fails()
    {
        // field 2, wire type 2, length 1,000,000, then 3 bytes
        byte[] input = [0x12, .. Varint.Encode(1_000_000), 1, 2, 3];
        var e = Assert.Throws<FormatException>(() => ReadFirstBytesField(input));
        Assert.Contains("1000000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProtoReader_LengthBeyondInt32_FailsWithoutOverflow()
    {
        byte[] input = [0x12, .. Varint.Encode(ulong.MaxValue), 1, 2, 3];
        Assert.Throws<FormatException>(() => ReadFirstBytesField(input));
        var skip = new ProtoReader(input);
        skip.Next(out _);
        bool threw = false;
        try { skip.Skip(); } catch (FormatException) { threw = true; }
        Assert.True(threw);
    }

    [Fact]
    public void KadMessage_RecordLengthBeyondInput_FailsToDecode()
    {
        // type PUT_VALUE, then field 3 (record) declaring 8 MiB with 2 bytes present
        byte[] input = [0x08, 0x00, 0x1a, .. Varint.Encode(8 * 1024 * 1024), 0x0a, 0x00];
        Assert.Throws<FormatException>(() => KadMessage.Decode(input));
    }
}
