using System.Reflection;
using ILGPU;
using Zetina.Gpu.Backend;
using Zetina.Gpu.Kernels.Field;
using Zetina.Gpu.Kernels.Hashing;
using Zetina.Gpu.Kernels.Ntt;

namespace Zetina.Gpu.Kernels;

/// <summary>
/// The C# kernel method of each <see cref="GpuKernel"/>. All take the same buffers and integers; the flat
/// kernels take a thread index first (implicitly grouped), the grouped ones (<see cref="GpuKernels.IsGrouped"/>)
/// read their group and thread indices from <see cref="Grid"/> and <see cref="Group"/> (explicitly grouped).
/// </summary>
public static class KernelTable
{
    /// <summary>The method implementing <paramref name="kernel"/>, flat or grouped.</summary>
    public static MethodInfo MethodOf(GpuKernel kernel) =>
        GpuKernels.IsGrouped(kernel) ? GroupedMethod(kernel).Method : Method(kernel).Method;

    /// <summary>The explicitly grouped kernel method implementing a grouped <paramref name="kernel"/>.</summary>
    public static Action<ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int, int, int> GroupedMethod(GpuKernel kernel) => kernel switch
    {
        GpuKernel.NttSharedStages => NttKernels.SharedStages,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "not a grouped kernel"),
    };

    /// <summary>The implicitly grouped kernel method (thread index first) implementing a flat <paramref name="kernel"/>.</summary>
    public static Action<Index1D, ArrayView<uint>, ArrayView<uint>, ArrayView<uint>, int, int, int> Method(GpuKernel kernel) => kernel switch
    {
        GpuKernel.FeltElementwise => FieldKernels.Elementwise,
        GpuKernel.FeltScale => FieldKernels.Scale,
        GpuKernel.NttBitReverse => NttKernels.BitReverse,
        GpuKernel.NttButterfly => NttKernels.Butterfly,
        GpuKernel.LdeExtend => NttKernels.Extend,
        GpuKernel.GatherColumns => NttKernels.Gather,
        GpuKernel.KeccakRows => KeccakKernels.Rows,
        GpuKernel.KeccakLayer => KeccakKernels.Layer,
        GpuKernel.PoseidonRows => PoseidonKernels.Rows,
        GpuKernel.PoseidonLayer => PoseidonKernels.Layer,
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "unknown kernel"),
    };
}
