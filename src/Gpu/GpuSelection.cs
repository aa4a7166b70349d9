using Zetina.Gpu.Backend;
using Zetina.Gpu.Cuda;

namespace Zetina.Gpu;

/// <summary>
/// Picks the device the node proves on: a CUDA GPU when the driver finds one and its context and kernels
/// load, otherwise none, with one line saying why, so that the caller runs the CPU path.
/// </summary>
public static class GpuSelection
{
    /// <summary>
    /// Opens the first CUDA device. Returns null and sets <paramref name="line"/> to "no GPU found (…)" when
    /// there is none, or to "GPU unusable (…)" when one was found but its context or PTX failed to load; never
    /// throws for a missing or broken driver.
    /// </summary>
    public static IGpuBackend? TryOpen(out string line, string library = CudaDriver.Library)
    {
        CudaDevice device = CudaDevice.Probe(0, library);
        if (!device.Found)
        {
            line = device.Description;
            return null;
        }
        try
        {
            CudaBackend backend = CudaBackend.Open(device);
            line = $"GPU: {device.Description}";
            return backend;
        }
        catch (CudaException e)
        {
            line = $"GPU unusable ({device.Name}: {e.Message}); using the CPU";
            return null;
        }
    }
}
