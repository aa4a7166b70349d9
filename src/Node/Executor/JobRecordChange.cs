using System.Text.Json.Serialization;

namespace Zetina.Node.Executor;

/// <summary>
/// One line of the job record's log, <c>jobs.log</c>: the whole entry after a change (<c>put</c>), or
/// the id of an evicted entry (<c>removed</c>). Whole entries make replay idempotent.
/// </summary>
internal sealed record JobRecordChange(JobEntry? Put, string? Removed);

/// <summary>Log lines: one compact JSON object per line.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobRecordChange))]
internal sealed partial class JobRecordLogJsonContext : JsonSerializerContext;
