using System.Reflection;
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
/// JIT-compiles PTX for any newer GPU (Volta and later, Hopper included). Kernels are implicitly grouped:
/// the entry's first parameter is the thread count, and threads at or past it return at once.
/// </remarks>
public static class PtxCompiler
{
    /// <summary>The GPU architecture the PTX targets (its <c>.target</c>).</summary>
    public static readonly CudaArchitecture Architecture = CudaArchitecture.SM_70;

    /// <summary>The PTX ISA version of the output (its <c>.version</c>).</summary>
    public static readonly CudaInstructionSet InstructionSet = CudaInstructionSet.ISA_70;

    /// <summary>The PTX assembly of <paramref name="kernel"/>.</summary>
    public static string Compile(GpuKernel kernel)
    {
        MethodInfo method = KernelTable.Method(kernel).Method;
        using Context context = Context.Create(b => b.Optimize(OptimizationLevel.O2));
        using var backend = new PTXBackend(context, new CudaCapabilityContext(Architecture), Architecture, InstructionSet, null);
        EntryPointDescription entry = EntryPointDescription.FromImplicitlyGroupedKernel(method);
        CompiledKernel compiled = backend.Compile(entry, default(KernelSpecialization));
        return ((PTXCompiledKernel)compiled).PTXAssembly;
    }

    /// <summary>The name of the PTX entry point of a compiled kernel (its <c>.entry</c>).</summary>
    public static string EntryName(string ptx)
    {
        int at = ptx.IndexOf(".entry ", StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException("PTX has no .entry");
        int start = at + ".entry ".Length;
        int end = ptx.IndexOfAny(['(', ' ', '\n'], start);
        return ptx[start..end];
    }
}
