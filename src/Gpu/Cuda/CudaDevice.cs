using System.Runtime.InteropServices;

namespace Zetina.Gpu.Cuda;

/// <summary>
/// What <see cref="Probe"/> found: a usable CUDA device (name, compute capability, memory), or why there is
/// none, as one line for the user.
/// </summary>
public sealed record CudaDevice(bool Found, string Description, int Ordinal = -1, string Name = "",
    int ComputeMajor = 0, int ComputeMinor = 0, long TotalMemory = 0, int DriverVersion = 0)
{
    /// <summary>
    /// Looks for CUDA device 0 (or <paramref name="ordinal"/>) without creating a context: loads the driver
    /// library, cuInit, cuDeviceGetCount, cuDeviceGet. Never throws; a machine without the NVIDIA driver gets
    /// <c>Found = false</c> and "no GPU found (libcuda.so.1 is not installed)".
    /// </summary>
    /// <param name="ordinal">The device to describe.</param>
    /// <param name="library">The driver library to load (tests point it at a path that does not exist).</param>
    public static unsafe CudaDevice Probe(int ordinal = 0, string library = CudaDriver.Library)
    {
        if (!NativeLibrary.TryLoad(library, out nint handle))
            return NotFound($"{Path.GetFileName(library)} is not installed");
        NativeLibrary.Free(handle);
        if (library != CudaDriver.Library)
            return NotFound($"only {CudaDriver.Library} can be bound");
        try
        {
            int r = CudaDriver.Init(0);
            if (r != 0) return NotFound($"cuInit: {CudaException.NameOf(r)}");
            CudaDriver.DriverGetVersion(out int driver);
            r = CudaDriver.DeviceGetCount(out int count);
            if (r != 0) return NotFound($"cuDeviceGetCount: {CudaException.NameOf(r)}");
            if (count <= ordinal) return NotFound(count == 0 ? "the driver reports no CUDA device" : $"device {ordinal} asked for, {count} present");
            CudaException.Check(CudaDriver.DeviceGet(out int device, ordinal), "cuDeviceGet");
            byte* name = stackalloc byte[256];
            CudaException.Check(CudaDriver.DeviceGetName(name, 256, device), "cuDeviceGetName");
            string deviceName = Marshal.PtrToStringUTF8((nint)name) ?? "CUDA device";
            CudaDriver.DeviceGetAttribute(out int major, CudaDriver.AttributeComputeCapabilityMajor, device);
            CudaDriver.DeviceGetAttribute(out int minor, CudaDriver.AttributeComputeCapabilityMinor, device);
            CudaDriver.DeviceTotalMem(out nuint memory, device);
            return new CudaDevice(true, $"{deviceName} (sm_{major}{minor}, {(long)memory >> 20} MiB, driver {driver / 1000}.{driver % 1000 / 10})",
                device, deviceName, major, minor, (long)memory, driver);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CudaException)
        {
            return NotFound(e.Message);
        }
    }

    private static CudaDevice NotFound(string why) => new(false, $"no GPU found ({why})");
}
