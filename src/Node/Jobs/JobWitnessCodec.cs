using Zetina.Registry.Jobs;
using Zetina.Stark.Field;

namespace Zetina.Node.Jobs;

/// <summary>
/// The byte encoding of a <see cref="JobWitness"/> (the registry's witness type), published to the DHT and on the
/// gossipsub topic <c>JobWitness.Topic</c> so the delegator can read the result without the registry.
/// </summary>
/// <remarks>
/// Encoding, version 1, integers big-endian:
/// <code>
/// "ZJW" | 1 | announcement (JobAnnouncement.EncodedSize, EncodedSizeBound for a version 2 header, EncodedSizePie for version 3) | executor 32 | n_output u32 | output 32·n | n_proof u32 | proof
/// </code>
/// </remarks>
internal static class JobWitnessCodec
{
    private const byte Version = 1;

    extension(JobWitness witness)
    {
        /// <summary>The gossipsub topic witnesses are published on.</summary>
        public static string Topic => "zetina/results/1";

        /// <summary>The largest witness accepted (proofs are a few hundred KB).</summary>
        public static int MaxEncodedBytes => 8 * 1024 * 1024;

        /// <summary>The most output cells a witness may carry.</summary>
        public static int MaxOutputCells => 1 << 16;

        /// <summary>The witness's bytes.</summary>
        public byte[] Encode()
        {
            var w = new FeltWriter().Bytes("ZJW"u8).Bytes([Version]).Bytes(witness.Announcement.Encode()).Felt(witness.Executor).UInt32((uint)witness.Output.Length);
            foreach (Felt f in witness.Output) w.Felt(f);
            return w.UInt32((uint)witness.Proof.Length).Bytes(witness.Proof).ToArray();
        }

        /// <summary>Decodes a witness, or returns null with a reason naming the bad field.</summary>
        public static JobWitness? TryDecode(ReadOnlySpan<byte> data, out string? error)
        {
            error = null;
            int maxBytes = JobWitness.MaxEncodedBytes, maxCells = JobWitness.MaxOutputCells;
            if (data.Length > maxBytes) { error = $"witness is {data.Length} bytes, more than the {maxBytes}-byte limit"; return null; }
            var r = new FeltReader(data);
            if (!r.Bytes(3, "magic").SequenceEqual("ZJW"u8)) r.Fail("not a job witness (bad magic)");
            byte version = r.Byte("version");
            if (r.Error is null && version != Version) r.Fail($"witness version {version} is not supported (expected {Version})");
            int headerSize = JobAnnouncement.EncodedSizeOf(data.Length > 4 ? data[4..] : default);
            ReadOnlySpan<byte> header = r.Bytes(headerSize == 0 ? JobAnnouncement.EncodedSize : headerSize, "header");
            JobAnnouncement? announcement = null;
            if (r.Error is null)
            {
                announcement = JobAnnouncement.TryDecode(header, out string? headerError);
                if (announcement is null) r.Fail("header: " + headerError);
            }
            Felt executor = r.Felt("executor");
            uint nOutput = r.UInt32("output length");
            if (r.Error is null && nOutput > maxCells) r.Fail($"output has {nOutput} cells, more than {maxCells}");
            // The cells must be there before the array is made: a count alone must not cost 32 bytes per announced cell.
            if (r.Error is null && nOutput * 32L > r.Remaining) r.Fail($"output: truncated ({r.Remaining} bytes left, {nOutput} cells of 32 bytes announced)");
            Felt[] output = r.Error is null ? new Felt[nOutput] : [];
            for (int i = 0; i < output.Length && r.Error is null; i++) output[i] = r.Felt($"output[{i}]");
            uint nProof = r.UInt32("proof length");
            if (r.Error is null && nProof != (uint)r.Remaining) r.Fail($"proof is {r.Remaining} bytes, header says {nProof}");
            byte[] proof = r.Error is null ? r.Bytes((int)nProof, "proof").ToArray() : [];
            error = r.Error;
            return error is null ? new JobWitness(announcement!, executor, output, proof) : null;
        }
    }
}
