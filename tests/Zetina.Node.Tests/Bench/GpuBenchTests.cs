using Zetina.Gpu.Kernels;
using Zetina.Node.Bench;

namespace Zetina.Node.Tests.Bench;

/// <summary>
/// <c>zetina bench gpu</c>'s figures on ILGPU's CPU accelerator: only that each is produced, finite and
/// non-negative (the times themselves mean nothing here; speed is measured on a GPU).
/// </summary>
public sealed class GpuBenchTests
{
    [Fact]
    public void Run_Log4OnCpuAccelerator_ReportsNttWithAndWithoutSharedStagesAndTheOtherFigures()
    {
        using IlgpuBackend backend = IlgpuBackend.CreateCpu();
        var figures = new List<BenchResult>();
        GpuBench.Run(backend, logSize: 4, repeats: 1, figures.Add);
        string[] names = [.. figures.Select(f => f.Name)];
        foreach (string expected in new[] { "ntt.upload", "ntt.kernel", "ntt.kernel.per_stage", "ntt.download", "merkle.kernel.8cols" })
            Assert.Contains(expected, names);
        Assert.All(figures, f => Assert.True(double.IsFinite(f.Value) && f.Value >= 0, $"{f.Name}: {f.Value}"));
        Assert.All(figures, f => Assert.Equal(4, f.LogSize));
        Assert.All(figures, f => Assert.Equal("gpu", f.Suite));
    }
}
