using Zetina.Node.Jobs;

namespace Zetina.Node.Executor;

/// <summary>
/// Jobs waiting to be proved, most profitable first: reward per step of the job's step limit (the
/// executor's cost grows with steps), ties broken by the earlier deadline. Thread-safe; takers wait.
/// </summary>
internal sealed class JobQueue
{
    private readonly PriorityQueue<QueuedJob, (double NegRewardPerStep, ulong Deadline)> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly object _lock = new();

    public void Enqueue(QueuedJob job)
    {
        double perStep = (double)job.Announcement.Header.Reward.Value / Math.Max(1UL, job.Announcement.Header.StepLimit);
        lock (_lock) _queue.Enqueue(job, (-perStep, job.Announcement.Header.Deadline));
        _available.Release();
    }

    public async Task<QueuedJob> TakeAsync(CancellationToken cancellationToken)
    {
        await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_lock) return _queue.Dequeue();
    }

    public int Count
    {
        get { lock (_lock) return _queue.Count; }
    }
}

/// <summary>A job ready to prove: its signed header and its fetched, hash-checked body.</summary>
internal sealed record QueuedJob(JobAnnouncement Announcement, JobBody Body);
