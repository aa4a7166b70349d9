using System.Reflection;
using System.Text.RegularExpressions;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Zetina.Gpu.Backend;

namespace Zetina.Gpu.Kernels;

/// <summary>
/// Compiles the kernels to PTX with ILGPU's PTX backend alone: no CUDA accelerator, no driver, no GPU.
/// The output is what <c>src/Gpu/Ptx</c> holds and the native node loads through the CUDA driver API.
/// </summary>
/// <remarks>
/// Target: <see cref="Architecture"/> and <see cref="InstructionSet"/> (PTX ISA 7.0 for sm_70): the driver
/// JIT-compiles PTX for any newer GPU (Volta and later, Hopper included). Flat kernels are implicitly
/// grouped: the entry's first parameter is the thread count, and threads at or past it return at once.
/// Grouped kernels (<see cref="GpuKernels.IsGrouped"/>) are explicitly grouped: the entry takes the kernel's
/// parameters only, and the launch's grid and block dimensions are the groups and the group size.
/// </remarks>
public static partial class PtxCompiler
{
    /// <summary>The GPU architecture the PTX targets (its <c>.target</c>).</summary>
    public static readonly CudaArchitecture Architecture = CudaArchitecture.SM_70;

    /// <summary>The PTX ISA version of the output (its <c>.version</c>).</summary>
    public static readonly CudaInstructionSet InstructionSet = CudaInstructionSet.ISA_70;

    /// <summary>The PTX assembly of <paramref name="kernel"/>.</summary>
    public static string Compile(GpuKernel kernel)
    {
        MethodInfo method = KernelTable.MethodOf(kernel);
        using Context context = Context.Create(b => b.Optimize(OptimizationLevel.O2));
        using var backend = new PTXBackend(context, new CudaCapabilityContext(Architecture), Architecture, InstructionSet, null);
        EntryPointDescription entry = GpuKernels.IsGrouped(kernel)
            ? EntryPointDescription.FromExplicitlyGroupedKernel(method)
            : EntryPointDescription.FromImplicitlyGroupedKernel(method);
        CompiledKernel compiled = backend.Compile(entry, default(KernelSpecialization));
        return Canonical(((PTXCompiledKernel)compiled).PTXAssembly);
    }

    /// <summary>
    /// Renumbers ILGPU's generated names (<c>L_90480</c>, <c>_data_9346</c>), which come from a process-wide
    /// counter, in order of first appearance, so the same kernel always compiles to the same text.
    /// </summary>
    public static string Canonical(string ptx)
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        return GeneratedName().Replace(ptx, m =>
        {
            if (!names.TryGetValue(m.Value, out int n)) names[m.Value] = n = names.Count;
            return $"{m.Groups[1].Value}_{n}";
        });
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9_.$%])(L|_[A-Za-z0-9]+)_(\d+)(?![A-Za-z0-9_])")]
    private static partial Regex GeneratedName();
}
