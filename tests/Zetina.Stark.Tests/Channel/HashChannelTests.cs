using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Merkle;

namespace Zetina.Stark.Tests.Channel;

/// <summary>The Fiat–Shamir channel: determinism, sensitivity to every absorbed byte, proof of work.</summary>
public class HashChannelTests
{
    private static HashChannel New(string hash = "keccak256") => new(MerkleHashes.ChannelHashFor(hash), "test"u8);

    [Fact]
    public void Draws_SameTranscript_AreEqual()
    {
        HashChannel a = New(), b = New();
        a.Absorb([1, 2, 3]);
        b.Absorb([1, 2, 3]);
        Assert.Equal(a.DrawFelt(), b.DrawFelt());
        Assert.Equal(a.DrawIndex(1024), b.DrawIndex(1024));
    }

    [Fact]
    public void Draws_DifferentAbsorbedByte_Differ()
    {
        HashChannel a = New(), b = New();
        a.Absorb([1, 2, 3]);
        b.Absorb([1, 2, 4]);
        Assert.NotEqual(a.DrawFelt(), b.DrawFelt());
    }

    [Fact]
    public void DrawFelt_ManyDraws_AreDistinctAndCanonical()
    {
        HashChannel a = New("blake2s256");
        var seen = new HashSet<Felt>();
        for (int i = 0; i < 200; i++) Assert.True(seen.Add(a.DrawFelt()));
    }

    [Fact]
    public void DrawIndex_Bound_StaysBelow()
    {
        HashChannel a = New();
        for (int i = 0; i < 200; i++) Assert.InRange(a.DrawIndex(64), 0, 63);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(8, 1)]
    [InlineData(12, 2)]
    public void Grind_Bits_NonceAcceptedByVerifierAndDeterministic(int bits, int threads)
    {
        HashChannel prover = New(), verifier = New(), again = New();
        ulong nonce = prover.Grind(bits, threads);
        Assert.Equal(nonce, again.Grind(bits, 1));
        Assert.True(verifier.TryAcceptProofOfWork(bits, nonce));
        Assert.Equal(prover.State.ToArray(), verifier.State.ToArray());
    }

    [Fact]
    public void TryAcceptProofOfWork_WrongNonce_Rejected()
    {
        HashChannel prover = New(), verifier = New();
        ulong nonce = prover.Grind(12, 1);
        Assert.False(verifier.TryAcceptProofOfWork(12, nonce + 1) && verifier.TryAcceptProofOfWork(12, nonce + 2));
    }
}
