using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using Zetina.Gpu.Backend;

namespace Zetina.Gpu.Kernels;

/// <summary>
/// <see cref="IGpuBackend"/> on an ILGPU accelerator: the kernels' C# sources run through ILGPU's JIT.
/// Used by the tests on ILGPU's CPU accelerator and by JIT-hosted tools; never by the native-AOT node
/// (ILGPU's <see cref="Context"/> needs Reflection.Emit).
/// </summary>
public sealed class IlgpuBackend : IGpuBackend
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int, int, int>?[] _loaded =
        new Action<AcceleratorStream, Index1D, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int, int, int>?[GpuKernels.All.Length];
    private readonly Action<KernelConfig, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int, int, int>?[] _loadedGrouped =
        new Action<KernelConfig, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int, int, int>?[GpuKernels.All.Length];
    private readonly MemoryBuffer1D<uint, Stride1D.Dense> _empty;

    private IlgpuBackend(Context context, Accelerator accelerator)
    {
        _context = context;
        _accelerator = accelerator;
        _empty = accelerator.Allocate1D<uint>(1);
    }

    /// <summary>
    /// A backend on ILGPU's CPU accelerator, simulating <paramref name="threadsPerWarp"/>-wide warps in
    /// <paramref name="warpsPerGroup"/>-warp groups on this machine's cores.
    /// </summary>
    public static IlgpuBackend CreateCpu(int threadsPerWarp = 4, int warpsPerGroup = 4)
    {
        Context context = Context.Create(b => b.CPU(new CPUDevice(threadsPerWarp, warpsPerGroup, 1)).Optimize(OptimizationLevel.O1));
        try
        {
            return new IlgpuBackend(context, context.CreateCPUAccelerator(0));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public string DeviceName => _accelerator.Name;

    /// <inheritdoc/>
    public GpuBuffer Allocate(long length) => new IlgpuBuffer(_accelerator.Allocate1D<uint>(length));

    /// <inheritdoc/>
    public void Upload(ReadOnlySpan<uint> source, GpuBuffer destination, long offset = 0) =>
        View(destination).SubView(offset, source.Length).CopyFromCPU(source);

    /// <inheritdoc/>
    public void Download(GpuBuffer source, Span<uint> destination, long offset = 0)
    {
        _accelerator.Synchronize();
        View(source).SubView(offset, destination.Length).CopyToCPU(destination);
    }

    /// <inheritdoc/>
    public void Launch(GpuKernel kernel, int threads, in KernelArgs args)
    {
        if (GpuKernels.IsGrouped(kernel)) throw new ArgumentException($"{kernel} is a grouped kernel: use LaunchGroups", nameof(kernel));
        if (threads == 0) return;
        var launch = _loaded[(int)kernel] ??= _accelerator.LoadAutoGroupedKernel(KernelTable.Method(kernel));
        launch(_accelerator.DefaultStream, threads, ViewOrEmpty(args.A), ViewOrEmpty(args.B), ViewOrEmpty(args.C), args.P0, args.P1, args.P2);
    }

    /// <inheritdoc/>
    public int MaxGroupSize => _accelerator.MaxNumThreadsPerGroup;

    /// <inheritdoc/>
    public void LaunchGroups(GpuKernel kernel, int groups, int groupSize, int sharedWords, in KernelArgs args)
    {
        if (!GpuKernels.IsGrouped(kernel)) throw new ArgumentException($"{kernel} is not a grouped kernel: use Launch", nameof(kernel));
        if (groups == 0) return;
        if (groupSize < 1 || groupSize > MaxGroupSize)
            throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, $"group size must be in 1..{MaxGroupSize}");
        var launch = _loadedGrouped[(int)kernel] ??= _accelerator.LoadStreamKernel(KernelTable.GroupedMethod(kernel));  // on the default stream, like the flat kernels
        var config = new KernelConfig(groups, groupSize, SharedMemoryConfig.RequestDynamic<uint>(sharedWords));
        launch(config, ViewOrEmpty(args.A), ViewOrEmpty(args.B), ViewOrEmpty(args.C), args.P0, args.P1, args.P2);
    }

    /// <inheritdoc/>
    public void Synchronize() => _accelerator.Synchronize();

    /// <summary>Frees the accelerator and the context.</summary>
    public void Dispose()
    {
        _empty.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    private ArrayView<uint> ViewOrEmpty(GpuBuffer? b) => b is null ? _empty.View : View(b);

    private static ArrayView<uint> View(GpuBuffer b) => b is IlgpuBuffer ib
        ? ib.Memory.View
        : throw new ArgumentException("the buffer belongs to another backend", nameof(b));

    private sealed class IlgpuBuffer(MemoryBuffer1D<uint, Stride1D.Dense> memory) : GpuBuffer(memory.Length)
    {
        public MemoryBuffer1D<uint, Stride1D.Dense> Memory { get; } = memory;

        protected override void Dispose(bool disposing) => Memory.Dispose();
    }
}
