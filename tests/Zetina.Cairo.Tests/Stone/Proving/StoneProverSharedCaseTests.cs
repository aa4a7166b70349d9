using Zetina.Cairo.Run;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Trace;

namespace Zetina.Cairo.Tests.Stone.Proving;

/// <summary>
/// Runs the shared cases alone, after the parallel tests: the starknet case peaks at about 12 GB.
/// </summary>
[CollectionDefinition(nameof(StoneProverSharedCaseTests), DisableParallelization = true)]
public sealed class StoneProverSharedCaseCollection;

/// <summary>
/// Every shared case with trace, memory, AIR inputs and a Stone proof is proved again from its files with the proof's
/// parameters and statement version, and proof_hex is compared with Stone's byte for byte; a difference is reported
/// by offset and by the part of the proof it falls in.
/// </summary>
[Collection(nameof(StoneProverSharedCaseTests))]
public sealed class StoneProverSharedCaseTests
{
    /// <summary>
    /// Cases and their proof files: every shared case with trace, memory, AIR inputs and a Stone proof, among them
    /// c1_dipdup_ecdsa_starknet, whose 131,072 steps at blowup 16 make a 2^25-row evaluation domain (its tables keep
    /// only their coefficients, <see cref="StoneTableCommitment"/>). A 30-bit proof of work (c0_fibonacci_hint_recursive,
    /// minutes of grinding) starts at the reference nonce.
    /// </summary>
    public static TheoryData<string, string> Cases => new()
    {
        { "c1_dipdup_fibonacci_small", "proof.json" },
        { "c1_dipdup_hash_pedersen_recursive_large_output", "proof.json" },
        { "c1_dipdup_hash_poseidon_recursive_with_poseidon", "proof.json" },
        { "c0_fibonacci_hint_recursive", "proof_stone5_keccak160lsb.json" },
        { "c1_dipdup_ecdsa_starknet", "proof.json" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prove_SharedCase_ProofHexEqualsStones(string name, string proofFile)
    {
        StoneProofFile reference = StoneProofFile.Parse(TestData.Read(name, proofFile));
        var layout = (StoneCairoLayout)StoneLayoutTable.Find(reference.PublicInput.Layout)!;
        StoneVerificationResult verdict = StoneVerifier.Verify(reference, layout);
        Assert.True(verdict.IsValid, verdict.Message);
        StoneStatementVersion version = verdict.Version!.Value;

        string dir = TestData.Dir(name);
        string trace = Path.Combine(dir, "trace.bin");
        string? unpacked = null;
        if (!File.Exists(trace))
        {
            unpacked = trace = Path.Combine(Path.GetTempPath(), $"zetina-{name}-{Environment.ProcessId}.trace");
            File.WriteAllBytes(trace, TestData.Read(name, "trace.bin"));
        }
        try
        {
            CairoRun run = CairoRun.FromFiles(trace, Path.Combine(dir, "memory.bin"), Path.Combine(dir, "air_public_input.json"));
            run = run with { EcdsaSignatures = AirPrivateInput.Read(Path.Combine(dir, "air_private_input.json")).EcdsaSignatures };
            StoneProof proof = StoneProver.Prove(StoneTraceBuilder.Build(layout, run), layout, reference.Parameters, reference.PublicInput, version,
                new StoneProverOptions { StartNonce = StartNonce(reference, layout, version) });
            int first = FirstDifference(proof.Proof, reference.Proof);
            Assert.True(first < 0, $"{name}: proof_hex differs from Stone's first at byte {first} ({proof.PartAt(first)}); {proof.Proof.Length} bytes vs {reference.Proof.Length}");
        }
        finally
        {
            if (unpacked is not null) File.Delete(unpacked);
        }
    }

    /// <summary>0, or for 30 bits and more (minutes of grinding) the reference proof's own nonce, read by replaying its transcript.</summary>
    private static ulong StartNonce(StoneProofFile reference, IStoneLayout layout, StoneStatementVersion version)
    {
        StoneProofParameters p = reference.Parameters;
        if (p.ProofOfWorkBits < 30) return 0;
        int logTrace = System.Numerics.BitOperations.Log2((ulong)reference.PublicInput.NSteps * (ulong)layout.RowsPerStep);
        StoneTranscript t = StoneTranscript.TryReplay(
            StoneStatementSeed.TryOpenChannel(StoneStatementSeed.Build(reference.PublicInput, layout, p, version), p)!,
            new StoneProofReader(reference.Proof), layout, p, new StoneDomains(logTrace, logTrace + p.LogNCosets), out string error)
            ?? throw new InvalidOperationException(error);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(t.ProofOfWorkNonce.AsSpan(t.ProofOfWorkNonce.Length - 8));
    }

    /// <summary>The first offset where the two differ (a length difference counts at the shorter's end), or −1.</summary>
    private static int FirstDifference(byte[] a, byte[] b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
            if (a[i] != b[i]) return i;
        return a.Length == b.Length ? -1 : n;
    }
}
