using System.Text.Json.Serialization;

namespace Zetina.Node.Bench;

/// <summary>
/// One figure of <c>zetina bench SUITE --json</c>, one JSON object per line:
/// <c>{"suite":"field","name":"felt_mul","threads":1,"unit":"ns/op","value":9.8}</c>
/// (<c>log_size</c> and <c>threads</c> only where they apply).
/// </summary>
internal sealed record BenchResult(
    [property: JsonPropertyName("suite")] string Suite,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("log_size")] int? LogSize,
    [property: JsonPropertyName("threads")] int? Threads,
    [property: JsonPropertyName("unit")] string Unit,
    [property: JsonPropertyName("value")] double Value);

/// <summary>Source-generated JSON for <see cref="BenchResult"/> (AOT-safe, no reflection).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BenchResult))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
