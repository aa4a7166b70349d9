using Zetina.Gpu.Backend;
using Zetina.Gpu.Cuda;
using Zetina.Gpu.Kernels;

namespace Zetina.Gpu.Tests.Launcher;

/// <summary>
/// The AOT-safe CUDA launcher on a machine without a GPU (this one and CI): discovery fails cleanly with
/// one line, and the PTX it would load is embedded and is exactly what the ILGPU kernels compile to.
/// </summary>
public sealed class CudaLauncherTests
{
    [Fact]
    public void Probe_DriverLibraryAbsent_ReportsNoGpuFoundInOneLine()
    {
        CudaDevice d = CudaDevice.Probe(0, "/nonexistent/libcuda.so.1");
        Assert.False(d.Found);
        Assert.StartsWith("no GPU found (", d.Description);
        Assert.DoesNotContain('\n', d.Description);
    }

    [Fact]
    public void TryOpen_NoDriverOnThisMachine_ReturnsNullSoTheCallerUsesTheCpu()
    {
        if (File.Exists("/dev/nvidiactl"))
            Assert.Fail("this test expects a machine without an NVIDIA GPU (CI has none)");
        IGpuBackend? backend = GpuSelection.TryOpen(out string line);
        Assert.Null(backend);
        Assert.StartsWith("no GPU found (", line);
    }

    [Fact]
    public void EmbeddedPtx_EveryKernel_IsPresentAndNamesItsEntry()
    {
        foreach (GpuKernel k in GpuKernels.All)
        {
            string ptx = CudaBackend.Ptx(k);
            Assert.Contains(".target sm_70", ptx);
            Assert.Equal("Kernel_" + KernelTable.MethodOf(k).Name, CudaBackend.EntryName(ptx));
        }
    }

    [Fact]
    public void EmbeddedPtx_EveryKernel_HasTheParameterLayoutTheLauncherPacks()
    {
        // Flat kernels: count, three (pointer, length) views, three ints — what CudaBackend.Launch passes.
        // Grouped kernels: the views and ints only — what CudaBackend.LaunchGroups passes.
        foreach (GpuKernel k in GpuKernels.All)
        {
            string ptx = CudaBackend.Ptx(k);
            int open = ptx.IndexOf('(', ptx.IndexOf(".entry ", StringComparison.Ordinal));
            string[] parameters = ptx[(open + 1)..ptx.IndexOf(')', open)]
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            int first = GpuKernels.IsGrouped(k) ? 0 : 1;
            Assert.Equal(first + 6, parameters.Length);
            if (first == 1) Assert.StartsWith(".param .b32 ", parameters[0]);
            for (int v = first; v < first + 3; v++)
            {
                Assert.StartsWith(".param .align 8 .b8 ", parameters[v]);
                Assert.EndsWith("[16]", parameters[v]);
            }
            for (int p = first + 3; p < first + 6; p++) Assert.StartsWith(".param .b32 ", parameters[p]);
        }
    }

    [Fact]
    public void EmbeddedPtx_SharedStages_UsesDynamicSharedMemoryAndGroupBarriers()
    {
        // The tile lives in the launch's dynamic shared memory (CudaBackend.LaunchGroups sets its size) and
        // the stages are separated by bar.sync; the group and tile come from the block indices.
        string ptx = CudaBackend.Ptx(GpuKernel.NttSharedStages);
        Assert.Contains(".extern .shared", ptx);
        Assert.Contains("%dynamic_smem_size", ptx);
        Assert.Contains("bar.sync", ptx);
        Assert.Contains("%ctaid.x", ptx);
        Assert.Contains("%tid.x", ptx);
        Assert.True(GpuKernels.IsGrouped(GpuKernel.NttSharedStages));
    }

    [Fact]
    public void EmbeddedPtx_EveryKernel_EqualsFreshCompilationOfTheIlgpuSources()
    {
        // Fails when a kernel changed without rerunning scripts/gen-ptx.
        foreach (GpuKernel k in GpuKernels.All)
            Assert.True(PtxCompiler.Compile(k) == CudaBackend.Ptx(k), $"src/Gpu/Ptx/{GpuKernels.Name(k)}.ptx is stale: run scripts/gen-ptx");
    }

    [Fact]
    public void CompiledPtx_EveryKernel_UsesNoLocalMemory()
    {
        // The field and Keccak state must stay in registers; a spill to .local would cost an order of magnitude.
        foreach (GpuKernel k in GpuKernels.All)
            Assert.DoesNotContain(".local", CudaBackend.Ptx(k));
    }
}
