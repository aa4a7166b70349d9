using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Jobs;

/// <summary>A PIE job's wire forms: body version 2 and header version 3, each one encoding per value.</summary>
public sealed class PieJobCodecTests
{
    private static readonly System.Numerics.BigInteger DelegatorKey = 0x1234567890abcdefUL;

    private static JobHeader Header(ulong inputLength, Felt inputHash, Felt task) =>
        new(Felt.FromUInt64(1), Felt.FromUInt64(77), Amount.From(1_000_000), 1 << 16, 4_000_000_000,
            RegistryCrypto.PublicKey(DelegatorKey), Felt.FromUInt64(5), Felt.FromUInt64(9), inputLength, inputHash, task);

    [Fact]
    public void PieBody_RoundTrip_KeepsItsKindAndDiffersFromTheSameBytesAsAProgram()
    {
        byte[] zip = [0x50, 0x4b, 0x03, 0x04, 1, 2, 3];
        JobBody pie = JobBody.Pie("starknet_with_keccak", 1 << 20, zip);
        byte[] enc = pie.Encode();
        Assert.Equal(2, enc[3]);
        JobBody back = JobBody.TryDecode(enc, out string? error)!;
        Assert.Null(error);
        Assert.Equal(JobBodyKind.Pie, back.Kind);
        Assert.Equal(zip, back.Program);
        Assert.NotEqual(JobIds.Of(enc), JobIds.Of(new JobBody(pie.Layout, pie.MaxSteps, zip, []).Encode()));
    }

    [Fact]
    public void PieBody_WithProgramInput_Refused()
    {
        byte[] enc = new JobBody("small", 1, [1], [2], JobBodyKind.Pie).Encode();
        Assert.Null(JobBody.TryDecode(enc, out string? error));
        Assert.Equal("a PIE job's body carries no program input, this one 1 bytes", error);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(2UL)]
    public void PieAnnouncement_RoundTrip_Version3KeepsTaskAndBindingAndSignature(ulong inputLength)
    {
        Felt inputHash = inputLength == 0 ? Felt.Zero : Felt.FromUInt64(0x1b);
        JobAnnouncement a = JobAnnouncement.Sign(Header(inputLength, inputHash, Felt.FromUInt64(0x7a5c)), DelegatorKey);
        byte[] enc = a.Encode();
        Assert.Equal(JobAnnouncement.EncodedSizePie, enc.Length);
        Assert.Equal(3, enc[3]);
        JobAnnouncement back = JobAnnouncement.TryDecode(enc, out string? error)!;
        Assert.Null(error);
        Assert.Equal(a.Header, back.Header);
        Assert.True(back.SignatureIsValid());
    }

    [Fact]
    public void PieAnnouncement_Version3WithoutATask_Refused()
    {
        byte[] enc = JobAnnouncement.Sign(Header(0, Felt.Zero, Felt.FromUInt64(0x7a5c)), DelegatorKey).Encode();
        // task_program_hash sits after input_length (8) and input_hash (32), before the two signature felts.
        enc.AsSpan(JobAnnouncement.EncodedSizePie - 96, 32).Clear();
        Assert.Null(JobAnnouncement.TryDecode(enc, out string? error));
        Assert.Contains("task_program_hash", error);
    }
}
