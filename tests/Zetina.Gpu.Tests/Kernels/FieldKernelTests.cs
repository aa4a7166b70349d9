using System.Runtime.InteropServices;
using Zetina.Gpu.Backend;
using Zetina.Gpu.Tests.Reference;
using Zetina.Stark.Field;

namespace Zetina.Gpu.Tests.Kernels;

[Collection(CpuAcceleratorCollection.Name)]
public sealed class FieldKernelTests(CpuAcceleratorFixture fixture)
{
    private readonly IGpuBackend _gpu = fixture.Backend;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Elementwise_EdgeValuePairs_MatchFelt(int op)
    {
        int e = TestFelts.Edges.Length;
        var a = new Felt[e * e];
        var b = new Felt[e * e];
        for (int i = 0; i < e; i++)
            for (int j = 0; j < e; j++) { a[i * e + j] = TestFelts.Edges[i]; b[i * e + j] = TestFelts.Edges[j]; }
        Felt[] got = Run(a, b, op);
        for (int k = 0; k < a.Length; k++)
            Assert.True(Expected(a[k], b[k], op) == got[k], $"op {op}: {a[k]} ∘ {b[k]}: expected {Expected(a[k], b[k], op)}, got {got[k]}");
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 12)]
    [InlineData(1, 12)]
    [InlineData(2, 12)]
    [InlineData(0, 16)]
    public void Elementwise_RandomInputs_MatchFelt(int op, int logSize)
    {
        int seed = 1000 + 17 * op + logSize;
        Felt[] a = TestFelts.Random(1 << logSize, seed);
        Felt[] b = TestFelts.Random(1 << logSize, seed + 1);
        Felt[] got = Run(a, b, op);
        for (int k = 0; k < a.Length; k++)
            if (Expected(a[k], b[k], op) != got[k])
                Assert.Fail($"seed {seed}, index {k}, op {op}: {a[k]} ∘ {b[k]}: expected {Expected(a[k], b[k], op)}, got {got[k]}");
    }

    [Fact]
    public void Scale_RandomColumn_MultipliesEveryElementByTheFactor()
    {
        Felt[] a = TestFelts.Random(64, 77);
        Felt factor = Felt.MinusOne - Felt.FromUInt64(5);
        using GpuBuffer data = Upload(a);
        using GpuBuffer f = Upload([factor]);
        _gpu.Launch(GpuKernel.FeltScale, a.Length, new KernelArgs(data, f, null));
        var got = new Felt[a.Length];
        _gpu.Download(data, MemoryMarshal.Cast<Felt, uint>(got.AsSpan()));
        for (int k = 0; k < a.Length; k++) Assert.Equal(a[k] * factor, got[k]);
    }

    [Fact]
    public void Elementwise_OutputBuffer_IsNotWrittenPastTheThreadCount()
    {
        Felt[] a = TestFelts.Random(8, 5);
        using GpuBuffer da = Upload(a);
        using GpuBuffer db = Upload(a);
        using GpuBuffer dc = _gpu.Allocate(8 * 10);
        var sentinel = new uint[8 * 10];
        Array.Fill(sentinel, 0xDEADBEEFu);
        _gpu.Upload(sentinel, dc);
        _gpu.Launch(GpuKernel.FeltElementwise, 8, new KernelArgs(da, db, dc, 0));
        var got = new uint[8 * 10];
        _gpu.Download(dc, got);
        for (int w = 8 * 8; w < got.Length; w++) Assert.Equal(0xDEADBEEFu, got[w]);
        Assert.Equal(a[7] * a[7], MemoryMarshal.Cast<uint, Felt>(got.AsSpan())[7]);
    }

    private static Felt Expected(Felt a, Felt b, int op) => op switch { 0 => a * b, 1 => a + b, _ => a - b };

    private Felt[] Run(Felt[] a, Felt[] b, int op)
    {
        using GpuBuffer da = Upload(a);
        using GpuBuffer db = Upload(b);
        using GpuBuffer dc = _gpu.Allocate(8L * a.Length);
        _gpu.Launch(GpuKernel.FeltElementwise, a.Length, new KernelArgs(da, db, dc, op));
        var got = new Felt[a.Length];
        _gpu.Download(dc, MemoryMarshal.Cast<Felt, uint>(got.AsSpan()));
        return got;
    }

    private GpuBuffer Upload(Felt[] values)
    {
        GpuBuffer b = _gpu.Allocate(8L * values.Length);
        _gpu.Upload(MemoryMarshal.Cast<Felt, uint>(values.AsSpan()), b);
        return b;
    }
}
