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

    /// <summary>The executor's own proving speed in Cairo steps per second, for deadline estimates.</summary>
    public double StepsPerSecond { get; init; } = 20_000;

    /// <summary>How long to keep trying to fetch a body from the DHT.</summary>
    public TimeSpan BodyFetchTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
