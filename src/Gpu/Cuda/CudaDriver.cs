using System.Runtime.InteropServices;

namespace Zetina.Gpu.Cuda;

/// <summary>
/// The few CUDA driver API entry points the launcher needs (CUDA Driver API reference, "Modules",
/// "Memory Management", "Execution Control"), bound with source-generated <see cref="LibraryImportAttribute"/>
/// so that they work in the native-AOT node. Every function returns a CUresult (0 = CUDA_SUCCESS).
/// </summary>
/// <remarks>
/// The library is the driver's soname, <c>libcuda.so.1</c>, which the NVIDIA driver installs (the
/// unversioned <c>libcuda.so</c> only comes with the CUDA toolkit). Functions with a <c>_v2</c> suffix are
/// the 64-bit versions the CUDA headers map the plain names to. Nothing here is called before
/// <see cref="CudaDevice.Probe"/> has loaded the library, so a machine without the driver never sees a
/// <see cref="DllNotFoundException"/>.
/// </remarks>
internal static unsafe partial class CudaDriver
{
    /// <summary>The NVIDIA driver library's soname.</summary>
    public const string Library = "libcuda.so.1";

    /// <summary>CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR.</summary>
    public const int AttributeComputeCapabilityMajor = 75;

    /// <summary>CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR.</summary>
    public const int AttributeComputeCapabilityMinor = 76;

    /// <summary>CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT.</summary>
    public const int AttributeMultiprocessorCount = 16;

    [LibraryImport(Library, EntryPoint = "cuInit")]
    public static partial int Init(uint flags);

    [LibraryImport(Library, EntryPoint = "cuDriverGetVersion")]
    public static partial int DriverGetVersion(out int version);

    [LibraryImport(Library, EntryPoint = "cuDeviceGetCount")]
    public static partial int DeviceGetCount(out int count);

    [LibraryImport(Library, EntryPoint = "cuDeviceGet")]
    public static partial int DeviceGet(out int device, int ordinal);

    [LibraryImport(Library, EntryPoint = "cuDeviceGetName")]
    public static partial int DeviceGetName(byte* name, int length, int device);

    [LibraryImport(Library, EntryPoint = "cuDeviceGetAttribute")]
    public static partial int DeviceGetAttribute(out int value, int attribute, int device);

    [LibraryImport(Library, EntryPoint = "cuDeviceTotalMem_v2")]
    public static partial int DeviceTotalMem(out nuint bytes, int device);

    [LibraryImport(Library, EntryPoint = "cuCtxCreate_v2")]
    public static partial int CtxCreate(out nint context, uint flags, int device);

    [LibraryImport(Library, EntryPoint = "cuCtxDestroy_v2")]
    public static partial int CtxDestroy(nint context);

    [LibraryImport(Library, EntryPoint = "cuCtxSetCurrent")]
    public static partial int CtxSetCurrent(nint context);

    [LibraryImport(Library, EntryPoint = "cuCtxSynchronize")]
    public static partial int CtxSynchronize();

    /// <summary>Loads a module from a NUL-terminated PTX image (the driver JIT-compiles it for the device).</summary>
    [LibraryImport(Library, EntryPoint = "cuModuleLoadData")]
    public static partial int ModuleLoadData(out nint module, byte* image);

    [LibraryImport(Library, EntryPoint = "cuModuleUnload")]
    public static partial int ModuleUnload(nint module);

    [LibraryImport(Library, EntryPoint = "cuModuleGetFunction")]
    public static partial int ModuleGetFunction(out nint function, nint module, byte* name);

    [LibraryImport(Library, EntryPoint = "cuMemAlloc_v2")]
    public static partial int MemAlloc(out ulong devicePointer, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuMemFree_v2")]
    public static partial int MemFree(ulong devicePointer);

    [LibraryImport(Library, EntryPoint = "cuMemcpyHtoD_v2")]
    public static partial int MemcpyHtoD(ulong destination, void* source, nuint bytes);

    [LibraryImport(Library, EntryPoint = "cuMemcpyDtoH_v2")]
    public static partial int MemcpyDtoH(void* destination, ulong source, nuint bytes);

    /// <summary>
    /// cuLaunchKernel(f, gridX, gridY, gridZ, blockX, blockY, blockZ, sharedMemBytes, stream, kernelParams, extra):
    /// <paramref name="kernelParams"/> holds one pointer per <c>.param</c> of the entry, in order.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "cuLaunchKernel")]
    public static partial int LaunchKernel(nint function, uint gridX, uint gridY, uint gridZ,
        uint blockX, uint blockY, uint blockZ, uint sharedMemBytes, nint stream, void** kernelParams, void** extra);

    [LibraryImport(Library, EntryPoint = "cuGetErrorName")]
    public static partial int GetErrorName(int error, out nint name);
}
