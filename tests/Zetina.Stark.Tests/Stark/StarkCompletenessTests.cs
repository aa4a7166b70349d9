using Zetina.Stark.Merkle;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>Honest proofs verify, for every example AIR, every hash and several FRI settings; proofs are deterministic.</summary>
public class StarkCompletenessTests
{
    public static TheoryData<string> HashNames()
    {
        var data = new TheoryData<string>();
        foreach (string n in MerkleHashes.Names) data.Add(n);
        return data;
    }

    [Theory]
    [MemberData(nameof(HashNames))]
    public void Fibonacci_EveryHash_Verifies(string hash)
    {
        var (air, trace) = StarkTestKit.Fibonacci(64);
        StarkProof proof = StarkTestKit.Prove(air, trace, StarkTestKit.Small(6, hash));
        VerifyResult r = StarkVerifier.Verify(air, proof, 0);
        Assert.True(r.IsValid, r.ToString());
    }

    [Theory]
    [InlineData(6, new[] { 3, 3 }, 1, 2)]
    [InlineData(6, new[] { 0, 1, 1, 1 }, 8, 1)]
    [InlineData(7, new[] { 4 }, 8, 3)]
    [InlineData(5, new[] { 0 }, 32, 2)]
    [InlineData(10, new[] { 3, 3, 2 }, 4, 2)]
    public void Fibonacci_FriSettings_Verify(int logN, int[] steps, int lastBound, int logBlowup)
    {
        var (air, trace) = StarkTestKit.Fibonacci(1 << logN);
        StarkProof proof = StarkTestKit.Prove(air, trace, StarkTestKit.Small(logN, steps: steps, lastBound: lastBound, logBlowup: logBlowup));
        VerifyResult r = StarkVerifier.Verify(air, proof, 0);
        Assert.True(r.IsValid, r.ToString());
    }

    [Theory]
    [InlineData("keccak256", 1)]
    [InlineData("poseidon3", 2)]
    [InlineData("blake2s256_masked160_msb", 1)]
    public void Permutation_InteractionColumn_Verifies(string hash, int threads)
    {
        var (air, trace) = StarkTestKit.Permutation(128);
        StarkProof proof = StarkTestKit.Prove(air, trace, StarkTestKit.Small(7, hash), threads);
        VerifyResult r = StarkVerifier.Verify(air, proof, 0);
        Assert.True(r.IsValid, r.ToString());
    }

    [Fact]
    public void Prove_SameInputDifferentThreads_SameBytes()
    {
        var (air, trace) = StarkTestKit.Permutation(64);
        byte[] a = ProofSerializer.Write(StarkTestKit.Prove(air, trace, StarkTestKit.Small(6), 1));
        byte[] b = ProofSerializer.Write(StarkTestKit.Prove(air, trace, StarkTestKit.Small(6), 2));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Binary_RoundTrip_VerifiesFromBytes()
    {
        var (air, trace) = StarkTestKit.Permutation(64);
        byte[] bytes = ProofSerializer.Write(StarkTestKit.Prove(air, trace, StarkTestKit.Small(6)));
        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? back, out _, out string? msg), msg);
        Assert.Equal(bytes, ProofSerializer.Write(back!));
        VerifyResult r = StarkVerifier.Verify(air, bytes, 0);
        Assert.True(r.IsValid, r.ToString());
    }
}
