using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// Proof bytes pinned across prover optimizations: a faster schedule that commits the same polynomials must
/// reproduce them exactly (docs/stark.md, "Determinism"). Recorded again, deliberately, when the binary format
/// became version 2 (FRI openings without the values the verifier folds, digests without their masked bytes); the
/// committed polynomials and the transcript up to the queries did not change. Recorded again for version 3 (trace
/// tables by column widths): the decoded proofs were compared field by field with version 2's (the JSON forms differ
/// only in the version and the tables' new width fields). Recorded again for version 4, whose evaluation domain contains
/// the trace domain (<see cref="EvaluationDomain"/>): the committed polynomials are the same, their evaluation points
/// and so every commitment are not; the proofs verify, and the rows opened on the trace domain are trace rows
/// (EvaluationDomainTests).
/// </summary>
public class ProofDigestTests
{
    [Theory]
    [InlineData("fibonacci", 2, "305c90b8b6c5c0f6a49258e2983761e7c2652cdc1bc9cf3b914075752fc67647")]
    [InlineData("fibonacci", 16, "f01993d6f5150d72184613981dc201e39571d2ee61286c962d180663a189700b")]
    [InlineData("permutation", 2, "6ccd8be85e9645f3ce4faa90e37f55db947035c952cbec37b51c6f42568f684a")]
    [InlineData("permutation", 16, "d1d5c7db005d396e4d2fa030c3a0d817f88e0ddf663045cbd6cdfbac48f9b58e")]
    public void Prove_ExampleAirAtBlowup_ProofMatchesGoldenDigest(string example, int blowup, string golden)
    {
        (IAir air, Felt[][] trace) = example == "fibonacci" ? Pair(StarkTestKit.Fibonacci(64)) : Pair(StarkTestKit.Permutation(64));
        var p = StarkTestKit.Small(6, logBlowup: System.Numerics.BitOperations.Log2((uint)blowup));
        StarkProof proof = StarkTestKit.Prove(air, trace, p, threads: 2);

        Assert.True(StarkVerifier.Verify(air, proof, minimumSecurityBits: 0).IsValid);
        string digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ProofSerializer.Write(proof)));
        Assert.True(golden == digest, $"proof sha256 {digest}, pinned {golden}");
    }

    private static (IAir, Felt[][]) Pair<T>((T Air, Felt[][] Trace) p) where T : IAir => (p.Air, p.Trace);
}
