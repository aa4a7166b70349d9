using System.Text.Json.Serialization;

namespace Zetina.Node.Executor;

/// <summary>One job in an executor's record: its header fields as text, its state and why.</summary>
internal sealed class JobEntry
{
    public required string JobId { get; init; }
    public required string Delegator { get; init; }
    public required string Reward { get; init; }
    public required ulong StepLimit { get; init; }
    public required ulong Deadline { get; init; }
    public JobState State { get; set; }
    public string? Reason { get; set; }
    public string? PaidExecutor { get; set; }
    public ulong? NSteps { get; set; }
    public List<string>? Output { get; set; }
    public DateTimeOffset HeardAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The job record's snapshot, <c>jobs.json</c>: a JSON array of entries, indented for people.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<JobEntry>))]
internal sealed partial class JobRecordJsonContext : JsonSerializerContext;
