using Zetina.Registry.Ledger;

namespace Zetina.Node.Executor;

/// <summary>An executor's policy: which jobs it takes and how many it proves at once.</summary>
internal sealed record ExecutorOptions
{
    /// <summary>Jobs paying less are ignored (<c>--min-reward</c>).</summary>
    public Amount MinReward { get; init; } = Amount.Zero;

    /// <summary>
    /// Jobs paying less per million steps of their step limit are ignored (<c>--min-reward-per-mstep</c>, in reward
    /// units): the floor <c>zetina calibrate</c> computes from this machine's proving speed and cost (docs/operating.md).
    /// Zero ignores none. Applies beside <see cref="MinReward"/>; a job must pass both.
    /// </summary>
    public double MinRewardPerMstep { get; init; }

    /// <summary>Jobs allowing more steps are ignored (<c>--max-steps</c>).</summary>
    public ulong MaxSteps { get; init; } = 1UL << 22;

    /// <summary>Jobs proved at the same time (<c>--max-concurrent</c>).</summary>
    public int MaxConcurrent { get; init; } = 1;

    /// <summary>The proving speed assumed for deadline estimates until the executor has measured its own (Cairo steps per second).</summary>
    public double StepsPerSecond { get; init; } = 20_000;

    /// <summary>How long to keep trying to fetch a body from the DHT.</summary>
    public TimeSpan BodyFetchTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Headers whose deadline lies further ahead are refused unheard: a deadline is what ends a queued
    /// job's claim on the record, so an absurd one would hold a slot for ever. A week by default.
    /// </summary>
    public TimeSpan MaxDeadlineAhead { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Jobs waiting to be proved (<c>--max-queue</c>); the least profitable is dropped when a better one arrives at a full queue.</summary>
    public int MaxQueue { get; init; } = JobQueue.DefaultCapacity;

    /// <summary>
    /// Headers being checked against the registry and having their bodies fetched at once; a header heard
    /// while all are busy is let go unrecorded (its delegator re-announces it). Bounds the registry
    /// lookups and the body memory that a flood of announcements can cause.
    /// </summary>
    public int MaxPendingChecks { get; init; } = 16;

    /// <summary>Jobs that ended without pay (refused, lost, expired, failed) kept in the job record (<c>--keep-finished</c>).</summary>
    public int KeepFinished { get; init; } = JobRecord.DefaultKeepFinished;
}
