using System.Buffers.Binary;
using Zetina.Registry.Signing;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Registry.Tests.Support;

/// <summary>
/// A test stand-in for the Stone verifier that checks a hash-preimage commitment, never "accept everything". Like a Stone
/// proof it names no job and no executor. A proof is
/// <c>bytecode_digest ‖ n_steps (u64 BE) ‖ security_bits (u32 BE) ‖ k (u32 BE) ‖ output[k] ‖ c</c>, felts 32 bytes
/// big-endian, <c>c = Poseidon.hash_many(bytecode_digest, n_steps, security_bits, k, output…)</c>. The program hash it
/// reports is <see cref="ProgramHashOf"/>(program header, bytecode digest): as the real one, the executor's header
/// joined with what the proof states.
/// </summary>
internal sealed class StoneStatementVerifier : IStoneProofVerifier
{
    private int _calls;

    /// <summary>How many proofs were checked.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The program hash of (header, bytecode digest): Poseidon(main, builtin count, builtin short strings…, digest).</summary>
    public static Felt ProgramHashOf(ProgramHeader program, Felt bytecodeDigest)
    {
        var xs = new List<Felt> { program.Main, (ulong)program.Builtins.Length };
        foreach (string b in program.Builtins) xs.Add(ShortString.Encode(b));
        xs.Add(bytecodeDigest);
        return PoseidonHash.HashMany(xs.ToArray());
    }

    public static byte[] MakeProof(Felt bytecodeDigest, ulong nSteps, int securityBits, Felt[] output)
    {
        var proof = new byte[32 + 8 + 4 + 4 + 32 * output.Length + 32];
        bytecodeDigest.WriteBytesBigEndian(proof.AsSpan(0, 32));
        BinaryPrimitives.WriteUInt64BigEndian(proof.AsSpan(32, 8), nSteps);
        BinaryPrimitives.WriteUInt32BigEndian(proof.AsSpan(40, 4), (uint)securityBits);
        BinaryPrimitives.WriteUInt32BigEndian(proof.AsSpan(44, 4), (uint)output.Length);
        for (int i = 0; i < output.Length; i++) output[i].WriteBytesBigEndian(proof.AsSpan(48 + 32 * i, 32));
        Commitment(bytecodeDigest, nSteps, (uint)securityBits, output).WriteBytesBigEndian(proof.AsSpan(proof.Length - 32, 32));
        return proof;
    }

    private static Felt Commitment(Felt digest, ulong nSteps, uint bits, Felt[] output)
    {
        var xs = new Felt[4 + output.Length];
        xs[0] = digest; xs[1] = nSteps; xs[2] = bits; xs[3] = (ulong)output.Length;
        output.CopyTo(xs, 4);
        return PoseidonHash.HashMany(xs);
    }

    public ProofCheck Verify(ReadOnlySpan<byte> proof, ProgramHeader program)
    {
        Interlocked.Increment(ref _calls);
        if (proof.Length < 80) return ProofCheck.Invalid($"a proof is at least 80 bytes, got {proof.Length}");
        uint k = BinaryPrimitives.ReadUInt32BigEndian(proof.Slice(44, 4));
        if (k > 4096 || proof.Length != 80 + 32 * (int)k) return ProofCheck.Invalid($"the proof's length {proof.Length} does not match its {k} outputs");
        if (!Felt.TryFromBytesBigEndian(proof[..32], out Felt digest) || !Felt.TryFromBytesBigEndian(proof[^32..], out Felt c))
            return ProofCheck.Invalid("a felt in the proof is not below p");
        ulong nSteps = BinaryPrimitives.ReadUInt64BigEndian(proof.Slice(32, 8));
        uint bits = BinaryPrimitives.ReadUInt32BigEndian(proof.Slice(40, 4));
        var output = new Felt[k];
        for (int i = 0; i < k; i++)
            if (!Felt.TryFromBytesBigEndian(proof.Slice(48 + 32 * i, 32), out output[i])) return ProofCheck.Invalid("an output felt is not below p");
        if (Commitment(digest, nSteps, bits, output) != c) return ProofCheck.Invalid("the commitment does not open");
        return ProofCheck.Valid(ProgramHashOf(program, digest), output, nSteps) with { SecurityBits = (int)bits };
    }
}
