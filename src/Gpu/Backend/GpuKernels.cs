namespace Zetina.Gpu.Backend;

/// <summary>Names of the kernels' compiled modules, shared by the PTX generator and the CUDA launcher.</summary>
public static class GpuKernels
{
    /// <summary>Every kernel, in declaration order.</summary>
    public static readonly GpuKernel[] All =
    [
        GpuKernel.FeltElementwise, GpuKernel.NttBitReverse, GpuKernel.NttButterfly, GpuKernel.FeltScale,
        GpuKernel.LdeExtend, GpuKernel.GatherColumns, GpuKernel.KeccakRows, GpuKernel.KeccakLayer, GpuKernel.PoseidonRows, GpuKernel.PoseidonLayer,
        GpuKernel.NttSharedStages,
    ];

    /// <summary>
    /// 32-bit words of dynamic shared memory per tile element of <see cref="GpuKernel.NttSharedStages"/>: the
    /// eight limbs and one word of padding (an odd stride spreads a limb of consecutive elements over all banks).
    /// </summary>
    public const int SharedWordsPerElement = 9;

    /// <summary>
    /// True for the explicitly grouped kernels, launched with <see cref="IGpuBackend.LaunchGroups"/>: their
    /// threads cooperate through shared memory and group barriers, so the group size is part of what they
    /// compute. The others are launched with <see cref="IGpuBackend.Launch"/> on a flat thread count.
    /// </summary>
    public static bool IsGrouped(GpuKernel kernel) => kernel == GpuKernel.NttSharedStages;

    /// <summary>The kernel's file name stem (<c>Ptx/NAME.ptx</c>), lower-case with underscores.</summary>
    public static string Name(GpuKernel kernel) => kernel switch
    {
        GpuKernel.FeltElementwise => "felt_elementwise",
        GpuKernel.NttBitReverse => "ntt_bit_reverse",
        GpuKernel.NttButterfly => "ntt_butterfly",
        GpuKernel.FeltScale => "felt_scale",
        GpuKernel.LdeExtend => "lde_extend",
        GpuKernel.GatherColumns => "gather_columns",
        GpuKernel.KeccakRows => "keccak_rows",
        GpuKernel.KeccakLayer => "keccak_layer",
        GpuKernel.PoseidonRows => "poseidon_rows",
        GpuKernel.PoseidonLayer => "poseidon_layer",
        GpuKernel.NttSharedStages => "ntt_shared_stages",
        _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "unknown kernel"),
    };
}
