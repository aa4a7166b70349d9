using Zetina.Registry.Ledger;

namespace Zetina.Node.Executor;

/// <summary>An executor's policy: which jobs it takes and how many it proves at once.</summary>
internal sealed record ExecutorOptions
{
    /// <summary>Jobs paying less are ignored (<c>--min-reward</c>).</summary>
    public Amount MinReward { get; init; } = Amount.Zero;

    /// <summary>Jobs allowing more steps are ignored (<c>--max-steps</c>).</summary>
    public ulong MaxSteps { get; init; } = 1UL << 22;

    /// <summary>Jobs proved at the same time (<c>--max-concurrent</c>).</summary>
    public int MaxConcurrent { get; init; } = 1;

    /// <summary>The proving speed assumed for deadline estimates until the executor has measured its own (Cairo steps per second).</summary>
    public double StepsPerSecond { get; init; } = 20_000;

    /// <summary>How long to keep trying to fetch a body from the DHT.</summary>
    public TimeSpan BodyFetchTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
