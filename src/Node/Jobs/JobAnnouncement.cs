using System.Numerics;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Jobs;

/// <summary>
/// A job header with the delegator's signature: what travels on the gossipsub topic
/// <see cref="Topic"/>. The header is the registry's <see cref="JobHeader"/>, so the one signature the
/// executor checks is the one the registry checks when it pays.
/// </summary>
/// <remarks>
/// Encoding, version 1, 276 bytes, integers big-endian:
/// <code>
/// "ZJH" | 1 | job_id 32 | program_hash 32 | reward 32 | step_limit 8 | deadline 8 | delegator 32 | nonce 32 | registry_id 32 | r 32 | s 32
/// </code>
/// </remarks>
internal sealed record JobAnnouncement(JobHeader Header, Signature Signature)
{
    /// <summary>The gossipsub topic job headers are published on.</summary>
    public const string Topic = "zetina/jobs/1";

    /// <summary>The encoded size: magic, version, eight 32-byte fields, two 8-byte fields.</summary>
    public const int EncodedSize = 3 + 1 + 32 * 8 + 8 * 2;

    private const byte Version = 1;

    /// <summary>Signs <paramref name="header"/> with the delegator's private key.</summary>
    public static JobAnnouncement Sign(JobHeader header, BigInteger delegatorKey) =>
        new(header, RegistryCrypto.Sign(delegatorKey, header.Hash()));

    /// <summary>True when the signature is the delegator's over the header's hash.</summary>
    public bool SignatureIsValid() => RegistryCrypto.Verify(Header.Delegator, Header.Hash(), Signature.R, Signature.S);

    public byte[] Encode()
    {
        // Amounts are below 2^256 (Amount enforces it), so the big-endian bytes fit 32, right-aligned.
        Span<byte> reward = stackalloc byte[32];
        reward.Clear();
        byte[] rewardBytes = Header.Reward.Value.ToByteArray(isUnsigned: true, isBigEndian: true);
        rewardBytes.CopyTo(reward[(32 - rewardBytes.Length)..]);
        return new FeltWriter()
            .Bytes("ZJH"u8).Bytes([Version])
            .Felt(Header.JobId).Felt(Header.ProgramHash).Bytes(reward)
            .UInt64(Header.StepLimit).UInt64(Header.Deadline)
            .Felt(Header.Delegator).Felt(Header.Nonce).Felt(Header.RegistryId)
            .Felt(Signature.R).Felt(Signature.S)
            .ToArray();
    }

    /// <summary>Decodes an announcement, or returns null with a reason naming the bad field.</summary>
    public static JobAnnouncement? TryDecode(ReadOnlySpan<byte> data, out string? error)
    {
        if (data.Length != EncodedSize)
        {
            error = $"job header is {data.Length} bytes, expected {EncodedSize}";
            return null;
        }
        var r = new FeltReader(data);
        if (!r.Bytes(3, "magic").SequenceEqual("ZJH"u8)) r.Fail("not a job header (bad magic)");
        byte version = r.Byte("version");
        if (r.Error is null && version != Version) r.Fail($"job header version {version} is not supported (expected {Version})");
        Felt jobId = r.Felt("job_id");
        Felt programHash = r.Felt("program_hash");
        var reward = new BigInteger(r.Bytes(32, "reward"), isUnsigned: true, isBigEndian: true);
        ulong stepLimit = r.UInt64("step_limit");
        ulong deadline = r.UInt64("deadline");
        Felt delegator = r.Felt("delegator");
        Felt nonce = r.Felt("nonce");
        Felt registryId = r.Felt("registry_id");
        Felt sigR = r.Felt("signature r");
        Felt sigS = r.Felt("signature s");
        error = r.Error;
        if (error is not null) return null;
        return new JobAnnouncement(
            new JobHeader(jobId, programHash, Amount.From(reward), stepLimit, deadline, delegator, nonce, registryId),
            new Signature(sigR, sigS));
    }
}
