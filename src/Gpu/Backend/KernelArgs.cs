namespace Zetina.Gpu.Backend;

/// <summary>
/// The arguments of one kernel launch (see <see cref="GpuKernel"/> for what each kernel reads from them).
/// Unused buffers may be null; the backend then passes an empty view.
/// </summary>
public readonly record struct KernelArgs(GpuBuffer? A, GpuBuffer? B, GpuBuffer? C, int P0 = 0, int P1 = 0, int P2 = 0);
