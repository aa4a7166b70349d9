using System.Text.Json;

namespace Zetina.Cairo.Air.Files;

/// <summary>
/// The parts of cairo-run's <c>air_private_input.json</c> this AIR reads: the trace and memory paths (paths on
/// the producer's machine, usually overridden), per builtin the number of instances listed, and the ecdsa signatures.
/// </summary>
public sealed class AirPrivateInput
{
    /// <summary><c>trace_path</c>, or null.</summary>
    public string? TracePath { get; init; }

    /// <summary><c>memory_path</c>, or null.</summary>
    public string? MemoryPath { get; init; }

    /// <summary>Builtin name → number of instances listed.</summary>
    public required IReadOnlyDictionary<string, int> BuiltinInstances { get; init; }

    /// <summary>The ecdsa builtin's signatures: instance index → (r, w = s⁻¹ mod the curve order), from the <c>ecdsa</c> list's <c>signature_input</c>.</summary>
    public IReadOnlyDictionary<long, (Stark.Field.Felt R, Stark.Field.Felt W)> EcdsaSignatures { get; init; } = new Dictionary<long, (Stark.Field.Felt, Stark.Field.Felt)>();

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
            var signatures = new Dictionary<long, (Stark.Field.Felt, Stark.Field.Felt)>();
            foreach (JsonProperty p in root.EnumerateObject())
            {
                if (p.Name == "trace_path") trace = p.Value.GetString();
                else if (p.Name == "memory_path") memory = p.Value.GetString();
                else if (p.Value.ValueKind == JsonValueKind.Array) builtins[p.Name] = p.Value.GetArrayLength();
                if (p.Name == "ecdsa" && p.Value.ValueKind == JsonValueKind.Array)
                    foreach (JsonElement e in p.Value.EnumerateArray())
                    {
                        JsonElement sig = e.GetProperty("signature_input");
                        signatures[e.GetProperty("index").GetInt64()] = (Stark.Field.Felt.Parse(sig.GetProperty("r").GetString() ?? ""), Stark.Field.Felt.Parse(sig.GetProperty("w").GetString() ?? ""));
                    }
            }
            return new AirPrivateInput { TracePath = trace, MemoryPath = memory, BuiltinInstances = builtins, EcdsaSignatures = signatures };
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
}
