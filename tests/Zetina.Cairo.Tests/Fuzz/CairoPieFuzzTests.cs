using System.IO.Compression;
using CsCheck;
using Xunit.Abstractions;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Pie;
using Zetina.Tests.Shared.Fuzz;

namespace Zetina.Cairo.Tests.Fuzz;

/// <summary>
/// Fuzzes <see cref="CairoPie.Read(Stream)"/>: mutations of the zip bytes themselves (which mostly stop at the
/// archive layer) and, to reach the PIE reader behind it, well-formed zips with one entry mutated
/// (metadata.json, memory.bin, execution_resources.json...).
/// </summary>
public sealed class CairoPieFuzzTests(ITestOutputHelper output)
{
    private static readonly byte[][] Seeds =
    [
        TestData.Read("pie_fibonacci_nohint_nobuiltins", "cairo_pie.zip"),
        TestData.Read("c1_pie_noop_output", "cairo_pie.zip"),
    ];

    /// <summary>Zip entries inflate; a PIE reader may hold the inflated entries and their parse.</summary>
    private const long PerInputByte = 256;
    private const long FixedBytes = 8 << 20;

    [Fact]
    public void Read_FuzzedZipBytes_ReturnsPieOrMalformedPie() =>
        FuzzRun.Check(Mutator.Any(Mutator.Bytes(Seeds[0]), Mutator.Bytes(Seeds[1])), Property, output);

    [Fact]
    public void Read_FuzzedEntryInValidZip_ReturnsPieOrMalformedPie() =>
        FuzzRun.Check(
            Gen.Select(Gen.Int[0, Seeds.Length - 1], Gen.Int[0, 15], Gen.Int, (seed, entry, salt) => (seed, entry, salt))
                .SelectMany(t => MutatedEntry(Seeds[t.seed], t.entry)),
            Property, output);

    internal static void Property(byte[] zip) =>
        ParserProperty.Holds(zip, b => CairoPie.Read(new MemoryStream(b)), e => e is CairoException, PerInputByte, FixedBytes);

    /// <summary>The PIE rezipped with its entry number <paramref name="entry"/> (modulo the count) mutated.</summary>
    private static Gen<byte[]> MutatedEntry(byte[] pie, int entry)
    {
        List<(string Name, byte[] Data)> entries = Unzip(pie);
        (string name, byte[] data) = entries[entry % entries.Count];
        Gen<byte[]> mutated = name.EndsWith(".json", StringComparison.Ordinal) ? Mutator.Json(data) : Mutator.Bytes(data);
        return mutated.Select(d => Zip(entries.ConvertAll(e => e.Name == name ? (e.Name, d) : e)));
    }

    internal static List<(string Name, byte[] Data)> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = new List<(string, byte[])>();
        foreach (ZipArchiveEntry e in archive.Entries)
        {
            using Stream s = e.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            entries.Add((e.FullName, ms.ToArray()));
        }
        return entries;
    }

    internal static byte[] Zip(IEnumerable<(string Name, byte[] Data)> entries)
    {
        var ms = new MemoryStream();
        using (var archive = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach ((string name, byte[] data) in entries)
            {
                using Stream s = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                s.Write(data);
            }
        }
        return ms.ToArray();
    }
}
