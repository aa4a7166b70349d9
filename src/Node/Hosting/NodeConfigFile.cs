using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Zetina.Node.Hosting;

/// <summary>
/// The file <c>zetina node --config F</c> reads: a JSON object whose keys are the <c>zetina node</c> flags in
/// snake case (<c>"min_reward": "100"</c> for <c>--min-reward 100</c>); a flag given on the command line overrides
/// its key. Every value is kept as written and parsed by the same code as the flag, so a file and a command line
/// accept the same values (docs/operating.md lists the keys).
/// </summary>
/// <remarks>
/// Values are held as <see cref="JsonElement"/> so that a reward may be written as a number or, beyond 2^53, as a
/// string, and so that a value of the wrong type is reported by the key's parser ("expected an integer") rather
/// than as a serializer path.
/// </remarks>
internal sealed record NodeConfigFile
{
    [JsonPropertyName("registry")] public JsonElement? Registry { get; init; }
    [JsonPropertyName("key")] public JsonElement? Key { get; init; }
    [JsonPropertyName("role")] public JsonElement? Role { get; init; }
    [JsonPropertyName("listen")] public JsonElement? Listen { get; init; }
    [JsonPropertyName("bootstrap")] public JsonElement? Bootstrap { get; init; }
    [JsonPropertyName("api")] public JsonElement? Api { get; init; }
    [JsonPropertyName("api_token_file")] public JsonElement? ApiTokenFile { get; init; }
    [JsonPropertyName("data_dir")] public JsonElement? DataDir { get; init; }
    [JsonPropertyName("max_reward")] public JsonElement? MaxReward { get; init; }
    [JsonPropertyName("min_reward")] public JsonElement? MinReward { get; init; }
    [JsonPropertyName("min_reward_per_mstep")] public JsonElement? MinRewardPerMstep { get; init; }
    [JsonPropertyName("max_steps")] public JsonElement? MaxSteps { get; init; }
    [JsonPropertyName("max_concurrent")] public JsonElement? MaxConcurrent { get; init; }
    [JsonPropertyName("max_queue")] public JsonElement? MaxQueue { get; init; }
    [JsonPropertyName("keep_finished")] public JsonElement? KeepFinished { get; init; }
    [JsonPropertyName("threads")] public JsonElement? Threads { get; init; }
    [JsonPropertyName("gpu")] public JsonElement? Gpu { get; init; }
    [JsonPropertyName("optimize")] public JsonElement? Optimize { get; init; }
    [JsonPropertyName("bootloader")] public JsonElement? Bootloader { get; init; }

    /// <summary>The file's values by key, those present only.</summary>
    [JsonIgnore] public IReadOnlyDictionary<string, JsonElement> Values { get; private init; } = new Dictionary<string, JsonElement>();

    /// <summary>Every key the file may hold.</summary>
    public static IEnumerable<string> Keys
    {
        get
        {
            foreach (JsonPropertyInfo p in NodeConfigJsonContext.Default.NodeConfigFile.Properties)
                if (p.Name != nameof(Values)) yield return p.Name;
        }
    }

    /// <summary>
    /// Reads and checks the shape of <paramref name="path"/>. Throws <see cref="FormatException"/> with one line
    /// naming the file and, where one is at fault, the key: not JSON, not an object, an unknown key.
    /// </summary>
    public static NodeConfigFile Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"{path}: cannot read: {e.Message}");
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses a config document; <paramref name="name"/> is what error lines call it.</summary>
    public static NodeConfigFile Parse(ReadOnlySpan<byte> json, string name)
    {
        var known = new HashSet<string>(Keys, StringComparer.Ordinal);
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new FormatException($"{name}: expected a JSON object of settings, got {doc.RootElement.ValueKind}");
            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (!known.Contains(p.Name)) throw new FormatException($"{name}: unknown key '{p.Name}' (known: {string.Join(", ", known)})");
                if (!values.TryAdd(p.Name, p.Value.Clone())) throw new FormatException($"{name}: key '{p.Name}' appears twice");
            }
            NodeConfigFile file = doc.RootElement.Deserialize(NodeConfigJsonContext.Default.NodeConfigFile)!;
            return file with { Values = values };
        }
        catch (JsonException e)
        {
            throw new FormatException($"{name}: not valid JSON: {e.Message}");
        }
    }
}

/// <summary>Source-generated JSON for <see cref="NodeConfigFile"/> (AOT-safe, no reflection).</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(NodeConfigFile))]
internal sealed partial class NodeConfigJsonContext : JsonSerializerContext;
