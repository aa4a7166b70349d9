using System.Runtime.InteropServices;

namespace Zetina.Node.Bench;

/// <summary>
/// CPU time consumed by the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, nanosecond
/// resolution). Unlike wall time it does not count time spent waiting for a core, so figures stay meaningful on a
/// machine shared with other work. <see cref="IsSupported"/> is false elsewhere; callers then use wall time.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    public static readonly bool IsSupported = OperatingSystem.IsLinux() && Environment.Is64BitProcess && Probe();

    private static bool Probe()
    {
        try { return ClockGetTime(ClockThreadCpuTimeId, out _) == 0; }
        catch (DllNotFoundException) { return false; }
        catch (EntryPointNotFoundException) { return false; }
    }

    /// <summary>The calling thread's CPU time in seconds.</summary>
    public static double Now()
    {
        ClockGetTime(ClockThreadCpuTimeId, out TimeSpec t);
        return t.Seconds + t.Nanoseconds * 1e-9;
    }
}
