using System.Text;
using System.Text.Json;

namespace Zetina.Node.Executor;

/// <summary>
/// The jobs an executor has heard of, kept in memory and, with a data dir, on disk there: a snapshot
/// <c>jobs.json</c> and an append-only log <c>jobs.log</c> of the changes since. A restarted node
/// reloads both, so it neither redoes a job it was paid for nor forgets one. Thread-safe.
/// </summary>
/// <remarks>
/// <para><b>Why a log.</b> Rewriting the whole record on every change costs O(record) per change, and the
/// record grows with what peers announce. Each change now appends one JSON line (flushed to the OS, so a
/// killed process loses nothing); the snapshot is rewritten — to a temporary file, synced, then renamed,
/// so a crash leaves the old or the new snapshot, never half — only once the log holds more lines than
/// <see cref="CompactAfterChanges"/> and than the record has entries (amortised O(1) per change), and on
/// <see cref="Dispose"/>. A write-on-a-timer scheme would be as cheap but would lose the last interval's
/// changes on a crash. Replaying a log line is idempotent (a line carries the whole entry or a removal),
/// so a crash between the snapshot's rename and the log's truncation replays harmlessly; a torn last
/// line (a crash mid-append) is ignored.</para>
/// <para><b>Retention.</b> Jobs that ended without pay for this node — <see cref="JobState.Rejected"/>,
/// <see cref="JobState.Lost"/>, <see cref="JobState.Expired"/>, <see cref="JobState.Failed"/> — are kept
/// up to <see cref="KeepFinished"/>, oldest evicted first: peers decide how many there are. Won jobs are
/// kept (one per proof this node was paid for). Unfinished entries found at start
/// (<see cref="JobState.Queued"/>, <see cref="JobState.Proving"/>) are dropped: their work died with the
/// previous process, and dropping them lets the next announcement of the job be heard again.</para>
/// </remarks>
internal sealed class JobRecord : IDisposable
{
    /// <summary>The snapshot's file name in the data dir.</summary>
    public const string SnapshotFileName = "jobs.json";

    /// <summary>The change log's file name in the data dir.</summary>
    public const string LogFileName = "jobs.log";

    /// <summary>The default of <see cref="KeepFinished"/> (<c>--keep-finished</c>).</summary>
    public const int DefaultKeepFinished = 1000;

    /// <summary>Log lines after which the snapshot is rewritten (when the record is smaller than the log).</summary>
    public const int CompactAfterChanges = 4096;

    private readonly Dictionary<string, JobEntry> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _finishedOrder = new(StringComparer.Ordinal);
    private readonly Queue<(string JobId, long Order)> _finishedQueue = new();
    private readonly string? _snapshotPath;
    private readonly string? _logPath;
    private readonly object _lock = new();
    private FileStream? _log;
    private long _nextOrder;
    private int _loggedChanges;

    /// <summary>
    /// Opens the record in <paramref name="dataDir"/> (null: memory only). Throws
    /// <see cref="InvalidDataException"/> naming the file when the snapshot or a log line is corrupt.
    /// </summary>
    public JobRecord(string? dataDir, int keepFinished = DefaultKeepFinished)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepFinished);
        KeepFinished = keepFinished;
        if (dataDir is null) return;
        Directory.CreateDirectory(dataDir);
        _snapshotPath = Path.Combine(dataDir, SnapshotFileName);
        _logPath = Path.Combine(dataDir, LogFileName);
        List<JobEntry> stored = Read(_snapshotPath, _logPath);
        stored.Sort(static (a, b) => a.UpdatedAt.CompareTo(b.UpdatedAt));
        foreach (JobEntry e in stored)
        {
            if (e.State is JobState.Queued or JobState.Proving) continue;
            _jobs[e.JobId] = e;
            TrackFinishedLocked(e);
        }
        EvictLocked(log: false);
        CompactLocked();
    }

    /// <summary>How many jobs that ended without pay are kept (<c>--keep-finished</c>).</summary>
    public int KeepFinished { get; }

    /// <summary>Adds a job unless it is already known; false when it was (a duplicate header).</summary>
    public bool TryAdd(JobEntry entry)
    {
        lock (_lock)
        {
            if (!_jobs.TryAdd(entry.JobId, entry)) return false;
            TrackFinishedLocked(entry);
            AppendLocked(entry, null);
            EvictLocked(log: true);
            return true;
        }
    }

    public JobEntry? Get(string jobId)
    {
        lock (_lock) return _jobs.TryGetValue(jobId, out JobEntry? e) ? e : null;
    }

    /// <summary>Applies <paramref name="change"/> to the job and logs it; no-op for an unknown (or evicted) job.</summary>
    public void Update(string jobId, Action<JobEntry> change)
    {
        lock (_lock)
        {
            if (!_jobs.TryGetValue(jobId, out JobEntry? e)) return;
            change(e);
            e.UpdatedAt = DateTimeOffset.UtcNow;
            TrackFinishedLocked(e);
            AppendLocked(e, null);
            EvictLocked(log: true);
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

    /// <summary>
    /// The record as stored in <paramref name="dataDir"/> (snapshot plus log), read without writing:
    /// for tools and tests that look at a running node's data dir.
    /// </summary>
    public static List<JobEntry> ReadStored(string dataDir) =>
        Read(Path.Combine(dataDir, SnapshotFileName), Path.Combine(dataDir, LogFileName));

    /// <summary>Rewrites the snapshot, empties the log and closes it.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_log is null) return;
            CompactLocked();
            _log.Dispose();
            _log = null;
        }
    }

    private static bool EndedWithoutPay(JobState s) => s is JobState.Rejected or JobState.Lost or JobState.Expired or JobState.Failed;

    /// <summary>Notes when an entry enters an evictable state; an entry that leaves one is forgotten by the queue lazily.</summary>
    private void TrackFinishedLocked(JobEntry e)
    {
        if (!EndedWithoutPay(e.State))
        {
            _finishedOrder.Remove(e.JobId);
            return;
        }
        if (_finishedOrder.ContainsKey(e.JobId)) return;
        long order = _nextOrder++;
        _finishedOrder[e.JobId] = order;
        _finishedQueue.Enqueue((e.JobId, order));
    }

    private void EvictLocked(bool log)
    {
        while (_finishedOrder.Count > KeepFinished && _finishedQueue.TryDequeue(out var oldest))
        {
            // A queue item is stale when its entry left the evictable states (or re-entered them later).
            if (!_finishedOrder.TryGetValue(oldest.JobId, out long order) || order != oldest.Order) continue;
            _finishedOrder.Remove(oldest.JobId);
            _jobs.Remove(oldest.JobId);
            if (log) AppendLocked(null, oldest.JobId);
        }
    }

    private void AppendLocked(JobEntry? put, string? removed)
    {
        if (_log is null) return;
        byte[] line = JsonSerializer.SerializeToUtf8Bytes(new JobRecordChange(put, removed), JobRecordLogJsonContext.Default.JobRecordChange);
        _log.Write(line);
        _log.WriteByte((byte)'\n');
        _log.Flush();
        if (++_loggedChanges >= CompactAfterChanges && _loggedChanges > _jobs.Count) CompactLocked();
    }

    private void CompactLocked()
    {
        if (_snapshotPath is null || _logPath is null) return;
        var list = new List<JobEntry>(_jobs.Values);
        list.Sort(static (a, b) => a.HeardAt.CompareTo(b.HeardAt));
        string tmp = _snapshotPath + ".tmp";
        using (var f = new FileStream(tmp, FileMode.Create, FileAccess.Write))
        {
            f.Write(JsonSerializer.SerializeToUtf8Bytes(list, JobRecordJsonContext.Default.ListJobEntry));
            f.Flush(flushToDisk: true);
        }
        File.Move(tmp, _snapshotPath, overwrite: true);
        _log ??= new FileStream(_logPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        _log.SetLength(0);
        _log.Flush(flushToDisk: true);
        _loggedChanges = 0;
    }

    /// <summary>The snapshot with the log replayed over it; a torn last log line (no newline) is ignored.</summary>
    private static List<JobEntry> Read(string snapshotPath, string logPath)
    {
        var jobs = new Dictionary<string, JobEntry>(StringComparer.Ordinal);
        if (File.Exists(snapshotPath))
        {
            try
            {
                foreach (JobEntry e in JsonSerializer.Deserialize(File.ReadAllBytes(snapshotPath), JobRecordJsonContext.Default.ListJobEntry) ?? [])
                    jobs[e.JobId] = e;
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"job record {snapshotPath} is not valid JSON: {e.Message}");
            }
        }
        if (File.Exists(logPath))
        {
            byte[] log;
            using (var f = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                log = new byte[f.Length];
                f.ReadExactly(log);
            }
            int start = 0, lineNumber = 0;
            while (start < log.Length)
            {
                int end = Array.IndexOf(log, (byte)'\n', start);
                if (end < 0) break; // torn by a crash mid-append
                lineNumber++;
                ReadOnlySpan<byte> line = log.AsSpan(start, end - start);
                start = end + 1;
                if (line.IsEmpty) continue;
                JobRecordChange? change;
                try
                {
                    change = JsonSerializer.Deserialize(line, JobRecordLogJsonContext.Default.JobRecordChange);
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"job record log {logPath} line {lineNumber} is not valid JSON: {e.Message} ({Encoding.UTF8.GetString(line[..Math.Min(line.Length, 80)])})");
                }
                if (change?.Put is JobEntry put) jobs[put.JobId] = put;
                else if (change?.Removed is string id) jobs.Remove(id);
            }
        }
        return [.. jobs.Values];
    }
}
