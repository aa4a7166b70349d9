namespace Zetina.Gpu.Backend;

/// <summary>
/// A device that runs the <see cref="GpuKernel"/>s: ILGPU's accelerators (tests, JIT tools) or the CUDA
/// driver API with the kernels' precompiled PTX (the native-AOT node). The NTT, LDE and Merkle pipelines
/// (<see cref="Zetina.Gpu.Ntt.GpuNtt"/>, <see cref="Zetina.Gpu.Merkle.GpuMerkle"/>) are written once
/// against this interface.
/// </summary>
/// <remarks>
/// Launches are queued in order on one stream; <see cref="Download"/> waits for them. A backend is used by
/// one thread at a time.
/// </remarks>
public interface IGpuBackend : IDisposable
{
    /// <summary>A human-readable device name ("NVIDIA H100 80GB HBM3", "CPU accelerator").</summary>
    string DeviceName { get; }

    /// <summary>Allocates <paramref name="length"/> words of device memory (contents unspecified).</summary>
    GpuBuffer Allocate(long length);

    /// <summary>Copies <paramref name="source"/> into <paramref name="destination"/> from word <paramref name="offset"/> on.</summary>
    void Upload(ReadOnlySpan<uint> source, GpuBuffer destination, long offset = 0);

    /// <summary>
    /// Waits for queued launches, then copies words <paramref name="offset"/> … offset + destination.Length − 1
    /// of <paramref name="source"/> into <paramref name="destination"/>.
    /// </summary>
    void Download(GpuBuffer source, Span<uint> destination, long offset = 0);

    /// <summary>
    /// Queues <paramref name="kernel"/> (not a grouped one) on <paramref name="threads"/> threads (nothing when zero).
    /// </summary>
    void Launch(GpuKernel kernel, int threads, in KernelArgs args);

    /// <summary>The most threads one group of a grouped kernel may have on this device.</summary>
    int MaxGroupSize { get; }

    /// <summary>
    /// Queues a grouped kernel (<see cref="GpuKernels.IsGrouped"/>) on <paramref name="groups"/> groups of
    /// <paramref name="groupSize"/> threads (≤ <see cref="MaxGroupSize"/>), each with
    /// <paramref name="sharedWords"/> 32-bit words of dynamic shared memory (nothing when groups is zero).
    /// </summary>
    void LaunchGroups(GpuKernel kernel, int groups, int groupSize, int sharedWords, in KernelArgs args);

    /// <summary>Waits until every queued launch has finished.</summary>
    void Synchronize();
}
