using BenchmarkDotNet.Attributes;
using Zetina.Stark.Field;

namespace Zetina.Bench.Field;

/// <summary>
/// The two lane layouts of <c>FeltLanes</c> side by side, per element of a 4096-element span: 52-bit limbs multiplied
/// by fused multiply-add against 32-bit digits multiplied by <c>vpmuludq</c>, for products and for radix-2 butterflies.
/// </summary>
[ShortRunJob]
public unsafe class FeltLaneLayoutBenchmarks
{
    private const int N = 4096;

    private Felt[] _xs = [], _ys = [], _dst = [];

    [GlobalSetup]
    public void Setup()
    {
        Felt a = Felt.Parse("0x3d937c035c878245caf64531a5756109c53068da139362728feb561405371cb");
        Felt b = Felt.Parse("0x208a0a10250e382e1e4bbe2880906c2791bf6275695e02fbbc6aeff9cd8b31a");
        _xs = new Felt[N];
        _ys = new Felt[N];
        _dst = new Felt[N];
        FeltSpan.Powers(a, b, _xs);
        FeltSpan.Powers(b, a, _ys);
    }

    [Benchmark(OperationsPerInvoke = N)]
    public int MulLimbs52()
    {
        fixed (Felt* x = _xs, y = _ys, d = _dst) return FeltLanes.Mul<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(x, y, d, N);
    }

    [Benchmark(OperationsPerInvoke = N, Baseline = true)]
    public int MulDigits32()
    {
        fixed (Felt* x = _xs, y = _ys, d = _dst) return FeltLanes.Mul<FeltLanes.Digits, FeltLanes.Digits>(x, y, d, N);
    }

    [Benchmark(OperationsPerInvoke = N / 2)]
    public int ButterfliesLimbs52()
    {
        fixed (Felt* x = _xs, d = _dst, w = _ys) return FeltLanes.Butterflies<FeltLanes.Limbs52, FeltLanes.Limbs52.Factor>(x, d, w, N / 2);
    }

    [Benchmark(OperationsPerInvoke = N / 2)]
    public int ButterfliesDigits32()
    {
        fixed (Felt* x = _xs, d = _dst, w = _ys) return FeltLanes.Butterflies<FeltLanes.Digits, FeltLanes.Digits>(x, d, w, N / 2);
    }
}
