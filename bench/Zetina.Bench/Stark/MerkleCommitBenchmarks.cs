using BenchmarkDotNet.Attributes;
using Zetina.Stark.Field;
using Zetina.Stark.Merkle;

namespace Zetina.Bench.Stark;

/// <summary>A Merkle commitment to 2^LogSize one-felt leaves with Keccak-256: one thread vs all.</summary>
[MemoryDiagnoser]
public class MerkleCommitBenchmarks
{
    private ReadOnlyMemory<Felt>[] _columns = [];
    private readonly IMerkleHasher _hasher = MerkleHashes.Create("keccak256");

    [Params(14, 16, 18, 20)]
    public int LogSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rnd = new Random(LogSize);
        var column = new Felt[1 << LogSize];
        for (int i = 0; i < column.Length; i++) column[i] = Felt.FromUInt64((ulong)rnd.NextInt64());
        _columns = [column];
    }

    [Benchmark(Baseline = true)]
    public MerkleTree OneThread() => new CpuVectorCommitmentBackend(1).Commit(_columns, _hasher);

    [Benchmark]
    public MerkleTree AllThreads() => new CpuVectorCommitmentBackend(Environment.ProcessorCount).Commit(_columns, _hasher);
}
