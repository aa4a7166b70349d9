namespace Zetina.Gpu.Tests.Launcher;

/// <summary>The prover's backend choice on a machine without a GPU.</summary>
public sealed class GpuProverBackendsTests
{
    [Fact]
    public void Create_NoGpu_FallsBackToTheCpuBackendsWithTheNoGpuLine()
    {
        if (File.Exists("/dev/nvidiactl")) Assert.Fail("this test expects a machine without an NVIDIA GPU (CI has none)");
        using var backends = Zetina.Gpu.Prover.GpuProverBackends.Create(maxThreads: 1);
        Assert.False(backends.OnGpu);
        Assert.StartsWith("no GPU found (", backends.Line);
        Assert.IsType<Zetina.Stark.Ntt.CpuLdeBackend>(backends.Backends.Lde);
        Assert.IsType<Zetina.Stark.Merkle.CpuVectorCommitmentBackend>(backends.Backends.Commitments);
    }
}
