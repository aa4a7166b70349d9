using System.Buffers.Binary;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Registry.Tests.Support;

/// <summary>
/// A test verifier that checks a hash-preimage commitment, never "accept everything":
/// a proof is <c>program_hash ‖ job_id ‖ executor ‖ n_steps (u64 BE) ‖ k (u32 BE) ‖ output[k] ‖ c</c>
/// with felts as 32-byte big-endian and <c>c = Poseidon.hash_many(program_hash, job_id, executor, n_steps, k, output…)</c>.
/// It refuses a wrong length, a bad commitment, and a proof whose job id or executor differs from the binding.
/// </summary>
internal sealed class CommitmentProofVerifier : IProofVerifier
{
    private int _calls;

    /// <summary>How many proofs were checked.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public static byte[] MakeProof(Felt programHash, Felt jobId, Felt executor, ulong nSteps, Felt[] output)
    {
        var proof = new byte[32 * 3 + 8 + 4 + 32 * output.Length + 32];
        programHash.WriteBytesBigEndian(proof.AsSpan(0, 32));
        jobId.WriteBytesBigEndian(proof.AsSpan(32, 32));
        executor.WriteBytesBigEndian(proof.AsSpan(64, 32));
        BinaryPrimitives.WriteUInt64BigEndian(proof.AsSpan(96, 8), nSteps);
        BinaryPrimitives.WriteUInt32BigEndian(proof.AsSpan(104, 4), (uint)output.Length);
        for (int i = 0; i < output.Length; i++) output[i].WriteBytesBigEndian(proof.AsSpan(108 + 32 * i, 32));
        Commitment(programHash, jobId, executor, nSteps, output).WriteBytesBigEndian(proof.AsSpan(proof.Length - 32, 32));
        return proof;
    }

    private static Felt Commitment(Felt programHash, Felt jobId, Felt executor, ulong nSteps, Felt[] output)
    {
        var xs = new Felt[5 + output.Length];
        xs[0] = programHash; xs[1] = jobId; xs[2] = executor; xs[3] = nSteps; xs[4] = (ulong)output.Length;
        output.CopyTo(xs, 5);
        return PoseidonHash.HashMany(xs);
    }

    public ProofCheck Verify(ReadOnlySpan<byte> proof, in ProofBinding binding)
    {
        Interlocked.Increment(ref _calls);
        if (proof.Length < 140) return ProofCheck.Invalid($"a proof is at least 140 bytes, got {proof.Length}");
        uint k = BinaryPrimitives.ReadUInt32BigEndian(proof.Slice(104, 4));
        if (k > 4096 || proof.Length != 140 + 32 * (int)k) return ProofCheck.Invalid($"the proof's length {proof.Length} does not match its {k} outputs");
        if (!Felt.TryFromBytesBigEndian(proof[..32], out Felt program) ||
            !Felt.TryFromBytesBigEndian(proof.Slice(32, 32), out Felt jobId) ||
            !Felt.TryFromBytesBigEndian(proof.Slice(64, 32), out Felt executor) ||
            !Felt.TryFromBytesBigEndian(proof[^32..], out Felt c))
            return ProofCheck.Invalid("a felt in the proof is not below p");
        ulong nSteps = BinaryPrimitives.ReadUInt64BigEndian(proof.Slice(96, 8));
        var output = new Felt[k];
        for (int i = 0; i < k; i++)
            if (!Felt.TryFromBytesBigEndian(proof.Slice(108 + 32 * i, 32), out output[i])) return ProofCheck.Invalid("an output felt is not below p");
        if (Commitment(program, jobId, executor, nSteps, output) != c) return ProofCheck.Invalid("the commitment does not open");
        if (jobId != binding.JobId) return ProofCheck.Invalid($"the proof is for job {jobId}", ProofFailure.WrongJob);
        if (executor != binding.Executor) return ProofCheck.Invalid($"the proof is bound to executor {executor}", ProofFailure.WrongExecutor);
        return ProofCheck.Valid(program, output, nSteps);
    }
}
