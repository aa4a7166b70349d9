using Zetina.Gpu.Backend;

namespace Zetina.Gpu.Tests.Reference;

/// <summary>An <see cref="IGpuBackend"/> that forwards to another and counts the launches of each kernel.</summary>
internal sealed class CountingBackend(IGpuBackend inner) : IGpuBackend
{
    private readonly int[] _launches = new int[GpuKernels.All.Length];

    /// <summary>How many times <paramref name="kernel"/> was launched (flat or grouped).</summary>
    public int Launches(GpuKernel kernel) => _launches[(int)kernel];

    public string DeviceName => inner.DeviceName;

    public int MaxGroupSize => inner.MaxGroupSize;

    public GpuBuffer Allocate(long length) => inner.Allocate(length);

    public void Upload(ReadOnlySpan<uint> source, GpuBuffer destination, long offset = 0) => inner.Upload(source, destination, offset);

    public void Download(GpuBuffer source, Span<uint> destination, long offset = 0) => inner.Download(source, destination, offset);

    public void Launch(GpuKernel kernel, int threads, in KernelArgs args)
    {
        _launches[(int)kernel]++;
        inner.Launch(kernel, threads, args);
    }

    public void LaunchGroups(GpuKernel kernel, int groups, int groupSize, int sharedWords, in KernelArgs args)
    {
        _launches[(int)kernel]++;
        inner.LaunchGroups(kernel, groups, groupSize, sharedWords, args);
    }

    public void Synchronize() => inner.Synchronize();

    /// <summary>Leaves the inner backend to its owner.</summary>
    public void Dispose()
    {
    }
}
