using System.Text.Json;
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

[JsonSourceGenerationOptions(WriteIndented = true, UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<JobEntry>))]
internal sealed partial class JobRecordJsonContext : JsonSerializerContext;

/// <summary>
/// The jobs an executor has heard of, kept in memory and, with a data dir, in <c>jobs.json</c> there
/// (written to a temporary file and renamed, so a crash leaves the old or the new record, never half).
/// A restarted node reloads it, so it neither redoes nor forgets jobs. Thread-safe.
/// </summary>
internal sealed class JobRecord
{
    private readonly Dictionary<string, JobEntry> _jobs = new(StringComparer.Ordinal);
    private readonly string? _path;
    private readonly object _lock = new();

    public JobRecord(string? dataDir)
    {
        if (dataDir is null) return;
        Directory.CreateDirectory(dataDir);
        _path = Path.Combine(dataDir, "jobs.json");
        if (!File.Exists(_path)) return;
        try
        {
            var entries = JsonSerializer.Deserialize(File.ReadAllBytes(_path), JobRecordJsonContext.Default.ListJobEntry) ?? [];
            foreach (JobEntry e in entries) _jobs[e.JobId] = e;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"job record {_path} is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Adds a job unless it is already known; false when it was (a duplicate header).</summary>
    public bool TryAdd(JobEntry entry)
    {
        lock (_lock)
        {
            if (!_jobs.TryAdd(entry.JobId, entry)) return false;
            SaveLocked();
            return true;
        }
    }

    public JobEntry? Get(string jobId)
    {
        lock (_lock) return _jobs.TryGetValue(jobId, out JobEntry? e) ? e : null;
    }

    /// <summary>Applies <paramref name="change"/> to the job and saves; no-op for an unknown job.</summary>
    public void Update(string jobId, Action<JobEntry> change)
    {
        lock (_lock)
        {
            if (!_jobs.TryGetValue(jobId, out JobEntry? e)) return;
            change(e);
            e.UpdatedAt = DateTimeOffset.UtcNow;
            SaveLocked();
        }
    }

    public List<JobEntry> Snapshot()
    {
        lock (_lock) return [.. _jobs.Values];
    }

    public int Count
    {
        get { lock (_lock) return _jobs.Count; }
    }

    private void SaveLocked()
    {
        if (_path is null) return;
        var list = new List<JobEntry>(_jobs.Values);
        list.Sort(static (a, b) => a.HeardAt.CompareTo(b.HeardAt));
        string tmp = _path + ".tmp";
        File.WriteAllBytes(tmp, JsonSerializer.SerializeToUtf8Bytes(list, JobRecordJsonContext.Default.ListJobEntry));
        File.Move(tmp, _path, overwrite: true);
    }
}
