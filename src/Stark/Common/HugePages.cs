using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Zetina.Stark.Common;

/// <summary>
/// Large arrays backed by transparent huge pages on Linux: a new array of at least <see cref="MinBytes"/> is advised
/// <c>madvise(MADV_HUGEPAGE)</c> before anything touches it, so its first touch faults in 2 MB pages instead of 4 KB
/// ones — 512 times fewer page faults.
/// </summary>
/// <remarks>
/// A prover allocates its extensions, trees and trace fresh for every proof (a 2^18-step Cairo proof about 2 GB), and
/// the runtime does not ask for huge pages where the system grants them only on request (transparent_hugepage
/// <c>madvise</c>, this machine's and Debian's default). On a virtual machine a 4 KB fault costs microseconds; `perf`
/// put 20 % of a 2^18-step proof's samples in page faults. The advice changes no value: elsewhere (another OS, THP
/// off, an array the collector hands back from memory already touched) it is ignored or a no-op.
/// </remarks>
internal static unsafe class HugePages
{
    /// <summary>Arrays below this size are left alone (2 MB pages would not fit in them): 4 MB.</summary>
    public const long MinBytes = 4L << 20;

    private const int MadviseHugePage = 14;
    private const long HugePageBytes = 2L << 20;

    /// <summary>A new zeroed array of <paramref name="length"/> elements, advised for huge pages when large.</summary>
    public static T[] NewArray<T>(int length) where T : unmanaged
    {
        var array = new T[length];
        Advise(array);
        return array;
    }

    /// <summary>Advises the 2 MB-aligned part of <paramref name="array"/>'s memory for huge pages (Linux; large arrays only).</summary>
    public static void Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (bytes < MinBytes || !OperatingSystem.IsLinux()) return;
        // Should the collector later move the array (a compacting collection of the large-object heap), only the advice is lost.
        long start = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        long first = (start + HugePageBytes - 1) & ~(HugePageBytes - 1), end = (start + bytes) & ~(HugePageBytes - 1);
        if (end > first) _ = Madvise((nint)first, (nuint)(end - first), MadviseHugePage);
    }

    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Madvise(nint address, nuint length, int advice);
}
