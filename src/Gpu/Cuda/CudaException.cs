using System.Runtime.InteropServices;

namespace Zetina.Gpu.Cuda;

/// <summary>A CUDA driver call that failed; <see cref="Result"/> is its CUresult.</summary>
public sealed class CudaException : Exception
{
    /// <summary>Records that <paramref name="call"/> returned <paramref name="result"/>.</summary>
    public CudaException(string call, int result)
        : base($"{call} failed: {NameOf(result)} ({result})") => Result = result;

    /// <summary>The CUresult the driver returned.</summary>
    public int Result { get; }

    /// <summary>Throws when <paramref name="result"/> is not CUDA_SUCCESS.</summary>
    internal static void Check(int result, string call)
    {
        if (result != 0) throw new CudaException(call, result);
    }

    /// <summary>The driver's name for a CUresult ("CUDA_ERROR_NO_DEVICE"), or the number when unknown.</summary>
    internal static string NameOf(int result)
    {
        try
        {
            if (CudaDriver.GetErrorName(result, out nint p) == 0 && p != 0) return Marshal.PtrToStringUTF8(p) ?? result.ToString();
        }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
        return $"CUresult {result}";
    }
}
