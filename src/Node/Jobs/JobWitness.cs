using Zetina.Stark.Field;

namespace Zetina.Node.Jobs;

/// <summary>
/// An executor's answer to a job: the signed header, the executor's address (the account to pay, bound
/// into the proof), the program's output and the proof. Submitted to the registry, and published to the
/// DHT and the topic <see cref="Topic"/> so the delegator can read the result without the registry.
/// </summary>
/// <remarks>
/// Encoding, version 1, integers big-endian:
/// <code>
/// "ZJW" | 1 | announcement (JobAnnouncement.EncodedSize, or EncodedSizeBound for a version 2 header) | executor 32 | n_output u32 | output 32·n | n_proof u32 | proof
/// </code>
/// </remarks>
internal sealed record JobWitness(JobAnnouncement Announcement, Felt Executor, Felt[] Output, byte[] Proof)
{
    /// <summary>The gossipsub topic witnesses are published on.</summary>
    public const string Topic = "zetina/results/1";

    /// <summary>The largest witness accepted (proofs are a few hundred KB).</summary>
    public const int MaxEncodedBytes = 8 * 1024 * 1024;

    /// <summary>The most output cells a witness may carry.</summary>
    public const int MaxOutputCells = 1 << 16;

    private const byte Version = 1;

    public byte[] Encode()
    {
        var w = new FeltWriter().Bytes("ZJW"u8).Bytes([Version]).Bytes(Announcement.Encode()).Felt(Executor).UInt32((uint)Output.Length);
        foreach (Felt f in Output) w.Felt(f);
        return w.UInt32((uint)Proof.Length).Bytes(Proof).ToArray();
    }

    /// <summary>Decodes a witness, or returns null with a reason naming the bad field.</summary>
    public static JobWitness? TryDecode(ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        if (data.Length > MaxEncodedBytes) { error = $"witness is {data.Length} bytes, more than the {MaxEncodedBytes}-byte limit"; return null; }
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
        if (r.Error is null && nOutput > MaxOutputCells) r.Fail($"output has {nOutput} cells, more than {MaxOutputCells}");
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
