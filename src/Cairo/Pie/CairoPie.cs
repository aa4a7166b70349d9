using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text.Json;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Program;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Pie;

/// <summary>A segment's index and size in a PIE's metadata.</summary>
public readonly record struct PieSegment(int Index, long Size);

/// <summary>Execution resources of a run: steps, memory holes and used instances per builtin.</summary>
public sealed record ExecutionResources(long NSteps, long NMemoryHoles, IReadOnlyList<KeyValuePair<string, long>> BuiltinInstanceCounter);

/// <summary>
/// A Cairo PIE (Position Independent Execution, format 1.1): the program, the unrelocated memory (segment-relative
/// addresses), the segment layout, execution resources and builtin additional data — everything needed to
/// re-run or bootload a non-proof-mode run. Stored as a zip of metadata.json, memory.bin, additional_data.json,
/// execution_resources.json and version.json.
/// </summary>
/// <remarks>
/// memory.bin records are 40 bytes: a u64 LE address with bit 63 set, the segment in bits 47..62 and the offset in
/// bits 0..46; then 32 LE bytes, a felt, or (bit 255 set) an address packed the same way in the low bits.
/// </remarks>
public sealed record CairoPie(
    MaybeRelocatable[] ProgramData,
    IReadOnlyList<string> Builtins,
    int Main,
    PieSegment ProgramSegment,
    PieSegment ExecutionSegment,
    PieSegment RetFpSegment,
    PieSegment RetPcSegment,
    IReadOnlyList<KeyValuePair<string, PieSegment>> BuiltinSegments,
    IReadOnlyList<PieSegment> ExtraSegments,
    IReadOnlyList<KeyValuePair<Relocatable, MaybeRelocatable>> Memory,
    ExecutionResources Resources,
    string AdditionalDataJson)
{
    /// <summary>The PIE of a finished non-proof-mode run.</summary>
    public static CairoPie FromRunner(CairoRunner runner)
    {
        if (runner.Options.ProofMode) throw new CairoException(CairoErrorKind.RunnerError, "a Cairo PIE is made from a run without --proof_mode");
        Memory mem = runner.Vm.Memory;
        var builtinSegments = new List<KeyValuePair<string, PieSegment>>();
        var known = new HashSet<int> { 0, 1 };
        foreach (BuiltinRunner b in runner.Builtins)
        {
            builtinSegments.Add(new(b.Name, new PieSegment(b.Base, mem.Segment(b.Base).UsedSize)));
            known.Add(b.Base);
        }
        int retFp = runner.Builtins.Count + 2, retPc = retFp + 1;
        known.Add(retFp);
        known.Add(retPc);
        var extras = new List<PieSegment>();
        for (int i = 0; i < mem.SegmentCount; i++) if (!known.Contains(i)) extras.Add(new PieSegment(i, mem.Segment(i).UsedSize));

        var cells = new List<KeyValuePair<Relocatable, MaybeRelocatable>>();
        for (int s = 0; s < mem.SegmentCount; s++)
        {
            ReadOnlySpan<MaybeRelocatable> w = mem.Segment(s).Written;
            for (int o = 0; o < w.Length; o++) if (!w[o].IsEmpty) cells.Add(new(new Relocatable(s, o), w[o]));
        }

        var counter = new List<KeyValuePair<string, long>>();
        foreach (BuiltinRunner b in runner.Builtins) counter.Add(new(b.Name + "_builtin", b.UsedInstances(mem)));
        var resources = new ExecutionResources(runner.Steps, runner.MemoryHoles(), counter);

        return new CairoPie(runner.Program.Data, runner.Program.Builtins, runner.Program.Main ?? 0,
            new PieSegment(0, mem.Segment(0).UsedSize), new PieSegment(1, mem.Segment(1).UsedSize),
            new PieSegment(retFp, mem.Segment(retFp).UsedSize), new PieSegment(retPc, mem.Segment(retPc).UsedSize),
            builtinSegments, extras, cells, resources, AdditionalData(runner));
    }

    private static string AdditionalData(CairoRunner runner)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            foreach (BuiltinRunner b in runner.Builtins)
            {
                w.WritePropertyName(b.Name + "_builtin");
                switch (b)
                {
                    case OutputBuiltinRunner o:
                        o.WriteAdditionalData(w);
                        break;
                    case PedersenBuiltinRunner:
                        w.WriteStartArray();
                        w.WriteEndArray();
                        break;
                    case EcdsaBuiltinRunner e:
                        w.WriteStartArray();
                        foreach (var kv in e.Signatures)
                        {
                            w.WriteStartArray();
                            w.WriteStartArray();
                            w.WriteNumberValue(e.Base);
                            w.WriteNumberValue(kv.Key);
                            w.WriteEndArray();
                            w.WriteStartArray();
                            w.WriteRawValue(kv.Value.R.ToDecimalString());
                            w.WriteRawValue(kv.Value.S.ToDecimalString());
                            w.WriteEndArray();
                            w.WriteEndArray();
                        }
                        w.WriteEndArray();
                        break;
                    default:
                        w.WriteNullValue();
                        break;
                }
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(ms.ToArray());
    }

    /// <summary>Writes the PIE zip.</summary>
    public static void Write(string path, CairoPie pie)
    {
        using FileStream f = File.Create(path);
        Write(f, pie);
    }

    /// <summary>Writes the PIE zip to a stream.</summary>
    public static void Write(Stream stream, CairoPie pie)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        void Entry(string name, ReadOnlySpan<byte> bytes)
        {
            using Stream s = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            s.Write(bytes);
        }
        Entry("metadata.json", MetadataJson(pie));
        Entry("memory.bin", MemoryBin(pie));
        Entry("additional_data.json", System.Text.Encoding.UTF8.GetBytes(pie.AdditionalDataJson));
        Entry("execution_resources.json", ResourcesJson(pie.Resources));
        Entry("version.json", """{"cairo_pie": "1.1"}"""u8);
    }

    private static byte[] MetadataJson(CairoPie pie)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteStartObject("program");
            w.WritePropertyName("prime");
            w.WriteRawValue(Felt.Modulus.ToString(CultureInfo.InvariantCulture));
            w.WriteStartArray("data");
            foreach (MaybeRelocatable v in pie.ProgramData) w.WriteRawValue(v.Felt.ToDecimalString());
            w.WriteEndArray();
            w.WriteStartArray("builtins");
            foreach (string b in pie.Builtins) w.WriteStringValue(b);
            w.WriteEndArray();
            w.WriteNumber("main", pie.Main);
            w.WriteEndObject();
            void Seg(string name, PieSegment s)
            {
                w.WriteStartObject(name);
                w.WriteNumber("index", s.Index);
                w.WriteNumber("size", s.Size);
                w.WriteEndObject();
            }
            Seg("program_segment", pie.ProgramSegment);
            Seg("execution_segment", pie.ExecutionSegment);
            Seg("ret_fp_segment", pie.RetFpSegment);
            Seg("ret_pc_segment", pie.RetPcSegment);
            w.WriteStartObject("builtin_segments");
            foreach (var kv in pie.BuiltinSegments) Seg(kv.Key, kv.Value);
            w.WriteEndObject();
            w.WriteStartArray("extra_segments");
            foreach (PieSegment s in pie.ExtraSegments)
            {
                w.WriteStartObject();
                w.WriteNumber("index", s.Index);
                w.WriteNumber("size", s.Size);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    private static byte[] ResourcesJson(ExecutionResources r)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteNumber("n_steps", r.NSteps);
            w.WriteStartObject("builtin_instance_counter");
            foreach (var kv in r.BuiltinInstanceCounter) w.WriteNumber(kv.Key, kv.Value);
            w.WriteEndObject();
            w.WriteNumber("n_memory_holes", r.NMemoryHoles);
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    private static byte[] MemoryBin(CairoPie pie)
    {
        var bytes = new byte[40 * pie.Memory.Count];
        int n = 0;
        foreach (var kv in pie.Memory)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(n), (1UL << 63) | ((ulong)(uint)kv.Key.Segment << 47) | (ulong)kv.Key.Offset);
            Span<byte> v = bytes.AsSpan(n + 8, 32);
            if (kv.Value.IsFelt) kv.Value.Felt.WriteBytesLittleEndian(v);
            else
            {
                v.Clear();
                BinaryPrimitives.WriteUInt64LittleEndian(v, ((ulong)(uint)kv.Value.Segment << 47) | (ulong)kv.Value.Offset);
                v[31] = 0x80;
            }
            n += 40;
        }
        return bytes;
    }

    /// <summary>
    /// The largest entry a PIE may inflate to (bytes): a deflated entry can be a thousand times smaller than its
    /// content, so the archive's size alone does not bound what reading it costs.
    /// </summary>
    public const int MaxEntryBytes = 256 << 20;

    /// <summary>Reads a PIE zip; malformed archives raise <see cref="CairoErrorKind.MalformedPie"/>.</summary>
    public static CairoPie Read(string path)
    {
        using FileStream f = File.OpenRead(path);
        return Read(f);
    }

    /// <summary>The largest segment a PIE may declare (cells): a bootloader allocates a PIE's extra segments at their declared size.</summary>
    public const long MaxSegmentCells = 1L << 28;

    /// <summary>Reads a PIE zip from a stream; every defect is a <see cref="MalformedPieException"/>.</summary>
    public static CairoPie Read(Stream stream) => Read(stream, MaxEntryBytes);

    /// <summary>Reads a PIE zip, no member inflating past <paramref name="maxEntryBytes"/>.</summary>
    internal static CairoPie Read(Stream stream, long maxEntryBytes)
    {
        CairoPie pie = Parse(stream, maxEntryBytes);
        Validate(pie);
        return pie;
    }

    private static CairoPie Parse(Stream stream, long maxEntryBytes)
    {
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            byte[] Entry(string name)
            {
                ZipArchiveEntry e = zip.GetEntry(name) ?? throw Malformed(PieDefect.MissingMember, $"missing {name}");
                if (e.Length > maxEntryBytes) throw Malformed(PieDefect.TooLarge, $"{name} declares {e.Length} bytes uncompressed, over the {maxEntryBytes}-byte limit");
                using Stream s = e.Open();
                using var ms = new MemoryStream();
                // The header's size is the writer's word: stop at the limit whatever the entry really inflates to.
                var chunk = new byte[16384];
                int n;
                while ((n = s.Read(chunk)) > 0)
                {
                    if (ms.Length + n > maxEntryBytes) throw Malformed(PieDefect.TooLarge, $"{name} inflates past the {maxEntryBytes}-byte limit (it declares {e.Length} bytes)");
                    ms.Write(chunk, 0, n);
                }
                return ms.ToArray();
            }
            using JsonDocument meta = JsonDocument.Parse(Entry("metadata.json"));
            JsonElement root = meta.RootElement;
            JsonElement program = root.GetProperty("program");
            BigInteger prime = ProgramLoader.ParseBig(program.GetProperty("prime"), "prime");
            if (prime != Felt.Modulus) throw new CairoException(CairoErrorKind.WrongPrime, "the PIE's program prime is not the Stark252 prime");
            var data = new List<MaybeRelocatable>();
            foreach (JsonElement d in program.GetProperty("data").EnumerateArray())
                data.Add(MaybeRelocatable.FromFelt(Felt.FromBigInteger(ProgramLoader.ParseBig(d, "data"))));
            var builtins = new List<string>();
            foreach (JsonElement b in program.GetProperty("builtins").EnumerateArray()) builtins.Add(b.GetString() ?? "");
            int main = program.GetProperty("main").GetInt32();
            static PieSegment Seg(JsonElement e) => new(e.GetProperty("index").GetInt32(), e.GetProperty("size").GetInt64());
            var bsegs = new List<KeyValuePair<string, PieSegment>>();
            foreach (JsonProperty p in root.GetProperty("builtin_segments").EnumerateObject()) bsegs.Add(new(p.Name, Seg(p.Value)));
            var extras = new List<PieSegment>();
            foreach (JsonElement e in root.GetProperty("extra_segments").EnumerateArray()) extras.Add(Seg(e));

            byte[] mem = Entry("memory.bin");
            if (mem.Length % 40 != 0) throw Malformed(PieDefect.BadFormat, "memory.bin is not a whole number of 40-byte records");
            var cells = new List<KeyValuePair<Relocatable, MaybeRelocatable>>(mem.Length / 40);
            for (int i = 0; i < mem.Length; i += 40)
            {
                ulong a = BinaryPrimitives.ReadUInt64LittleEndian(mem.AsSpan(i));
                if ((a >> 63) == 0) throw Malformed(PieDefect.BadFormat, $"memory.bin record {i / 40}: address without the relocatable bit");
                var addr = new Relocatable((int)((a >> 47) & 0xFFFF), (long)(a & ((1UL << 47) - 1)));
                ReadOnlySpan<byte> v = mem.AsSpan(i + 8, 32);
                MaybeRelocatable value;
                if ((v[31] & 0x80) != 0)
                {
                    ulong packed = BinaryPrimitives.ReadUInt64LittleEndian(v);
                    value = MaybeRelocatable.FromRelocatable((int)((packed >> 47) & 0xFFFF), (long)(packed & ((1UL << 47) - 1)));
                }
                else if (Felt.TryFromBytesLittleEndian(v, out Felt f)) value = MaybeRelocatable.FromFelt(f);
                else throw Malformed(PieDefect.BadFormat, $"memory.bin record {i / 40}: value is not below p");
                cells.Add(new(addr, value));
            }

            using JsonDocument res = JsonDocument.Parse(Entry("execution_resources.json"));
            var counter = new List<KeyValuePair<string, long>>();
            if (res.RootElement.TryGetProperty("builtin_instance_counter", out JsonElement bic))
                foreach (JsonProperty p in bic.EnumerateObject()) counter.Add(new(p.Name, p.Value.GetInt64()));
            var resources = new ExecutionResources(res.RootElement.GetProperty("n_steps").GetInt64(),
                res.RootElement.TryGetProperty("n_memory_holes", out JsonElement h) ? h.GetInt64() : 0, counter);
            string additional = System.Text.Encoding.UTF8.GetString(Entry("additional_data.json"));
            using (JsonDocument additionalDoc = JsonDocument.Parse(additional))
                if (additionalDoc.RootElement.ValueKind != JsonValueKind.Object) throw Malformed(PieDefect.BadFormat, "additional_data.json is not an object");
            using (JsonDocument version = JsonDocument.Parse(Entry("version.json")))
            {
                string? v = version.RootElement.ValueKind == JsonValueKind.Object && version.RootElement.TryGetProperty("cairo_pie", out JsonElement ve) && ve.ValueKind == JsonValueKind.String
                    ? ve.GetString()
                    : null;
                if (v != "1.1") throw Malformed(PieDefect.UnsupportedVersion, $"version.json says {version.RootElement.GetRawText()}, this reader knows {{\"cairo_pie\": \"1.1\"}}");
            }
            return new CairoPie(data.ToArray(), builtins, main, Seg(root.GetProperty("program_segment")), Seg(root.GetProperty("execution_segment")),
                Seg(root.GetProperty("ret_fp_segment")), Seg(root.GetProperty("ret_pc_segment")), bsegs, extras, cells, resources, additional);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or InvalidDataException or FormatException or OverflowException)
        {
            throw Malformed(PieDefect.BadFormat, e.Message);
        }
    }

    /// <summary>
    /// The checks cairo-lang's <c>CairoPie.run_validity_checks</c> makes before a PIE is run or bootloaded: segment
    /// indices distinct, sizes in [0, <see cref="MaxSegmentCells"/>], the program segment as long as the program and
    /// holding exactly its words, every cell inside its segment, every address a cell holds inside a declared segment
    /// (at most one past its end: a stop pointer).
    /// </summary>
    private static void Validate(CairoPie pie)
    {
        var sizes = new Dictionary<int, long>();
        void Declare(PieSegment s, string what)
        {
            if (s.Index < 0) throw Malformed(PieDefect.BadFormat, $"the {what} segment has index {s.Index}");
            if (s.Size < 0 || s.Size > MaxSegmentCells)
                throw Malformed(s.Size < 0 ? PieDefect.BadFormat : PieDefect.TooLarge, $"the {what} segment declares {s.Size} cells (the limit is {MaxSegmentCells})");
            if (!sizes.TryAdd(s.Index, s.Size)) throw Malformed(PieDefect.OverlappingSegments, $"the {what} segment reuses segment index {s.Index}");
        }
        Declare(pie.ProgramSegment, "program");
        Declare(pie.ExecutionSegment, "execution");
        Declare(pie.RetFpSegment, "ret_fp");
        Declare(pie.RetPcSegment, "ret_pc");
        foreach (var kv in pie.BuiltinSegments) Declare(kv.Value, kv.Key + " builtin");
        foreach (PieSegment s in pie.ExtraSegments) Declare(s, "extra");
        if (pie.ProgramSegment.Size != pie.ProgramData.Length)
            throw Malformed(PieDefect.ProgramMismatch, $"the program segment declares {pie.ProgramSegment.Size} cells, the program has {pie.ProgramData.Length} words");

        foreach (var (address, value) in pie.Memory)
        {
            if (!sizes.TryGetValue(address.Segment, out long size) || address.Offset >= size)
                throw Malformed(PieDefect.OutsideMemory, $"memory cell {address} is outside the declared segments" + (sizes.TryGetValue(address.Segment, out long s) ? $" (segment {address.Segment} has {s} cells)" : ""));
            if (value.IsRelocatable && (!sizes.TryGetValue(value.Segment, out long vs) || value.Offset > vs))
                throw Malformed(PieDefect.OutsideMemory, $"memory cell {address} holds the address {value.Relocatable}, outside the declared segments");
            if (address.Segment == pie.ProgramSegment.Index && !value.Equals(pie.ProgramData[address.Offset]))
                throw Malformed(PieDefect.ProgramMismatch, $"program cell {address.Offset} holds {value}, the program's word is {pie.ProgramData[address.Offset]}");
        }
    }

    /// <summary>
    /// Re-runs a PIE (cairo-run <c>--run_from_cairo_pie</c>): its program without hints, its memory pre-loaded
    /// (so values hints wrote come from the PIE); the run must reproduce the PIE's step count.
    /// </summary>
    public static CairoRunner Run(CairoPie pie, RunOptions options)
    {
        if (options.ProofMode) throw new CairoException(CairoErrorKind.RunnerError, "a Cairo PIE is re-run without --proof_mode");
        var labels = new Dictionary<string, int> { ["__main__.main"] = pie.Main };
        var program = new CairoProgram(pie.ProgramData, pie.Builtins, new Dictionary<int, HintSpec[]>(), labels,
            new Dictionary<string, BigInteger>(), [], [], "__main__", null);
        var runner = new CairoRunner(program, options with { ProgramInputJson = null });
        runner.BeforeRun = memory =>
        {
            int maxSegment = 0;
            foreach (var kv in pie.Memory) maxSegment = Math.Max(maxSegment, kv.Key.Segment);
            while (memory.SegmentCount <= maxSegment) memory.AddSegment();
            foreach (var kv in pie.Memory) memory.Insert(kv.Key, kv.Value);
        };
        runner.Run();
        if (runner.Steps != pie.Resources.NSteps)
            throw new CairoException(CairoErrorKind.MalformedPie, $"the PIE's run took {runner.Steps} steps, its execution resources say {pie.Resources.NSteps}");
        return runner;
    }

    private static MalformedPieException Malformed(PieDefect defect, string message) => new(defect, message);
}
