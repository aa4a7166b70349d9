using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Tests.Fuzz;

namespace Zetina.Cairo.Tests.Bootloader;

/// <summary>
/// A PIE is untrusted input (a job body, a bootloader task): shared PIEs corrupted one way each, written to a temp
/// directory and read back, are each refused with a <see cref="MalformedPieException"/> naming the defect.
/// </summary>
public sealed class PieRobustnessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-pie-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<(string Name, byte[] Data)> Entries(string caseName) => CairoPieFuzzTests.Unzip(TestData.Read(caseName, "cairo_pie.zip"));

    private string Write(List<(string Name, byte[] Data)> entries)
    {
        string path = Path.Combine(_dir, $"pie{Guid.NewGuid():N}.zip");
        using (var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create))
            foreach ((string name, byte[] data) in entries)
            {
                using Stream s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                s.Write(data);
            }
        return path;
    }

    /// <summary>The PIE with its metadata.json changed by <paramref name="edit"/>.</summary>
    private string WithMetadata(string caseName, Action<JsonObject> edit)
    {
        List<(string Name, byte[] Data)> entries = Entries(caseName);
        int i = entries.FindIndex(e => e.Name == "metadata.json");
        JsonObject meta = JsonNode.Parse(entries[i].Data)!.AsObject();
        edit(meta);
        entries[i] = ("metadata.json", System.Text.Encoding.UTF8.GetBytes(meta.ToJsonString()));
        return Write(entries);
    }

    private static PieDefect Refusal(string path) => Assert.Throws<MalformedPieException>(() => CairoPie.Read(path)).Defect;

    [Theory]
    [InlineData("pie_fibonacci_nohint_nobuiltins")]
    [InlineData("pie_fibonacci_hint_recursive_with_poseidon")]
    [InlineData("c1_pie_noop_output")]
    [InlineData("c1_pie_bitwise_output")]
    [InlineData("c1_pie_ec_op_range_check")]
    public void Read_SharedPie_PassesEveryCheck(string caseName) =>
        Assert.NotEmpty(CairoPie.Read(Write(Entries(caseName))).Memory);

    [Theory]
    [InlineData("metadata.json")]
    [InlineData("memory.bin")]
    [InlineData("additional_data.json")]
    [InlineData("execution_resources.json")]
    [InlineData("version.json")]
    public void Read_MissingMember_RefusedAsMissingMember(string member)
    {
        string path = Write(Entries("c1_pie_noop_output").FindAll(e => e.Name != member));
        MalformedPieException e = Assert.Throws<MalformedPieException>(() => CairoPie.Read(path));
        Assert.Equal(PieDefect.MissingMember, e.Defect);
        Assert.Contains(member, e.Message);
    }

    [Theory]
    [InlineData("""{"cairo_pie": "1.0"}""")]
    [InlineData("""{"cairo_pie": "2.0"}""")]
    [InlineData("""{}""")]
    public void Read_WrongVersion_RefusedAsUnsupportedVersion(string version)
    {
        List<(string Name, byte[] Data)> entries = Entries("c1_pie_noop_output");
        entries = entries.ConvertAll(e => e.Name == "version.json" ? (e.Name, System.Text.Encoding.UTF8.GetBytes(version)) : e);
        Assert.Equal(PieDefect.UnsupportedVersion, Refusal(Write(entries)));
    }

    [Fact]
    public void Read_TwoSegmentsWithOneIndex_RefusedAsOverlapping() =>
        Assert.Equal(PieDefect.OverlappingSegments, Refusal(WithMetadata("c1_pie_bitwise_output",
            m => m["ret_pc_segment"]!["index"] = m["execution_segment"]!["index"]!.GetValue<int>())));

    [Fact]
    public void Read_CellsPastTheirSegmentsSize_RefusedAsOutsideMemory() =>
        Assert.Equal(PieDefect.OutsideMemory, Refusal(WithMetadata("pie_fibonacci_nohint_nobuiltins",
            m => m["execution_segment"]!["size"] = 10)));

    [Fact]
    public void Read_SegmentNoLongerDeclared_RefusedAsOutsideMemory() =>
        // The bitwise segment's cells (and the pointers to it) now lie in no declared segment.
        Assert.Equal(PieDefect.OutsideMemory, Refusal(WithMetadata("c1_pie_bitwise_output",
            m => m["builtin_segments"]!.AsObject().Remove("bitwise"))));

    [Fact]
    public void Read_CellHoldingAnAddressOutsideMemory_RefusedAsOutsideMemory()
    {
        List<(string Name, byte[] Data)> entries = Entries("pie_fibonacci_nohint_nobuiltins");
        int i = entries.FindIndex(e => e.Name == "memory.bin");
        byte[] mem = (byte[])entries[i].Data.Clone();
        // The last record's value becomes the address 77:0 (bit 255 set, segment in bits 47..62).
        Span<byte> value = mem.AsSpan(mem.Length - 32, 32);
        value.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(value, 77UL << 47);
        value[31] = 0x80;
        entries[i] = ("memory.bin", mem);
        Assert.Equal(PieDefect.OutsideMemory, Refusal(Write(entries)));
    }

    [Fact]
    public void Read_SegmentDeclaredPastTheLimit_RefusedAsTooLarge() =>
        Assert.Equal(PieDefect.TooLarge, Refusal(WithMetadata("c1_pie_noop_output",
            m => m["extra_segments"]![0]!["size"] = CairoPie.MaxSegmentCells + 1)));

    [Fact]
    public void Read_ProgramWordChanged_RefusedAsProgramMismatch() =>
        Assert.Equal(PieDefect.ProgramMismatch, Refusal(WithMetadata("pie_fibonacci_nohint_nobuiltins",
            m => m["program"]!["data"]![0] = 12345)));

    /// <summary>A member whose header declares more than the limit is refused before a byte of it inflates.</summary>
    [Fact]
    public void Read_MemberDeclaringPastTheLimit_RefusedAsTooLarge()
    {
        List<(string Name, byte[] Data)> entries = Entries("pie_fibonacci_nohint_nobuiltins");
        entries = entries.ConvertAll(e => e.Name == "memory.bin" ? (e.Name, new byte[2 << 20]) : e);
        byte[] zip = File.ReadAllBytes(Write(entries));
        MalformedPieException e = Assert.Throws<MalformedPieException>(() => CairoPie.Read(new MemoryStream(zip), maxEntryBytes: 1 << 20));
        Assert.Equal(PieDefect.TooLarge, e.Defect);
        Assert.Contains("declares", e.Message);
    }

    /// <summary>
    /// A member whose headers lie (declaring 40 bytes, inflating to 2 MiB) is stopped by what it actually inflates
    /// to: the zip's size fields are the writer's word.
    /// </summary>
    [Fact]
    public void Read_MemberInflatingPastWhatItDeclares_Refused()
    {
        List<(string Name, byte[] Data)> entries = Entries("pie_fibonacci_nohint_nobuiltins");
        entries = entries.ConvertAll(e => e.Name == "memory.bin" ? (e.Name, new byte[2 << 20]) : e);
        byte[] zip = File.ReadAllBytes(Write(entries));
        Assert.True(LieAboutUncompressedSize(zip, "memory.bin", 40) == 2);
        MalformedPieException e = Assert.Throws<MalformedPieException>(() => CairoPie.Read(new MemoryStream(zip), maxEntryBytes: 1 << 20));
        Assert.True(e.Defect is PieDefect.TooLarge or PieDefect.BadFormat, e.Message);
    }

    /// <summary>Rewrites the uncompressed size of <paramref name="name"/> in its local header and central directory entry; returns how many were rewritten.</summary>
    private static int LieAboutUncompressedSize(byte[] zip, string name, uint size)
    {
        byte[] n = System.Text.Encoding.ASCII.GetBytes(name);
        int patched = 0;
        for (int i = 0; i + 46 < zip.Length; i++)
        {
            uint sig = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (sig == 0x04034b50 && zip.AsSpan(i + 30, n.Length).SequenceEqual(n) && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 26)) == n.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
                patched++;
            }
            else if (sig == 0x02014b50 && zip.AsSpan(i + 46, n.Length).SequenceEqual(n) && BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(i + 28)) == n.Length)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
                patched++;
            }
        }
        return patched;
    }
}
