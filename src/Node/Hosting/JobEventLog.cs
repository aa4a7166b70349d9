using Zetina.Stark.Field;

namespace Zetina.Node.Hosting;

/// <summary>One step of a job as this node saw it: published, picked_up, proving (with phase), submitted, settled, rejected…</summary>
internal sealed record JobEvent(long Sequence, string Job, string Type, string? Detail, DateTimeOffset At);

/// <summary>
/// Per-job event history for the API's SSE stream. Sequence numbers are per node and increase by one,
/// so a client resuming with Last-Event-ID misses nothing. Bounded: at most <see cref="MaxPerJob"/> events
/// per job (progress events beyond it are dropped, state changes never), and the histories of at most
/// <see cref="MaxJobs"/> jobs, the job first seen longest ago forgotten first (peers decide how many jobs
/// there are). The last <see cref="MaxRecent"/> events of all jobs together are kept in order too, for the
/// node-wide stream the dashboard follows.
/// </summary>
internal sealed class JobEventLog
{
    public const int MaxPerJob = 512;

    public const int MaxJobs = 4096;

    public const int MaxRecent = 4096;

    private readonly Dictionary<string, List<JobEvent>> _byJob = new(StringComparer.Ordinal);
    private readonly Queue<string> _jobsInOrder = new();
    private readonly Queue<JobEvent> _recent = new();
    private readonly object _lock = new();
    private long _sequence;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(Felt job, string type, string? detail)
    {
        string id = job.ToHexString();
        TaskCompletionSource toSignal;
        lock (_lock)
        {
            if (!_byJob.TryGetValue(id, out List<JobEvent>? list))
            {
                _byJob[id] = list = new List<JobEvent>();
                _jobsInOrder.Enqueue(id);
                while (_byJob.Count > MaxJobs) _byJob.Remove(_jobsInOrder.Dequeue());
            }
            if (type == "proving" && list.Count >= MaxPerJob) return;
            var e = new JobEvent(++_sequence, id, type, detail, DateTimeOffset.UtcNow);
            list.Add(e);
            _recent.Enqueue(e);
            if (_recent.Count > MaxRecent) _recent.Dequeue();
            toSignal = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        toSignal.TrySetResult();
    }

    /// <summary>The job's events with sequence above <paramref name="after"/>.</summary>
    public List<JobEvent> After(string job, long after)
    {
        lock (_lock)
        {
            var result = new List<JobEvent>();
            if (_byJob.TryGetValue(job, out List<JobEvent>? list))
                foreach (JobEvent e in list) if (e.Sequence > after) result.Add(e);
            return result;
        }
    }

    /// <summary>
    /// Every job's events with sequence above <paramref name="after"/>, oldest first, from the last
    /// <see cref="MaxRecent"/>: a client further behind resumes at the oldest event still kept.
    /// </summary>
    public List<JobEvent> AllAfter(long after)
    {
        lock (_lock)
        {
            var result = new List<JobEvent>();
            foreach (JobEvent e in _recent) if (e.Sequence > after) result.Add(e);
            return result;
        }
    }

    /// <summary>Completes at the next event of any job.</summary>
    public Task NextAsync(CancellationToken cancellationToken)
    {
        lock (_lock) return _changed.Task.WaitAsync(cancellationToken);
    }
}
