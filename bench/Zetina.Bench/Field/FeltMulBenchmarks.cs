using BenchmarkDotNet.Attributes;
using Zetina.Stark.Field;

namespace Zetina.Bench.Field;

/// <summary>
/// Stark252 field arithmetic: one operation per call for mul/square/add/inverse (dependent chains of
/// <see cref="Chain"/> operations, reported per operation), and per element over spans of <see cref="N"/> for batch
/// multiplication and batch inversion.
/// </summary>
[ShortRunJob]
public class FeltMulBenchmarks
{
    private const int Chain = 1000;
    private const int N = 4096;

    private Felt _a, _b;
    private Felt[] _xs = [], _ys = [], _dst = [];

    [GlobalSetup]
    public void Setup()
    {
        _a = Felt.Parse("0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb");
        _b = Felt.Parse("0x208a0a10250e382e1e4bbe2880906c2791bf6275695e02fbbc6aeff9cd8b31a");
        _xs = new Felt[N];
        _ys = new Felt[N];
        _dst = new Felt[N];
        FeltSpan.Powers(_a, _b, _xs);
        FeltSpan.Powers(_b, _a, _ys);
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Felt Mul()
    {
        Felt x = _a, y = _b;
        for (int i = 0; i < Chain; i++) x = Felt.Mul(x, y);
        return x;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Felt Square()
    {
        Felt x = _a;
        for (int i = 0; i < Chain; i++) x = Felt.Square(x);
        return x;
    }

    [Benchmark(OperationsPerInvoke = Chain)]
    public Felt Add()
    {
        Felt x = _a, y = _b;
        for (int i = 0; i < Chain; i++) x = Felt.Add(x, y);
        return x;
    }

    [Benchmark(OperationsPerInvoke = 10)]
    public Felt Inverse()
    {
        Felt x = _a;
        for (int i = 0; i < 10; i++) x = x.Inverse();
        return x;
    }

    /// <summary>Per element of a 4096-element span.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public void BatchInverse() => Felt.BatchInverse(_xs, _dst);

    /// <summary>Per element of a 4096-element span.</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public void BatchMul() => FeltSpan.Mul(_xs, _ys, _dst);
}
