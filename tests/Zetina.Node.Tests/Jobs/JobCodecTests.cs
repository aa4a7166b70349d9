using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Jobs;

public class JobCodecTests
{
    private static readonly System.Numerics.BigInteger DelegatorKey = 0x1234567890abcdefUL;

    private static JobBody Body() => new("small", 1 << 16, "{\"data\": []}"u8.ToArray(), "{\"n\": 5}"u8.ToArray());

    private static JobAnnouncement Announcement(JobBody body, ulong deadline = 4_000_000_000)
    {
        var header = new JobHeader(JobIds.Of(body), Felt.FromUInt64(77), Amount.From(1_000_000), 1 << 16, deadline,
            RegistryCrypto.PublicKey(DelegatorKey), Felt.FromUInt64(5), Felt.FromUInt64(9));
        return JobAnnouncement.Sign(header, DelegatorKey);
    }

    [Fact]
    public void JobBody_RoundTrip_PreservesFieldsAndId()
    {
        JobBody body = Body();
        byte[] enc = body.Encode();
        JobBody? back = JobBody.TryDecode(enc, out string? error);
        Assert.Null(error);
        Assert.NotNull(back);
        Assert.Equal(body.Layout, back.Layout);
        Assert.Equal(body.MaxSteps, back.MaxSteps);
        Assert.Equal(body.Program, back.Program);
        Assert.Equal(body.ProgramInput, back.ProgramInput);
        Assert.Equal(JobIds.Of(enc), JobIds.Of(back));
    }

    [Fact]
    public void JobId_OneByteChanged_Differs()
    {
        byte[] enc = Body().Encode();
        Felt id = JobIds.Of(enc);
        enc[^1] ^= 1;
        Assert.NotEqual(id, JobIds.Of(enc));
    }

    [Theory]
    [InlineData(0, "bad magic")]
    [InlineData(3, "version")]
    [InlineData(-1, "program input")]
    public void JobBody_Corrupted_ReportsWhatIsWrong(int position, string expected)
    {
        byte[] enc = Body().Encode();
        if (position >= 0) enc[position] ^= 0x40;
        else enc = enc[..^2];
        Assert.Null(JobBody.TryDecode(enc, out string? error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void JobBody_Truncated_EveryPrefixIsRefused()
    {
        byte[] enc = Body().Encode();
        for (int n = 0; n < enc.Length; n++)
            Assert.Null(JobBody.TryDecode(enc.AsSpan(0, n), out _));
    }

    [Fact]
    public void Announcement_RoundTrip_KeepsValidSignature()
    {
        JobAnnouncement a = Announcement(Body());
        Assert.True(a.SignatureIsValid());
        byte[] enc = a.Encode();
        Assert.Equal(JobAnnouncement.EncodedSize, enc.Length);
        JobAnnouncement? back = JobAnnouncement.TryDecode(enc, out string? error);
        Assert.Null(error);
        Assert.Equal(a, back);
        Assert.True(back!.SignatureIsValid());
    }

    [Fact]
    public void Announcement_RewardChanged_SignatureInvalid()
    {
        JobAnnouncement a = Announcement(Body());
        var forged = a with { Header = a.Header with { Reward = Amount.From(2_000_000) } };
        Assert.False(forged.SignatureIsValid());
    }

    [Fact]
    public void Announcement_FeltNotBelowPrime_NamesField()
    {
        byte[] enc = Announcement(Body()).Encode();
        // job_id starts at byte 4: make it 2^256 − 1.
        enc.AsSpan(4, 32).Fill(0xff);
        Assert.Null(JobAnnouncement.TryDecode(enc, out string? error));
        Assert.Contains("job_id", error);
    }

    [Fact]
    public void Witness_RoundTrip_And_TruncationRefused()
    {
        var w = new JobWitness(Announcement(Body()), Felt.FromUInt64(42), [Felt.FromUInt64(13), Felt.MinusOne], [1, 2, 3, 4, 5]);
        byte[] enc = w.Encode();
        JobWitness? back = JobWitness.TryDecode(enc, out string? error);
        Assert.Null(error);
        Assert.NotNull(back);
        Assert.Equal(w.Announcement, back.Announcement);
        Assert.Equal(w.Executor, back.Executor);
        Assert.Equal(w.Output, back.Output);
        Assert.Equal(w.Proof, back.Proof);
        Assert.Null(JobWitness.TryDecode(enc.AsSpan(0, enc.Length - 1), out error));
        Assert.Contains("proof", error);
    }
}
