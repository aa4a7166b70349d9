using BenchmarkDotNet.Attributes;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Bench.Stark;

/// <summary>One forward NTT of 2^LogSize elements: one thread vs all (the baseline is one thread).</summary>
[MemoryDiagnoser]
public class NttForwardBenchmarks
{
    private Felt[] _source = [];
    private Felt[] _work = [];

    [Params(14, 16, 18, 20)]
    public int LogSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rnd = new Random(LogSize);
        _source = new Felt[1 << LogSize];
        for (int i = 0; i < _source.Length; i++)
            _source[i] = Felt.FromLimbsReduced((ulong)rnd.NextInt64(), (ulong)rnd.NextInt64(), (ulong)rnd.NextInt64(), (ulong)rnd.NextInt64());
        _work = new Felt[_source.Length];
        Radix2Ntt.Forward(_work, 1); // builds the shared twiddle table outside the measurement
    }

    [IterationSetup]
    public void Reset() => _source.CopyTo(_work, 0);

    [Benchmark(Baseline = true)]
    public void OneThread() => Radix2Ntt.Forward(_work, 1);

    [Benchmark]
    public void AllThreads() => Radix2Ntt.Forward(_work, Environment.ProcessorCount);
}
