using System.IO.Compression;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Tests.Fuzz;

namespace Zetina.Cairo.Tests.Security;

/// <summary>
/// A zip bomb: a PIE whose memory.bin deflates a thousandfold. The reader once inflated every entry whole into a
/// growing buffer, so a quarter-megabyte archive cost over half a gigabyte; now an entry past
/// <see cref="CairoPie.MaxEntryBytes"/> is refused before or while it inflates.
/// </summary>
public sealed class PieZipBombTests
{
    [Fact]
    public void Read_MemoryEntryInflatingPastTheLimit_ThrowsMalformedPieWithoutInflatingIt()
    {
        List<(string Name, byte[] Data)> entries = CairoPieFuzzTests.Unzip(TestData.Read("pie_fibonacci_nohint_nobuiltins", "cairo_pie.zip"));
        var zipBytes = new MemoryStream();
        using (var archive = new ZipArchive(zipBytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] data) in entries)
            {
                using Stream s = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
                if (name != "memory.bin") { s.Write(data); continue; }
                var zeros = new byte[1 << 20];
                for (int i = 0; i <= CairoPie.MaxEntryBytes >> 20; i++) s.Write(zeros);
            }
        }
        byte[] bomb = zipBytes.ToArray();

        long before = GC.GetAllocatedBytesForCurrentThread();
        MalformedPieException e = Assert.Throws<MalformedPieException>(() => CairoPie.Read(new MemoryStream(bomb)));
        Assert.Equal(PieDefect.TooLarge, e.Defect);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(CairoErrorKind.MalformedPie, e.Kind);
        Assert.Contains("memory.bin", e.Message);
        Assert.True(allocated < 16 << 20, $"reading a {bomb.Length}-byte archive allocated {allocated} bytes");
    }
}
