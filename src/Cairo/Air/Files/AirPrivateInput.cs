using System.Text.Json;

namespace Zetina.Cairo.Air.Files;

/// <summary>
/// The parts of cairo-run's <c>air_private_input.json</c> this AIR reads: the trace and memory paths (paths on
/// the producer's machine, usually overridden) and, per builtin, the number of instances listed.
/// </summary>
public sealed class AirPrivateInput
{
    /// <summary><c>trace_path</c>, or null.</summary>
    public string? TracePath { get; init; }

    /// <summary><c>memory_path</c>, or null.</summary>
    public string? MemoryPath { get; init; }

    /// <summary>Builtin name → number of instances listed.</summary>
    public required IReadOnlyDictionary<string, int> BuiltinInstances { get; init; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    public static AirPrivateInput Read(string path)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(DataFile.ReadAllBytes(path));
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new CairoFileFormatException("air private input: expected a JSON object");
            var builtins = new Dictionary<string, int>(StringComparer.Ordinal);
            string? trace = null, memory = null;
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Name == "trace_path") trace = p.Value.GetString();
                else if (p.Name == "memory_path") memory = p.Value.GetString();
                else if (p.Value.ValueKind == JsonValueKind.Array) builtins[p.Name] = p.Value.GetArrayLength();
            }
            return new AirPrivateInput { TracePath = trace, MemoryPath = memory, BuiltinInstances = builtins };
        }
        catch (JsonException e)
        {
            throw new CairoFileFormatException($"air private input is not valid JSON: {e.Message}");
        }
    }
}
