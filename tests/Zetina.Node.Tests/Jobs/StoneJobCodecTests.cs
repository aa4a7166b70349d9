using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Jobs;

/// <summary>A Stone-format job's header on gossip: version 4 (version 3's fields and the format byte), and only for Stone.</summary>
public sealed class StoneJobCodecTests
{
    private static readonly System.Numerics.BigInteger DelegatorKey = 0x1234567890abcdefUL;

    private static JobHeader Header(ProofFormat format, ulong inputLength = 0, Felt inputHash = default, Felt task = default) =>
        new(Felt.FromUInt64(1), Felt.FromUInt64(77), Amount.From(1_000_000), 1 << 16, 4_000_000_000,
            RegistryCrypto.PublicKey(DelegatorKey), Felt.FromUInt64(5), Felt.FromUInt64(9), inputLength, inputHash, task, format);

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(2UL, 0UL)]
    [InlineData(2UL, 0x7a5cUL)]
    public void StoneAnnouncement_RoundTrip_Version4KeepsFormatBindingTaskAndSignature(ulong inputLength, ulong task)
    {
        Felt inputHash = inputLength == 0 ? Felt.Zero : Felt.FromUInt64(0x1b);
        JobAnnouncement a = JobAnnouncement.Sign(Header(ProofFormat.Stone, inputLength, inputHash, Felt.FromUInt64(task)), DelegatorKey);
        byte[] enc = a.Encode();
        Assert.Equal(JobAnnouncement.EncodedSizeFormat, enc.Length);
        Assert.Equal(4, enc[3]);
        Assert.Equal((byte)ProofFormat.Stone, enc[^65]);
        JobAnnouncement back = JobAnnouncement.TryDecode(enc, out string? error)!;
        Assert.Null(error);
        Assert.Equal(a.Header, back.Header);
        Assert.True(back.SignatureIsValid());
    }

    [Fact]
    public void NativeAnnouncement_NeverTakesVersion4()
    {
        byte[] enc = JobAnnouncement.Sign(Header(ProofFormat.Native), DelegatorKey).Encode();
        Assert.Equal(1, enc[3]);
        Assert.Equal(JobAnnouncement.EncodedSize, enc.Length);
    }

    [Theory]
    [InlineData(0, "proof_format")]
    [InlineData(2, "proof_format")]
    public void StoneAnnouncement_FormatByteNotStone_Refused(byte format, string field)
    {
        byte[] enc = JobAnnouncement.Sign(Header(ProofFormat.Stone), DelegatorKey).Encode();
        enc[^65] = format;
        Assert.Null(JobAnnouncement.TryDecode(enc, out string? error));
        Assert.Contains(field, error);
    }

    [Fact]
    public void StoneAnnouncement_FormatDroppedOnTheWay_SignatureNoLongerVerifies()
    {
        JobAnnouncement a = JobAnnouncement.Sign(Header(ProofFormat.Stone), DelegatorKey);
        var dropped = new JobAnnouncement(a.Header with { Format = ProofFormat.Native }, a.Signature);
        Assert.False(dropped.SignatureIsValid());
        Assert.True(a.SignatureIsValid());
    }
}
