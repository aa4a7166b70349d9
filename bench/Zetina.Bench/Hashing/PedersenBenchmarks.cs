using BenchmarkDotNet.Attributes;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Bench.Hashing;

/// <summary>StarkNet Pedersen hash(x, y) with full 252-bit inputs (tables built in setup).</summary>
[ShortRunJob]
public class PedersenBenchmarks
{
    private Felt _x, _y;

    [GlobalSetup]
    public void Setup()
    {
        _x = Felt.Parse("0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb");
        _y = Felt.Parse("0x208a0a10250e382e1e4bbe2880906c2791bf6275695e02fbbc6aeff9cd8b31a");
        PedersenHash.Hash(_x, _y);
    }

    [Benchmark]
    public Felt Hash() => PedersenHash.Hash(_x, _y);
}
