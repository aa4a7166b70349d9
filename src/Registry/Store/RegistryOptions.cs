using Zetina.Registry.Rules;
using Zetina.Stark.Field;

namespace Zetina.Registry.Store;

/// <summary>How an embedded registry is set up.</summary>
public sealed record RegistryOptions
{
    /// <summary>The SQLite database file (created if missing).</summary>
    public required string DatabasePath { get; init; }

    /// <summary>This registry's id; job headers and signed requests must name it.</summary>
    public Felt RegistryId { get; init; } = Signing.ShortString.Encode("zetina.registry");

    /// <summary>The operator's public key: deposits it signs mint funds. Null: no operator.</summary>
    public Felt? OperatorKey { get; init; }

    /// <summary>When true, unsigned deposits mint funds (local and test networks only); each is logged as source "faucet".</summary>
    public bool DevFaucet { get; init; }

    /// <summary>The fee taken from each reward, in basis points (0..10,000).</summary>
    public int FeeBasisPoints { get; init; }

    /// <summary>The account fees are paid into (defaults to the operator key, else the zero account).</summary>
    public Felt? FeeAccount { get; init; }

    /// <summary>The most writes committed together in one group commit (each still atomic on its own).</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>
    /// SQLite's <c>synchronous</c> setting: FULL (the default) syncs the WAL at each commit, so a committed
    /// write survives power loss; NORMAL survives a process crash only.
    /// </summary>
    public bool SynchronousFull { get; init; } = true;

    /// <summary>
    /// The most proof verifications the HTTP API runs at once (default: the processor count). A witness that
    /// arrives when all are busy is answered 503 with <c>Retry-After</c>, so a flood of (valid or junk) proofs
    /// cannot queue unbounded CPU work or threads.
    /// </summary>
    public int MaxConcurrentVerifications { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The sustained rate of write requests (POST: deposits, withdrawals, jobs, witnesses) the HTTP API accepts
    /// from one client address, per second (a token bucket per remote IP; IPv6 clients by their /64 prefix).
    /// Over it a client gets 429 with <c>Retry-After</c>. 0 turns the limit off (benchmarks; a registry behind
    /// a proxy that limits). Honest clients make a few writes per job, far below the default.
    /// </summary>
    public double WritesPerSecondPerClient { get; init; } = 100;

    /// <summary>The bucket size of <see cref="WritesPerSecondPerClient"/>: how many writes a client may make at once after a pause.</summary>
    public int WriteBurstPerClient { get; init; } = 200;

    /// <summary>
    /// The most open <c>GET /v1/events/stream</c> subscriptions; one more is answered 503 with <c>Retry-After</c>.
    /// Each subscription holds a connection and polls the store, so the number is bounded.
    /// </summary>
    public int MaxEventSubscribers { get; init; } = 256;

    /// <summary>
    /// W of commit–reveal for Stone-format jobs (docs/registry.md): a commit blocks the payment of later commits for W
    /// and may be revealed for 2W. Whole seconds, at least 1.
    /// </summary>
    public TimeSpan StoneRevealWindow { get; init; } = TimeSpan.FromSeconds(CommitRevealTerms.Default.WindowSeconds);

    /// <summary>The fewest security bits (n_queries · log_n_cosets + proof_of_work_bits) a Stone-format proof is paid at.</summary>
    public int StoneMinimumSecurityBits { get; init; } = CommitRevealTerms.Default.MinimumSecurityBits;

    /// <summary>The most live commits one Stone-format job holds (one more is refused with <c>TooManyCommits</c>).</summary>
    public int MaxCommitsPerJob { get; init; } = CommitRevealTerms.Default.MaxCommitsPerJob;

    /// <summary>The most live commits one executor holds over all jobs.</summary>
    public int MaxCommitsPerExecutor { get; init; } = CommitRevealTerms.Default.MaxCommitsPerExecutor;

    /// <summary>The commit–reveal figures these options name.</summary>
    internal CommitRevealTerms CommitReveal =>
        new((long)StoneRevealWindow.TotalSeconds, StoneMinimumSecurityBits, MaxCommitsPerJob, MaxCommitsPerExecutor);

    /// <summary>The clock used for deadlines and event times.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
