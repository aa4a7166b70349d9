using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// Proof bytes pinned across prover optimizations: a faster schedule that commits the same polynomials must
/// reproduce them exactly (docs/stark.md, "Determinism"). Recorded again, deliberately, when the binary format
/// became version 2 (FRI openings without the values the verifier folds, digests without their masked bytes); the
/// committed polynomials and the transcript up to the queries did not change.
/// </summary>
public class ProofDigestTests
{
    [Theory]
    [InlineData("fibonacci", 2, "d8edbcc3cb41b2ac1bf12d6b9e3206546ddeeb978e06d6f7f0e9fd5af971a8cc")]
    [InlineData("fibonacci", 16, "57abbc822e479784f5d3d6046224389cc1d79ec5b4574951d5dcaf2c0c788ca5")]
    [InlineData("permutation", 2, "1be14248b86a5ece241715b0c964fbfdf487bc88ed97b60b63227495e586a950")]
    [InlineData("permutation", 16, "5fad74788dec1ce7e069b9f89b3a6b4de1b7806609ab142fc68a59aa9d2043e6")]
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
