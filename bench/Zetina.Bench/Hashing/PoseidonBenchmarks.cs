using BenchmarkDotNet.Attributes;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Bench.Hashing;

/// <summary>StarkNet Poseidon: hash(x, y) (one permutation) and hash_many of 16 elements (nine permutations).</summary>
[ShortRunJob]
public class PoseidonBenchmarks
{
    private Felt _x, _y;
    private readonly Felt[] _many = new Felt[16];

    [GlobalSetup]
    public void Setup()
    {
        _x = Felt.Parse("0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb");
        _y = Felt.Parse("0x208a0a10250e382e1e4bbe2880906c2791bf6275695e02fbbc6aeff9cd8b31a");
        FeltSpan.Powers(_x, _y, _many);
    }

    [Benchmark]
    public Felt Hash() => PoseidonHash.Hash(_x, _y);

    [Benchmark]
    public Felt HashMany16() => PoseidonHash.HashMany(_many);
}
