using System.Buffers.Binary;
using Zetina.Registry.Signing;
using Zetina.Registry.Verification;
using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;
using Zetina.Stark.Parameters;
using Zetina.Stark.Prover;
using Zetina.Stark.Verifier;

namespace Zetina.Registry.Tests.Support;

/// <summary>
/// A test <see cref="IProofVerifier"/> that checks a real STARK proof of the STARK engine's Fibonacci AIR, with
/// the job id and executor address absorbed into the proof's public input (so the Fiat–Shamir transcript binds
/// them). A proof travels as an envelope:
/// <c>"ZFIB" ‖ n (u32 BE) ‖ a0 ‖ b0 ‖ result ‖ job_id ‖ executor ‖ STARK proof (ProofSerializer binary)</c>.
/// The "program" is <c>Poseidon(short string "fibonacci", a0, b0)</c>, the output <c>[result]</c>, the step count n.
/// </summary>
internal sealed class FibonacciStarkVerifier : IProofVerifier
{
    private const int HeaderLength = 4 + 4 + 5 * 32;

    /// <summary>Small parameters for 64 rows: blowup 4, 8 queries, 4 grinding bits (20 conjectured bits: a test, not production).</summary>
    public static StarkParameters Parameters => new(2, 8, 4, [2, 2], 4, "keccak256");

    /// <summary>The conjectured security the test parameters give and the verifier insists on.</summary>
    public const int MinimumSecurityBits = 20;

    public static Felt ProgramHash(Felt a0, Felt b0) => PoseidonHash.HashMany([ShortString.Encode("fibonacci"), a0, b0]);

    /// <summary>Proves the Fibonacci run of <paramref name="n"/> rows from (a0, b0), bound to (job id, executor).</summary>
    public static (byte[] Proof, Felt Result) Prove(int n, Felt a0, Felt b0, Felt jobId, Felt executor)
    {
        Felt[][] trace = FibonacciAir.BuildTrace(n, a0, b0);
        Felt result = trace[1][n - 1];
        var air = new FibonacciAir(n, a0, b0, result, jobId, executor);
        byte[] stark = Stark.Proof.ProofSerializer.Write(new StarkProver(Parameters, ProverBackends.Cpu(1)).Prove(air, trace));
        var envelope = new byte[HeaderLength + stark.Length];
        "ZFIB"u8.CopyTo(envelope);
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(4, 4), (uint)n);
        a0.WriteBytesBigEndian(envelope.AsSpan(8, 32));
        b0.WriteBytesBigEndian(envelope.AsSpan(40, 32));
        result.WriteBytesBigEndian(envelope.AsSpan(72, 32));
        jobId.WriteBytesBigEndian(envelope.AsSpan(104, 32));
        executor.WriteBytesBigEndian(envelope.AsSpan(136, 32));
        stark.CopyTo(envelope, HeaderLength);
        return (envelope, result);
    }

    /// <summary>The envelope with its claimed executor rewritten (what a thief would try).</summary>
    public static byte[] WithClaimedExecutor(byte[] envelope, Felt executor)
    {
        byte[] copy = (byte[])envelope.Clone();
        executor.WriteBytesBigEndian(copy.AsSpan(136, 32));
        return copy;
    }

    public ProofCheck Verify(ReadOnlySpan<byte> proof, in ProofBinding binding)
    {
        if (proof.Length < HeaderLength || !proof[..4].SequenceEqual("ZFIB"u8))
            return ProofCheck.Invalid($"not a Fibonacci proof envelope ({proof.Length} bytes, expected the \"ZFIB\" header)");
        uint n = BinaryPrimitives.ReadUInt32BigEndian(proof.Slice(4, 4));
        if (n < 8 || n > 1 << 16 || (n & (n - 1)) != 0) return ProofCheck.Invalid($"trace length {n} is not a power of two in [8, 65536]");
        Span<Felt> f = stackalloc Felt[5];
        for (int i = 0; i < 5; i++)
            if (!Felt.TryFromBytesBigEndian(proof.Slice(8 + 32 * i, 32), out f[i])) return ProofCheck.Invalid("a public felt is not below p");
        var air = new FibonacciAir((int)n, f[0], f[1], f[2], f[3], f[4]);
        VerifyResult r = StarkVerifier.Verify(air, proof[HeaderLength..], MinimumSecurityBits);
        if (!r.IsValid) return ProofCheck.Invalid($"the STARK does not verify: {r}");
        if (f[3] != binding.JobId) return ProofCheck.Invalid($"the proof's public input names job {f[3]}", ProofFailure.WrongJob);
        if (f[4] != binding.Executor) return ProofCheck.Invalid($"the proof's public input names executor {f[4]}", ProofFailure.WrongExecutor);
        return ProofCheck.Valid(ProgramHash(f[0], f[1]), [f[2]], n);
    }
}
