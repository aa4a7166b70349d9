using System.Runtime.Intrinsics;
using Xunit.Abstractions;
using Zetina.Stark.Channel;

namespace Zetina.Stark.Tests.Channel;

/// <summary>
/// The proof-of-work search in every lane width and thread count against the obvious oracle: try nonces from the
/// start, one by one, through <see cref="ProofOfWork.Check"/>. Prefixes are seeded random (the seed is printed).
/// </summary>
public class ProofOfWorkTests(ITestOutputHelper output)
{
    /// <summary>Every hash with every lane width (as int: the lane enum is internal).</summary>
    public static TheoryData<ProofOfWorkHash, int> Widths()
    {
        var data = new TheoryData<ProofOfWorkHash, int>();
        foreach (ProofOfWorkHash hash in new[] { ProofOfWorkHash.Keccak256, ProofOfWorkHash.Blake2s256 })
            foreach (GrindingLanes lanes in new[] { GrindingLanes.Scalar, GrindingLanes.Vector256, GrindingLanes.Vector512, GrindingLanes.Native })
                data.Add(hash, (int)lanes);
        return data;
    }

    /// <summary>The oracle: the first nonce from <paramref name="start"/> that <see cref="ProofOfWork.Check"/> accepts.</summary>
    private static ulong FirstValid(ProofOfWorkHash hash, byte[] prefix, int bits, ulong start)
    {
        for (ulong n = start; n < start + (1UL << 26); n++)
            if (ProofOfWork.Check(hash, prefix, bits, n)) return n;
        throw new InvalidOperationException("oracle found no nonce within 2^26 tries");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void FindNonce_RandomPrefixes_SmallestNonceAsOracle(ProofOfWorkHash hash, int lanesValue)
    {
        var lanes = (GrindingLanes)lanesValue;
        int seed = Environment.TickCount;
        output.WriteLine($"seed {seed}, Vector512 accelerated: {Vector512.IsHardwareAccelerated}, native Keccak: {Zetina.Stark.Hashing.NativeKeccak.IsSupported}");
        var rng = new Random(seed);
        for (int round = 0; round < 24; round++)
        {
            byte[] prefix = new byte[32];
            rng.NextBytes(prefix);
            int bits = 1 + rng.Next(round < 16 ? 10 : 14);
            // Starts off the lane grid and near a chunk boundary, so groups and chunks split at odd places.
            ulong start = round % 3 == 0 ? 0 : (ulong)rng.Next(1 << 20) + (round % 3 == 1 ? ProofOfWork.ChunkNonces - 5 : 0);
            ulong expected = FirstValid(hash, prefix, bits, start);
            foreach (int threads in new[] { 1, 2, 3 })
                Assert.True(expected == ProofOfWork.FindNonce(hash, prefix, bits, start, threads, lanes),
                    $"seed {seed}, round {round}, bits {bits}, start {start}, {threads} thread(s): expected {expected}");
        }
    }

    [Theory]
    [InlineData(ProofOfWorkHash.Keccak256)]
    [InlineData(ProofOfWorkHash.Blake2s256)]
    public void FindNonce_SixteenBits_AllWidthsAgreeWithOracle(ProofOfWorkHash hash)
    {
        byte[] prefix = new byte[32];
        for (int i = 0; i < 32; i++) prefix[i] = (byte)(17 * i + (int)hash);
        ulong expected = FirstValid(hash, prefix, 16, 0);
        Assert.True(ProofOfWork.Check(hash, prefix, 16, expected));
        foreach (GrindingLanes lanes in new[] { GrindingLanes.Vector256, GrindingLanes.Vector512, GrindingLanes.Native })
            Assert.Equal(expected, ProofOfWork.FindNonce(hash, prefix, 16, 0, 2, lanes));
        Assert.Equal(expected, ProofOfWork.FindNonce(hash, prefix, 16, 0, maxThreads: 0));
    }

    [Theory]
    [InlineData(ProofOfWorkHash.Keccak256)]
    [InlineData(ProofOfWorkHash.Blake2s256)]
    public void FindNonce_ZeroBits_ReturnsStart(ProofOfWorkHash hash)
    {
        Assert.Equal(12345UL, ProofOfWork.FindNonce(hash, new byte[32], 0, 12345, 2));
        Assert.True(ProofOfWork.Check(hash, new byte[32], 0, 777));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void FindNonce_StartNearTopOfRange_ScansToTheLastNonce(ProofOfWorkHash hash, int lanesValue)
    {
        var lanes = (GrindingLanes)lanesValue;
        // The last chunk is short and not a whole number of lane groups; the search must still end at 2^64 − 1.
        byte[] prefix = new byte[32];
        prefix[0] = 5;
        const int Bits = 4;
        ulong start = ulong.MaxValue - 200;
        ulong? expected = null;
        for (ulong n = start; ; n++)
        {
            if (ProofOfWork.Check(hash, prefix, Bits, n)) { expected = n; break; }
            if (n == ulong.MaxValue) break;
        }
        Assert.NotNull(expected);
        Assert.Equal(expected.Value, ProofOfWork.FindNonce(hash, prefix, Bits, start, 2, lanes));
    }

    [Fact]
    public void FindNonce_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofOfWork.FindNonce(ProofOfWorkHash.Keccak256, new byte[32], 65, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofOfWork.Check(ProofOfWorkHash.Keccak256, new byte[32], -1, 0));
        Assert.Throws<ArgumentException>(() => ProofOfWork.FindNonce(ProofOfWorkHash.Blake2s256, new byte[31], 8, 0, 1));
    }

    [Fact]
    public void Prefix_KnownPreimage_IsHashOfMagicSeedAndBits()
    {
        // P = H(0x0123456789abcded ‖ seed ‖ bits), spelled out byte by byte.
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) seed[i] = (byte)i;
        byte[] preimage = [0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xed, .. seed, 22];
        byte[] prefix = new byte[32];
        ProofOfWork.Prefix(ProofOfWorkHash.Keccak256, seed, 22, prefix);
        Assert.Equal(Zetina.Stark.Hashing.Keccak256.Hash(preimage), prefix);
        ProofOfWork.Prefix(ProofOfWorkHash.Blake2s256, seed, 22, prefix);
        Assert.Equal(Zetina.Stark.Hashing.Blake2s256.Hash(preimage), prefix);
    }
}
