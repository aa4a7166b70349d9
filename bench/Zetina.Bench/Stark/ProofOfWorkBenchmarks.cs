using BenchmarkDotNet.Attributes;
using Zetina.Stark.Channel;

namespace Zetina.Bench.Stark;

/// <summary>
/// Proof-of-work grinding over 2^16 nonces (a range with no 64-bit solution, so every nonce is hashed): scalar
/// one nonce at a time vs SIMD lanes (4/8 Keccak states, 8/16 BLAKE2s states), one thread vs all. Nonces per
/// second = 65536 / mean.
/// </summary>
[ShortRunJob]
public class ProofOfWorkBenchmarks
{
    private const ulong Nonces = 1 << 16;
    private readonly byte[] _prefix = new byte[ProofOfWork.PrefixBytes];

    [Params(ProofOfWorkHash.Keccak256, ProofOfWorkHash.Blake2s256)]
    public ProofOfWorkHash Hash { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < _prefix.Length; i++) _prefix[i] = (byte)(31 * i + 7);
    }

    [Benchmark(Baseline = true)]
    public bool ScalarOneThread() => Search(GrindingLanes.Scalar, 1);

    [Benchmark]
    public bool Vector256OneThread() => Search(GrindingLanes.Vector256, 1);

    [Benchmark]
    public bool Vector512OneThread() => Search(GrindingLanes.Vector512, 1);

    [Benchmark]
    public bool BestAllThreads() => Search(ProofOfWork.BestLanes, Environment.ProcessorCount);

    private bool Search(GrindingLanes lanes, int threads) =>
        ProofOfWork.TryFindNonce(Hash, _prefix, 64, 0, Nonces - 1, threads, lanes, out _);
}
