using Zetina.Gpu.Prover;
using Zetina.Stark.Merkle;
using Zetina.Stark.Ntt;
using Zetina.Stark.Tests.Conformance;

namespace Zetina.Gpu.Tests.Pipelines;

/// <summary>The STARK engine's <see cref="LdeBackendConformance"/> suite on the GPU LDE backend (CPU accelerator).</summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class GpuLdeBackendConformance(CpuAcceleratorFixture fixture) : LdeBackendConformance, IDisposable
{
    private readonly GpuLdeBackend _backend = new(fixture.Backend);

    protected override ILdeBackend CreateBackend() => _backend;

    public void Dispose() => _backend.Dispose();
}

/// <summary>The STARK engine's <see cref="VectorCommitmentConformance"/> suite on the GPU commitment backend.</summary>
[Collection(CpuAcceleratorCollection.Name)]
public sealed class GpuVectorCommitmentConformance(CpuAcceleratorFixture fixture) : VectorCommitmentConformance, IDisposable
{
    private readonly GpuVectorCommitmentBackend _backend = new(fixture.Backend, new CpuVectorCommitmentBackend(1));

    protected override IVectorCommitmentBackend CreateBackend() => _backend;

    public void Dispose() => _backend.Dispose();
}
