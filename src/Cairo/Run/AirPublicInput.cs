using System.Globalization;
using System.Text;
using System.Text.Json;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Run;

/// <summary>
/// The public input of a Cairo run in the vocabulary of cairo-run's <c>air_public_input.json</c>:
/// <c>layout</c>, <c>rc_min</c>/<c>rc_max</c> (bounds of the 16-bit range-checked values), <c>n_steps</c>,
/// <c>memory_segments</c> (kept in file order), <c>public_memory</c>.
/// </summary>
public sealed class AirPublicInput
{
    /// <summary>Layout name ("plain", "small", "recursive", ...).</summary>
    public required string Layout { get; init; }

    /// <summary>Smallest range-checked 16-bit value.</summary>
    public required long RcMin { get; init; }

    /// <summary>Largest range-checked 16-bit value.</summary>
    public required long RcMax { get; init; }

    /// <summary>Number of steps (trace rows); a power of two in proof mode.</summary>
    public required long NSteps { get; init; }

    /// <summary>Segments in file order.</summary>
    public required IReadOnlyList<MemorySegment> MemorySegments { get; init; }

    /// <summary>The cells the verifier sees.</summary>
    public required IReadOnlyList<PublicMemoryEntry> PublicMemory { get; init; }

    /// <summary>The segment named <paramref name="name"/>, if present.</summary>
    public bool TryGetSegment(string name, out MemorySegment segment)
    {
        foreach (MemorySegment s in MemorySegments)
            if (s.Name == name) { segment = s; return true; }
        segment = default;
        return false;
    }

    /// <summary>The segment named <paramref name="name"/>; throws <see cref="CairoFileFormatException"/> when absent.</summary>
    public MemorySegment Segment(string name) =>
        TryGetSegment(name, out MemorySegment s) ? s : throw new CairoFileFormatException($"public input has no '{name}' memory segment");

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static AirPublicInput Read(string path) => Parse(DataFile.ReadAllBytes(path));

    /// <summary>Parses the JSON; throws <see cref="CairoFileFormatException"/> on missing or ill-typed fields.</summary>
    public static AirPublicInput Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json.ToArray());
            return FromJson(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new CairoFileFormatException($"air public input is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Reads the object form (also embedded in proof files).</summary>
    public static AirPublicInput FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new CairoFileFormatException("air public input: expected a JSON object");
        var segments = new List<MemorySegment>();
        foreach (JsonProperty p in Get(root, "memory_segments").EnumerateObject())
            segments.Add(new MemorySegment(p.Name, U64(Get(p.Value, "begin_addr"), "begin_addr"), U64(Get(p.Value, "stop_ptr"), "stop_ptr")));
        var memory = new List<PublicMemoryEntry>();
        foreach (JsonElement e in Get(root, "public_memory").EnumerateArray())
        {
            JsonElement v = Get(e, "value");
            Felt value = v.ValueKind == JsonValueKind.String
                ? (Felt.TryParse(v.GetString(), out Felt f, out string? err) ? f : throw new CairoFileFormatException($"public memory value: {err}"))
                : Felt.FromUInt64(U64(v, "value"));
            ulong page = U64(Get(e, "page"), "page");
            if (page > int.MaxValue) throw new CairoFileFormatException($"public memory page {page} is above {int.MaxValue}");
            memory.Add(new PublicMemoryEntry(U64(Get(e, "address"), "address"), value, (int)page));
        }
        return new AirPublicInput
        {
            Layout = Get(root, "layout").GetString() ?? throw new CairoFileFormatException("air public input: layout is null"),
            RcMin = (long)U64(Get(root, "rc_min"), "rc_min"),
            RcMax = (long)U64(Get(root, "rc_max"), "rc_max"),
            NSteps = (long)U64(Get(root, "n_steps"), "n_steps"),
            MemorySegments = segments,
            PublicMemory = memory,
        };
    }

    /// <summary>Writes the object form with <paramref name="writer"/> (values as 0x-hex strings, like cairo-run).</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("layout", Layout);
        writer.WriteNumber("rc_min", RcMin);
        writer.WriteNumber("rc_max", RcMax);
        writer.WriteNumber("n_steps", NSteps);
        writer.WriteStartObject("memory_segments");
        foreach (MemorySegment s in MemorySegments)
        {
            writer.WriteStartObject(s.Name);
            writer.WriteNumber("begin_addr", s.BeginAddr);
            writer.WriteNumber("stop_ptr", s.StopPtr);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
        writer.WriteStartArray("public_memory");
        foreach (PublicMemoryEntry e in PublicMemory)
        {
            writer.WriteStartObject();
            writer.WriteNumber("address", e.Address);
            writer.WriteString("value", e.Value.ToHexString());
            writer.WriteNumber("page", e.Page);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteNull("dynamic_params");
        writer.WriteEndObject();
    }

    /// <summary>The file's bytes as cairo-run writes <c>--air_public_input</c> (indented by four spaces).</summary>
    public byte[] Serialize()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, IndentSize = 4 })) WriteJson(w);
        return ms.ToArray();
    }

    /// <summary>Writes the file at <paramref name="path"/>.</summary>
    public void WriteFile(string path) => File.WriteAllBytes(path, Serialize());

    /// <summary>The file's text.</summary>
    public string ToJson() => Encoding.UTF8.GetString(Serialize());

    private static JsonElement Get(JsonElement o, string name)
    {
        if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty(name, out JsonElement v))
            throw new CairoFileFormatException($"air public input: missing field '{name}'");
        return v;
    }

    private static ulong U64(JsonElement e, string name)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetUInt64(out ulong v)) return v;
        if (e.ValueKind == JsonValueKind.String)
        {
            string s = e.GetString()!;
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.TryParse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out v)
                : ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v))
                return v;
        }
        throw new CairoFileFormatException($"air public input: field '{name}' is not a non-negative integer");
    }
}
