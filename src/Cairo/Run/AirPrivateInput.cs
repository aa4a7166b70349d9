using System.Text.Json;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Run;

/// <summary>
/// cairo-run's <c>air_private_input.json</c>: the trace and memory paths (paths on the producer's machine, usually
/// overridden), then one entry per builtin with a witness, in the order cairo-vm writes them.
/// </summary>
public sealed record AirPrivateInput
{
    /// <summary><c>trace_path</c>, or null.</summary>
    public string? TracePath { get; init; }

    /// <summary><c>memory_path</c>, or null.</summary>
    public string? MemoryPath { get; init; }

    /// <summary>The builtins' entries in file order.</summary>
    public required IReadOnlyList<BuiltinPrivateInput> Builtins { get; init; }

    /// <summary>
    /// The ecdsa builtin's signatures: instance index → (r, w = s⁻¹ mod the curve order), the <c>signature_input</c>
    /// of the <c>ecdsa</c> list; the private witness the AIR's ecdsa lane needs.
    /// </summary>
    public IReadOnlyDictionary<long, (Felt R, Felt W)> EcdsaSignatures { get; init; } = new Dictionary<long, (Felt, Felt)>();

    /// <summary>Builtin name → number of instances listed (builtins whose entry is a list).</summary>
    public IReadOnlyDictionary<string, int> BuiltinInstances
    {
        get
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (BuiltinPrivateInput b in Builtins)
                if (b.Value.ValueKind == JsonValueKind.Array) counts[b.Name] = b.Instances;
            return counts;
        }
    }

    /// <summary>Reads <paramref name="path"/> (or <c>path.gz</c>).</summary>
    public static AirPrivateInput Read(string path) => Parse(DataFile.ReadAllBytes(path));

    /// <summary>Parses the JSON; throws <see cref="CairoFileFormatException"/> when it is not an object or an ecdsa entry is malformed.</summary>
    public static AirPrivateInput Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json.ToArray());
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new CairoFileFormatException("air private input: expected a JSON object");
            string? trace = null, memory = null;
            var builtins = new List<BuiltinPrivateInput>();
            var signatures = new Dictionary<long, (Felt, Felt)>();
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Name == "trace_path") trace = p.Value.GetString();
                else if (p.Name == "memory_path") memory = p.Value.GetString();
                else builtins.Add(new BuiltinPrivateInput(p.Name, p.Value.Clone()));
                if (p.Name == "ecdsa" && p.Value.ValueKind == JsonValueKind.Array)
                    foreach (JsonElement e in p.Value.EnumerateArray())
                    {
                        JsonElement sig = e.GetProperty("signature_input");
                        signatures[e.GetProperty("index").GetInt64()] = (Felt.Parse(sig.GetProperty("r").GetString() ?? ""), Felt.Parse(sig.GetProperty("w").GetString() ?? ""));
                    }
            }
            return new AirPrivateInput { TracePath = trace, MemoryPath = memory, Builtins = builtins, EcdsaSignatures = signatures };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new CairoFileFormatException($"air private input: malformed ecdsa entry: {e.Message}");
        }
        catch (JsonException e)
        {
            throw new CairoFileFormatException($"air private input is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The file's bytes as cairo-run writes <c>--air_private_input</c> (indented by four spaces).</summary>
    public byte[] Serialize()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true, IndentSize = 4 }))
        {
            w.WriteStartObject();
            if (TracePath is not null) w.WriteString("trace_path", TracePath);
            if (MemoryPath is not null) w.WriteString("memory_path", MemoryPath);
            foreach (BuiltinPrivateInput b in Builtins)
            {
                w.WritePropertyName(b.Name);
                b.Value.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    /// <summary>Writes the file at <paramref name="path"/>.</summary>
    public void WriteFile(string path) => File.WriteAllBytes(path, Serialize());
}
