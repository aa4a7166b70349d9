namespace Zetina.Gpu.Backend;

/// <summary>Names of the kernels' compiled modules, shared by the PTX generator and the CUDA launcher.</summary>
public static class GpuKernels
{
    /// <summary>Every kernel, in declaration order.</summary>
    public static readonly GpuKernel[] All =
    [
        GpuKernel.FeltElementwise, GpuKernel.NttBitReverse, GpuKernel.NttButterfly, GpuKernel.FeltScale,
        GpuKernel.LdeExtend, GpuKernel.KeccakRows, GpuKernel.KeccakLayer, GpuKernel.PoseidonRows, GpuKernel.PoseidonLayer,
    ];

    /// <summary>The kernel's file name stem (<c>Ptx/NAME.ptx</c>), lower-case with underscores.</summary>
    public static string Name(GpuKernel kernel) => kernel switch
    {
        GpuKernel.FeltElementwise => "felt_elementwise",
        GpuKernel.NttBitReverse => "ntt_bit_reverse",
        GpuKernel.NttButterfly => "ntt_butterfly",
        GpuKernel.FeltScale => "felt_scale",
        GpuKernel.LdeExtend => "lde_extend",
        GpuKernel.KeccakRows => "keccak_rows",
        GpuKernel.KeccakLayer => "keccak_layer",
        GpuKernel.PoseidonRows => "poseidon_rows",
        GpuKernel.PoseidonLayer => "poseidon_layer",
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "unknown kernel"),
    };
}
