using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// Proof bytes pinned across prover optimizations: the digests were recorded from the prover that evaluated
/// the composition polynomial on the whole evaluation domain. A faster schedule that commits the same
/// polynomials must reproduce them exactly (docs/stark.md, "Determinism").
/// </summary>
public class ProofDigestTests
{
    [Theory]
    [InlineData("fibonacci", 2, "ab02a570d2f3163437b8cdcef389135e74e11e8fa45d797df456ae17c2e061a6")]
    [InlineData("fibonacci", 16, "ec8ee7a1f5df48c03b6ba99c0a6baad52d4b1810fb4319cc97228db4467034f5")]
    [InlineData("permutation", 2, "0cb1b9ac70136b6b685beb867bd4c34421fe0b794ee35437bc6a96bbc79fc329")]
    [InlineData("permutation", 16, "c105be1a19a8b9d6bfff284f3c85795f5d21b335ec57ced9484357e1f64621e9")]
    public void Prove_ExampleAirAtBlowup_ProofMatchesGoldenDigest(string example, int blowup, string golden)
    {
        (IAir air, Felt[][] trace) = example == "fibonacci" ? Pair(StarkTestKit.Fibonacci(64)) : Pair(StarkTestKit.Permutation(64));
        var p = StarkTestKit.Small(6, logBlowup: System.Numerics.BitOperations.Log2((uint)blowup));
        StarkProof proof = StarkTestKit.Prove(air, trace, p, threads: 2);

        Assert.True(StarkVerifier.Verify(air, proof, minimumSecurityBits: 0).IsValid);
        string digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ProofSerializer.Write(proof)));
        Assert.Equal(golden, digest);
    }

    private static (IAir, Felt[][]) Pair<T>((T Air, Felt[][] Trace) p) where T : IAir => (p.Air, p.Trace);
}
