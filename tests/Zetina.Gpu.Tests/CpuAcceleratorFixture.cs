using Zetina.Gpu.Kernels;

namespace Zetina.Gpu.Tests;

/// <summary>One ILGPU CPU accelerator shared by every kernel test (creating one costs about a second).</summary>
public sealed class CpuAcceleratorFixture : IDisposable
{
    public IlgpuBackend Backend { get; } = IlgpuBackend.CreateCpu();

    public void Dispose() => Backend.Dispose();
}

/// <summary>Kernel tests share the accelerator, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class CpuAcceleratorCollection : ICollectionFixture<CpuAcceleratorFixture>
{
    public const string Name = "CPU accelerator";
}
