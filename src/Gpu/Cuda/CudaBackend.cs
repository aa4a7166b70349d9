using Zetina.Gpu.Backend;

namespace Zetina.Gpu.Cuda;

/// <summary>
/// <see cref="IGpuBackend"/> through the CUDA driver API: the kernels' PTX (compiled ahead of time from the
/// ILGPU sources by <c>tools/PtxGen</c>, embedded in this assembly) is loaded with cuModuleLoadData and
/// launched with cuLaunchKernel. No ILGPU at run time, so it works in the native-AOT node.
/// </summary>
/// <remarks>
/// Kernel parameters follow the PTX entry ILGPU generates for an implicitly grouped kernel (see
/// <c>src/Gpu/Ptx/*.ptx</c>): <c>.b32</c> thread count; three views, each <c>.align 8 .b8[16]</c> =
/// (device pointer, element count as s64); three <c>.b32</c> integers. Blocks of
/// <see cref="BlockSize"/> threads; threads past the count return at once. Grouped kernels
/// (<see cref="GpuKernels.IsGrouped"/>, explicitly grouped in ILGPU) take the views and integers only and are
/// launched with the caller's grid, block and dynamic shared memory sizes (<see cref="LaunchGroups"/>). All launches go to the legacy
/// default stream, so they run in order and the blocking copies wait for them.
/// Not verified on a GPU in this repository's CI (there is none): see docs/gpu.md.
/// </remarks>
public sealed unsafe class CudaBackend : IGpuBackend
{
    /// <summary>Threads per block.</summary>
    public const int BlockSize = 256;

    /// <summary>Dynamic shared memory a launch may ask for without opting in per function: 48 KiB in words.</summary>
    public const int MaxDynamicSharedWords = 48 * 1024 / 4;

    private readonly nint _context;
    private readonly nint[] _modules = new nint[GpuKernels.All.Length];
    private readonly nint[] _functions = new nint[GpuKernels.All.Length];
    private bool _disposed;

    private CudaBackend(CudaDevice device, nint context)
    {
        Device = device;
        _context = context;
    }

    /// <summary>The device this backend runs on.</summary>
    public CudaDevice Device { get; }

    /// <inheritdoc/>
    public string DeviceName => Device.Name;

    /// <summary>
    /// Opens a context on the device <paramref name="device"/> describes (which must be found) and loads every
    /// kernel module, so that a PTX the driver rejects fails here and not in the middle of a proof.
    /// </summary>
    public static CudaBackend Open(CudaDevice device)
    {
        if (!device.Found) throw new InvalidOperationException(device.Description);
        CudaException.Check(CudaDriver.CtxCreate(out nint context, 0, device.Ordinal), "cuCtxCreate");
        var backend = new CudaBackend(device, context);
        try
        {
            foreach (GpuKernel k in GpuKernels.All) backend.Function(k);
            return backend;
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    /// <summary>The PTX text of <paramref name="kernel"/> embedded in this assembly.</summary>
    public static string Ptx(GpuKernel kernel)
    {
        string name = $"Zetina.Gpu.Ptx.{GpuKernels.Name(kernel)}.ptx";
        using Stream s = typeof(CudaBackend).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"PTX resource {name} is missing from {typeof(CudaBackend).Assembly.GetName().Name}");
        using var reader = new StreamReader(s);
        return reader.ReadToEnd();
    }

    /// <summary>The name after <c>.entry</c> in a PTX module (ILGPU names it <c>Kernel_</c> + the C# method).</summary>
    public static string EntryName(string ptx)
    {
        int at = ptx.IndexOf(".entry ", StringComparison.Ordinal);
        if (at < 0) throw new FormatException("PTX has no .entry");
        int start = at + ".entry ".Length;
        int end = ptx.IndexOfAny(['(', ' ', '\n', '\r'], start);
        return ptx[start..end].Trim();
    }

    /// <inheritdoc/>
    public GpuBuffer Allocate(long length)
    {
        MakeCurrent();
        CudaException.Check(CudaDriver.MemAlloc(out ulong ptr, (nuint)(Math.Max(length, 1) * 4)), "cuMemAlloc");
        return new CudaBuffer(this, ptr, length);
    }

    /// <inheritdoc/>
    public void Upload(ReadOnlySpan<uint> source, GpuBuffer destination, long offset = 0)
    {
        CudaBuffer d = Own(destination);
        if (offset < 0 || offset + source.Length > d.Length)
            throw new ArgumentException($"words {offset}..{offset + source.Length} do not fit a buffer of {d.Length}", nameof(source));
        MakeCurrent();
        fixed (uint* p = source) CudaException.Check(CudaDriver.MemcpyHtoD(d.Pointer + (ulong)offset * 4, p, (nuint)source.Length * 4), "cuMemcpyHtoD");
    }

    /// <inheritdoc/>
    public void Download(GpuBuffer source, Span<uint> destination, long offset = 0)
    {
        CudaBuffer s = Own(source);
        if (offset < 0 || offset + destination.Length > s.Length)
            throw new ArgumentException($"words {offset}..{offset + destination.Length} asked from a buffer of {s.Length}", nameof(destination));
        MakeCurrent();
        fixed (uint* p = destination) CudaException.Check(CudaDriver.MemcpyDtoH(p, s.Pointer + (ulong)offset * 4, (nuint)destination.Length * 4), "cuMemcpyDtoH");
    }

    /// <inheritdoc/>
    public void Launch(GpuKernel kernel, int threads, in KernelArgs args)
    {
        if (GpuKernels.IsGrouped(kernel)) throw new ArgumentException($"{kernel} is a grouped kernel: use LaunchGroups", nameof(kernel));
        if (threads == 0) return;
        MakeCurrent();
        nint f = Function(kernel);
        int count = threads;
        View a = ViewOf(args.A), b = ViewOf(args.B), c = ViewOf(args.C);
        int p0 = args.P0, p1 = args.P1, p2 = args.P2;
        void** parameters = stackalloc void*[7];
        parameters[0] = &count;
        parameters[1] = &a;
        parameters[2] = &b;
        parameters[3] = &c;
        parameters[4] = &p0;
        parameters[5] = &p1;
        parameters[6] = &p2;
        uint blocks = (uint)((threads + BlockSize - 1) / BlockSize);
        CudaException.Check(CudaDriver.LaunchKernel(f, blocks, 1, 1, BlockSize, 1, 1, 0, 0, parameters, null), $"cuLaunchKernel({GpuKernels.Name(kernel)})");
    }

    /// <inheritdoc/>
    /// <remarks>1024, every CUDA GPU's block limit since compute capability 2.0 (the PTX targets sm_70).</remarks>
    public int MaxGroupSize => 1024;

    /// <inheritdoc/>
    /// <remarks>
    /// An explicitly grouped kernel's PTX entry takes the three views and three ints only (no thread count);
    /// grid = <paramref name="groups"/> blocks of <paramref name="groupSize"/> threads, sharedMemBytes =
    /// 4 · <paramref name="sharedWords"/>. Over 48 KiB of dynamic shared memory would need
    /// cuFuncSetAttribute (MAX_DYNAMIC_SHARED_SIZE_BYTES) first; the NTT tiles use 18 KiB.
    /// </remarks>
    public void LaunchGroups(GpuKernel kernel, int groups, int groupSize, int sharedWords, in KernelArgs args)
    {
        if (!GpuKernels.IsGrouped(kernel)) throw new ArgumentException($"{kernel} is not a grouped kernel: use Launch", nameof(kernel));
        if (groups == 0) return;
        if (groupSize < 1 || groupSize > MaxGroupSize)
            throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, $"group size must be in 1..{MaxGroupSize}");
        if (sharedWords < 0 || sharedWords > MaxDynamicSharedWords)
            throw new ArgumentOutOfRangeException(nameof(sharedWords), sharedWords, $"dynamic shared memory must be in 0..{MaxDynamicSharedWords} words");
        MakeCurrent();
        nint f = Function(kernel);
        View a = ViewOf(args.A), b = ViewOf(args.B), c = ViewOf(args.C);
        int p0 = args.P0, p1 = args.P1, p2 = args.P2;
        void** parameters = stackalloc void*[6];
        parameters[0] = &a;
        parameters[1] = &b;
        parameters[2] = &c;
        parameters[3] = &p0;
        parameters[4] = &p1;
        parameters[5] = &p2;
        CudaException.Check(CudaDriver.LaunchKernel(f, (uint)groups, 1, 1, (uint)groupSize, 1, 1, (uint)sharedWords * 4, 0, parameters, null),
            $"cuLaunchKernel({GpuKernels.Name(kernel)})");
    }

    /// <inheritdoc/>
    public void Synchronize()
    {
        MakeCurrent();
        CudaException.Check(CudaDriver.CtxSynchronize(), "cuCtxSynchronize");
    }

    /// <summary>Unloads the modules and destroys the context (buffers still alive become invalid).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CudaDriver.CtxSetCurrent(_context);
        foreach (nint m in _modules) if (m != 0) CudaDriver.ModuleUnload(m);
        CudaDriver.CtxDestroy(_context);
    }

    private void MakeCurrent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CudaException.Check(CudaDriver.CtxSetCurrent(_context), "cuCtxSetCurrent");
    }

    private nint Function(GpuKernel kernel)
    {
        int k = (int)kernel;
        if (_functions[k] != 0) return _functions[k];
        string ptx = Ptx(kernel);
        byte[] image = new byte[System.Text.Encoding.UTF8.GetByteCount(ptx) + 1];  // NUL-terminated
        System.Text.Encoding.UTF8.GetBytes(ptx, image);
        byte[] entry = System.Text.Encoding.UTF8.GetBytes(EntryName(ptx) + "\0");
        MakeCurrent();
        fixed (byte* pi = image)
            CudaException.Check(CudaDriver.ModuleLoadData(out _modules[k], pi), $"cuModuleLoadData({GpuKernels.Name(kernel)})");
        fixed (byte* pe = entry)
            CudaException.Check(CudaDriver.ModuleGetFunction(out _functions[k], _modules[k], pe), $"cuModuleGetFunction({EntryName(ptx)})");
        return _functions[k];
    }

    private CudaBuffer Own(GpuBuffer b) => b is CudaBuffer cb && cb.Owner == this
        ? cb
        : throw new ArgumentException("the buffer belongs to another backend", nameof(b));

    private View ViewOf(GpuBuffer? b) => b is null ? default : new View(Own(b).Pointer, Own(b).Length);

    /// <summary>ILGPU's view parameter: (pointer, length), 16 bytes, 8-aligned.</summary>
    private readonly struct View(ulong pointer, long length)
    {
        public readonly ulong Pointer = pointer;
        public readonly long Length = length;
    }

    private sealed class CudaBuffer(CudaBackend owner, ulong pointer, long length) : GpuBuffer(length)
    {
        public CudaBackend Owner { get; } = owner;
        public ulong Pointer { get; private set; } = pointer;

        protected override void Dispose(bool disposing)
        {
            if (Pointer == 0 || Owner._disposed) return;
            CudaDriver.CtxSetCurrent(Owner._context);
            CudaDriver.MemFree(Pointer);
            Pointer = 0;
        }
    }
}
