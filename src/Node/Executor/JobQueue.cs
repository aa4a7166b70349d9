using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;

namespace Zetina.Node.Executor;

/// <summary>
/// Jobs waiting to be proved, most profitable first: reward per step of the job's step limit (the
/// executor's cost grows with steps), ties broken by the earlier deadline. Bounded: at most
/// <see cref="Capacity"/> jobs, the least profitable dropped when a better one arrives at a full queue.
/// Thread-safe; takers wait.
/// </summary>
/// <remarks>
/// Peers choose how many jobs are announced, and each queued job holds its body (up to
/// <see cref="JobBody.MaxEncodedBytes"/>), so the bound is what keeps a flood of cheap jobs from
/// exhausting memory or pushing out the jobs worth proving. The capacity is small (tens), so a linear
/// scan for the best and the worst job costs less than keeping two heaps in step.
/// </remarks>
internal sealed class JobQueue
{
    /// <summary>The default of <see cref="Capacity"/> (<c>--max-queue</c>).</summary>
    public const int DefaultCapacity = 32;

    private readonly List<QueuedJob> _jobs = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly object _lock = new();

    public JobQueue(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>The most jobs the queue holds.</summary>
    public int Capacity
    {
        get { lock (_lock) return _capacity; }
    }

    private int _capacity;

    /// <summary>
    /// Changes <see cref="Capacity"/>; when the queue holds more, drops the least profitable jobs down to it and
    /// returns them (the caller records why).
    /// </summary>
    public List<QueuedJob> Resize(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var dropped = new List<QueuedJob>();
        lock (_lock)
        {
            _capacity = capacity;
            while (_jobs.Count > capacity)
            {
                int worst = 0;
                for (int i = 1; i < _jobs.Count; i++)
                    if (Compare(_jobs[i], _jobs[worst]) < 0) worst = i;
                dropped.Add(_jobs[worst]);
                _jobs.RemoveAt(worst);
                // Take back the count the job added; when a taker holds it already, that taker finds the
                // list short and waits again (TakeAsync).
                _available.Wait(0);
            }
        }
        return dropped;
    }

    /// <summary>
    /// Queues <paramref name="job"/>. Returns null when it fit; when the queue was full, the job that was
    /// dropped — the least profitable of the queued ones and the new one (the new one when it ties).
    /// </summary>
    public QueuedJob? Enqueue(QueuedJob job)
    {
        lock (_lock)
        {
            if (_jobs.Count < _capacity)
            {
                _jobs.Add(job);
                _available.Release();
                return null;
            }
            int worst = 0;
            for (int i = 1; i < _jobs.Count; i++)
                if (Compare(_jobs[i], _jobs[worst]) < 0) worst = i;
            if (Compare(job, _jobs[worst]) <= 0) return job;
            QueuedJob dropped = _jobs[worst];
            _jobs[worst] = job; // the count is unchanged: no Release
            return dropped;
        }
    }

    /// <summary>Waits for a job and takes the most profitable one.</summary>
    public async Task<QueuedJob> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                if (_jobs.Count > 0) return TakeBestLocked();
            }
        }
    }

    private QueuedJob TakeBestLocked()
    {
        int best = 0;
        for (int i = 1; i < _jobs.Count; i++)
            if (Compare(_jobs[i], _jobs[best]) > 0) best = i;
        QueuedJob job = _jobs[best];
        _jobs.RemoveAt(best);
        return job;
    }

    public int Count
    {
        get { lock (_lock) return _jobs.Count; }
    }

    /// <summary>Positive when <paramref name="a"/> is worth more than <paramref name="b"/>: more reward per step, then the earlier deadline.</summary>
    private static int Compare(QueuedJob a, QueuedJob b)
    {
        int byProfit = RewardPerStep(a).CompareTo(RewardPerStep(b));
        return byProfit != 0 ? byProfit : b.Announcement.Header.Deadline.CompareTo(a.Announcement.Header.Deadline);
    }

    private static double RewardPerStep(QueuedJob j) =>
        (double)j.Announcement.Header.Reward.Value / Math.Max(1UL, j.Announcement.Header.StepLimit);
}

/// <summary>A job ready to prove: its signed header and its fetched, hash-checked body.</summary>
internal sealed record QueuedJob(JobAnnouncement Announcement, JobBody Body);
