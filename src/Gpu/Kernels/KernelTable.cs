using ILGPU;
using Zetina.Gpu.Backend;
using Zetina.Gpu.Kernels.Field;
using Zetina.Gpu.Kernels.Hashing;
using Zetina.Gpu.Kernels.Ntt;

namespace Zetina.Gpu.Kernels;

/// <summary>The C# kernel method of each <see cref="GpuKernel"/>; all share one signature.</summary>
public static class KernelTable
{
    /// <summary>The kernel method (a static method with the shared signature) implementing <paramref name="kernel"/>.</summary>
    public static Action<Index1D, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int, int, int> Method(GpuKernel kernel) => kernel switch
    {
        GpuKernel.FeltElementwise => FieldKernels.Elementwise,
        GpuKernel.FeltScale => FieldKernels.Scale,
        GpuKernel.NttBitReverse => NttKernels.BitReverse,
        GpuKernel.NttButterfly => NttKernels.Butterfly,
        GpuKernel.LdeExtend => NttKernels.Extend,
        GpuKernel.KeccakRows => KeccakKernels.Rows,
        GpuKernel.KeccakLayer => KeccakKernels.Layer,
        GpuKernel.PoseidonRows => PoseidonKernels.Rows,
        GpuKernel.PoseidonLayer => PoseidonKernels.Layer,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "unknown kernel"),
    };
}
