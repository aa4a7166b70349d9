using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Stark.Tests.Common;

/// <summary>
/// <see cref="HugePages"/>: arrays come back zeroed and of the asked length, and on Linux a large one's memory is
/// advised for huge pages — the kernel lists the mapping holding it with the <c>hg</c> flag in /proc/self/smaps.
/// </summary>
public unsafe class HugePagesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(1 << 10)]
    [InlineData(3 << 20)]
    public void NewArray_AnyLength_ZeroedOfThatLength(int length)
    {
        Felt[] a = HugePages.NewArray<Felt>(length);
        Assert.Equal(length, a.Length);
        Assert.True(a.AsSpan().IndexOfAnyExcept(Felt.Zero) < 0);
    }

    [Fact]
    public void NewArray_LargeOnLinux_MappingAdvisedForHugePages()
    {
        Assert.True(OperatingSystem.IsLinux(), "the advice is Linux's (madvise); this suite runs on Linux");
        Felt[] a = HugePages.NewArray<Felt>(1 << 21); // 64 MB
        long start = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(a));
        long middle = start + (32L << 20);
        string? flags = MappingFlags(middle);
        Assert.NotNull(flags);
        Assert.Contains("hg", flags!.Split(' '));

        GC.KeepAlive(a);
    }

    /// <summary>The VmFlags of the /proc/self/smaps mapping that holds <paramref name="address"/>, or null.</summary>
    private static string? MappingFlags(long address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && !line.StartsWith("VmFlags", StringComparison.Ordinal)
                && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long lo)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long hi))
            {
                inside = address >= lo && address < hi;
                continue;
            }
            if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal)) return line["VmFlags:".Length..].Trim();
        }
        return null;
    }
}
