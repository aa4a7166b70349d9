using CsCheck;
using Xunit.Abstractions;
using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;
using Zetina.Tests.Shared.Fuzz;

namespace Zetina.Node.Tests.Fuzz;

/// <summary>
/// Fuzzes the decoders of the node's wire records (job body from the DHT, signed header from gossipsub, witness
/// from gossipsub and the DHT): random bytes and mutations of valid encodings. Each must return a record or null
/// with a reason, never throw, and allocate in proportion to its input.
/// </summary>
public sealed class JobCodecFuzzTests(ITestOutputHelper output)
{
    private static readonly System.Numerics.BigInteger DelegatorKey = 0x1234567890abcdefUL;

    /// <summary>A decoder copies its variable-length fields once and builds a few small objects.</summary>
    private const long PerInputByte = 8;
    private const long FixedBytes = 64 << 10;

    private static readonly JobBody Body = new("small", 1 << 16, "{\"data\": [\"0x1\"]}"u8.ToArray(), "{\"n\": 5}"u8.ToArray());

    private static readonly JobAnnouncement Announcement = JobAnnouncement.Sign(
        new JobHeader(JobIds.Of(Body), Felt.FromUInt64(77), Amount.From(1_000_000), 1 << 16, 4_000_000_000,
            RegistryCrypto.PublicKey(DelegatorKey), Felt.FromUInt64(5), Felt.FromUInt64(9)),
        DelegatorKey);

    private static readonly JobWitness Witness = new(Announcement, Felt.FromUInt64(0xe7ec), [Felt.FromUInt64(89), Felt.FromUInt64(1)], [1, 2, 3, 4, 5]);

    [Fact]
    public void JobBodyTryDecode_FuzzedBytes_ReturnsBodyOrReason() =>
        FuzzRun.Check(Mutator.Any(Mutator.Bytes(Body.Encode())), BodyProperty, output);

    [Fact]
    public void JobAnnouncementTryDecode_FuzzedBytes_ReturnsHeaderOrReason() =>
        FuzzRun.Check(Mutator.Any(Mutator.Bytes(Announcement.Encode())), AnnouncementProperty, output);

    [Fact]
    public void JobWitnessTryDecode_FuzzedBytes_ReturnsWitnessOrReason() =>
        FuzzRun.Check(Mutator.Any(Mutator.Bytes(Witness.Encode())), WitnessProperty, output);

    internal static void BodyProperty(byte[] input) =>
        ParserProperty.Holds(input, b => ReasonGivenOnNull(JobBody.TryDecode(b, out string? e), e), _ => false, PerInputByte, FixedBytes);

    internal static void AnnouncementProperty(byte[] input) =>
        ParserProperty.Holds(input, b => ReasonGivenOnNull(JobAnnouncement.TryDecode(b, out string? e), e), _ => false, PerInputByte, FixedBytes);

    internal static void WitnessProperty(byte[] input) =>
        ParserProperty.Holds(input, b => ReasonGivenOnNull(JobWitness.TryDecode(b, out string? e), e), _ => false, PerInputByte, FixedBytes);

    private static void ReasonGivenOnNull(object? decoded, string? error)
    {
        if ((decoded is null) == (error is null)) throw new FuzzFailure($"decoded {(decoded is null ? "nothing" : "a record")} with error '{error}'");
    }
}
