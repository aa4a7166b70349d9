using System.Numerics;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Node.Jobs;

/// <summary>
/// The gossip encoding of a <see cref="JobAnnouncement"/> (the registry's signed header), published on the
/// gossipsub topic <c>JobAnnouncement.Topic</c>.
/// </summary>
/// <remarks>
/// Encoding, integers big-endian. Version 1 (no input binding), 276 bytes:
/// <code>
/// "ZJH" | 1 | job_id 32 | program_hash 32 | reward 32 | step_limit 8 | deadline 8 | delegator 32 | nonce 32 | registry_id 32 | r 32 | s 32
/// </code>
/// Version 2 (the header binds its input, <see cref="JobHeader.BindsInput"/>), 316 bytes:
/// <code>
/// "ZJH" | 2 | …version 1's fields up to registry_id… | input_length 8 | input_hash 32 | r 32 | s 32
/// </code>
/// Version 3 (a PIE job, <see cref="JobHeader.IsPieJob"/>, bound input or not), 348 bytes:
/// <code>
/// "ZJH" | 3 | …version 1's fields up to registry_id… | input_length 8 | input_hash 32 | task_program_hash 32 | r 32 | s 32
/// </code>
/// Version 4 (a Stone-format job, <see cref="JobHeader.IsStoneFormat"/>, whatever else it binds), 349 bytes:
/// <code>
/// "ZJH" | 4 | …version 3's fields up to task_program_hash… | proof_format 1 (1 = stone) | r 32 | s 32
/// </code>
/// Each header has exactly one encoding: version 2 binds at least one felt, version 3 names a task, version 4 names
/// a format other than native (a native header never takes version 4, so older nodes read every native job as before).
/// </remarks>
internal static class JobAnnouncementCodec
{
    private const byte Version = 1;
    private const byte VersionBound = 2;
    private const byte VersionPie = 3;
    private const byte VersionFormat = 4;

    /// <summary>The encoded size of version 1: magic, version, eight 32-byte fields, two 8-byte fields.</summary>
    private const int SizeV1 = 3 + 1 + 32 * 8 + 8 * 2;

    /// <summary>The encoded size of version 2: version 1 plus input_length (8) and input_hash (32).</summary>
    private const int SizeV2 = SizeV1 + 8 + 32;

    /// <summary>The encoded size of version 3: version 2 plus task_program_hash (32).</summary>
    private const int SizeV3 = SizeV2 + 32;

    /// <summary>The encoded size of version 4: version 3 plus the proof format byte.</summary>
    private const int SizeV4 = SizeV3 + 1;

    extension(JobAnnouncement announcement)
    {
        /// <summary>The gossipsub topic job headers are published on.</summary>
        public static string Topic => "zetina/jobs/1";

        /// <summary>The encoded size of version 1 (no input binding).</summary>
        public static int EncodedSize => SizeV1;

        /// <summary>The encoded size of version 2 (the header binds its input).</summary>
        public static int EncodedSizeBound => SizeV2;

        /// <summary>The encoded size of version 3 (a PIE job).</summary>
        public static int EncodedSizePie => SizeV3;

        /// <summary>The encoded size of version 4 (a Stone-format job).</summary>
        public static int EncodedSizeFormat => SizeV4;

        /// <summary>The size of the announcement that starts <paramref name="data"/>, read from its version byte; 0 when it has no known version.</summary>
        public static int EncodedSizeOf(ReadOnlySpan<byte> data) =>
            data.Length < 4 ? 0 : data[3] switch { Version => SizeV1, VersionBound => SizeV2, VersionPie => SizeV3, VersionFormat => SizeV4, _ => 0 };

        /// <summary>The announcement's bytes: version 4 for a Stone-format job, 3 for a PIE job, else 1 or 2 as its header binds its input or not.</summary>
        public byte[] Encode()
        {
            JobHeader header = announcement.Header;
            // Amounts are below 2^256 (Amount enforces it), so the big-endian bytes fit 32, right-aligned.
            Span<byte> reward = stackalloc byte[32];
            reward.Clear();
            byte[] rewardBytes = header.Reward.Value.ToByteArray(isUnsigned: true, isBigEndian: true);
            rewardBytes.CopyTo(reward[(32 - rewardBytes.Length)..]);
            FeltWriter w = new FeltWriter()
                .Bytes("ZJH"u8).Bytes([header.IsStoneFormat ? VersionFormat : header.IsPieJob ? VersionPie : header.BindsInput ? VersionBound : Version])
                .Felt(header.JobId).Felt(header.ProgramHash).Bytes(reward)
                .UInt64(header.StepLimit).UInt64(header.Deadline)
                .Felt(header.Delegator).Felt(header.Nonce).Felt(header.RegistryId);
            if (header.BindsInput || header.IsPieJob || header.IsStoneFormat) w = w.UInt64(header.InputLength).Felt(header.InputHash);
            if (header.IsPieJob || header.IsStoneFormat) w = w.Felt(header.TaskProgramHash);
            if (header.IsStoneFormat) w = w.Bytes([(byte)header.Format]);
            return w.Felt(announcement.Signature.R).Felt(announcement.Signature.S).ToArray();
        }

        /// <summary>Decodes an announcement, or returns null with a reason naming the bad field.</summary>
        public static JobAnnouncement? TryDecode(ReadOnlySpan<byte> data, out string? error)
        {
            int expected = JobAnnouncement.EncodedSizeOf(data);
            if (expected != 0 && data.Length != expected)
            {
                error = $"job header version {data[3]} is {data.Length} bytes, expected {expected}";
                return null;
            }
            if (expected == 0 && data.Length != SizeV1 && data.Length != SizeV2 && data.Length != SizeV3 && data.Length != SizeV4)
            {
                error = $"job header is {data.Length} bytes, expected {SizeV1}, {SizeV2}, {SizeV3} or {SizeV4}";
                return null;
            }
            var r = new FeltReader(data);
            if (!r.Bytes(3, "magic").SequenceEqual("ZJH"u8)) r.Fail("not a job header (bad magic)");
            byte version = r.Byte("version");
            if (r.Error is null && version != Version && version != VersionBound && version != VersionPie && version != VersionFormat)
                r.Fail($"job header version {version} is not supported (expected {Version}, {VersionBound}, {VersionPie} or {VersionFormat})");
            Felt jobId = r.Felt("job_id");
            Felt programHash = r.Felt("program_hash");
            var reward = new BigInteger(r.Bytes(32, "reward"), isUnsigned: true, isBigEndian: true);
            ulong stepLimit = r.UInt64("step_limit");
            ulong deadline = r.UInt64("deadline");
            Felt delegator = r.Felt("delegator");
            Felt nonce = r.Felt("nonce");
            Felt registryId = r.Felt("registry_id");
            bool hasInput = version is VersionBound or VersionPie or VersionFormat;
            ulong inputLength = hasInput ? r.UInt64("input_length") : 0;
            Felt inputHash = hasInput ? r.Felt("input_hash") : Felt.Zero;
            Felt taskProgramHash = version is VersionPie or VersionFormat ? r.Felt("task_program_hash") : Felt.Zero;
            byte format = version == VersionFormat ? r.Byte("proof_format") : (byte)ProofFormat.Native;
            if (r.Error is null && version == VersionFormat && format != (byte)ProofFormat.Stone)
                r.Fail($"proof_format: {format} is not a format a version 4 header names (1 = stone)");
            if (r.Error is null && version == VersionFormat && inputLength == 0 && inputHash != Felt.Zero)
                r.Fail("input_hash: an unbound input (input_length 0) has no hash");
            if (r.Error is null && version == VersionBound && inputLength == 0) r.Fail("input_length: a version 2 header binds at least one input felt");
            if (r.Error is null && version == VersionPie && taskProgramHash == Felt.Zero) r.Fail("task_program_hash: a version 3 header names its task program");
            Felt sigR = r.Felt("signature r");
            Felt sigS = r.Felt("signature s");
            error = r.Error;
            if (error is not null) return null;
            return new JobAnnouncement(
                new JobHeader(jobId, programHash, Amount.From(reward), stepLimit, deadline, delegator, nonce, registryId, inputLength, inputHash, taskProgramHash,
                    (ProofFormat)format),
                new Signature(sigR, sigS));
        }
    }
}
