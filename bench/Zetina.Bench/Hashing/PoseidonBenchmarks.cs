using BenchmarkDotNet.Attributes;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Bench.Hashing;

/// <summary>
/// StarkNet Poseidon: hash(x, y) (one permutation), hash_many of 16 elements (nine permutations), and the batched
/// forms a Merkle tree uses — <see cref="PoseidonHash.HashPairs"/> over 1,024 node pairs and
/// <see cref="PoseidonHash.HashManyRows"/> over 1,024 rows of 7 (four permutations a row) — timed per permutation.
/// </summary>
[ShortRunJob]
public class PoseidonBenchmarks
{
    private const int Pairs = 1024, Rows = 1024, Width = 7;
    private Felt _x, _y;
    private readonly Felt[] _many = new Felt[16];
    private readonly Felt[] _pairs = new Felt[2 * Pairs];
    private readonly Felt[] _rows = new Felt[Rows * Width];
    private readonly Felt[] _digests = new Felt[Math.Max(Pairs, Rows)];

    [GlobalSetup]
    public void Setup()
    {
        _x = Felt.Parse("0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb");
        _y = Felt.Parse("0x208a0a10250e382e1e4bbe2880906c2791bf6275695e02fbbc6aeff9cd8b31a");
        FeltSpan.Powers(_x, _y, _many);
        FeltSpan.Powers(_y, _x, _pairs);
        FeltSpan.Powers(_x, _x, _rows);
    }

    /// <summary>One scalar permutation.</summary>
    [Benchmark]
    public Felt Hash() => PoseidonHash.Hash(_x, _y);

    [Benchmark]
    public Felt HashMany16() => PoseidonHash.HashMany(_many);

    /// <summary>Merkle parents in lane groups; per permutation.</summary>
    [Benchmark(OperationsPerInvoke = Pairs)]
    public void HashPairsPerPermutation() => PoseidonHash.HashPairs(_pairs, _digests.AsSpan(0, Pairs));

    /// <summary>Leaves of 7 elements in lane groups (4 permutations each); per permutation.</summary>
    [Benchmark(OperationsPerInvoke = Rows * (Width / 2 + 1))]
    public void HashManyRowsPerPermutation() => PoseidonHash.HashManyRows(_rows, Width, _digests.AsSpan(0, Rows));
}
