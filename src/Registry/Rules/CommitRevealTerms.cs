namespace Zetina.Registry.Rules;

/// <summary>
/// The figures of commit–reveal for Stone-format jobs (docs/registry.md, "Stone-format jobs: commit–reveal").
/// </summary>
/// <param name="WindowSeconds">
/// W: a commit blocks later commits' payment for W seconds, and may be revealed for 2W. An earlier commit blocks a
/// later one at most until its own time + W ≤ the later one's time + W, so every commit keeps at least W seconds in
/// which nothing earlier blocks it.
/// </param>
/// <param name="MinimumSecurityBits">A Stone proof verifying at fewer bits (n_queries · log_n_cosets + proof_of_work_bits) is refused.</param>
/// <param name="MaxCommitsPerJob">The most live (still revealable) commits one job holds; bounds the store per registered job.</param>
/// <param name="MaxCommitsPerExecutor">The most live commits one executor holds over all jobs.</param>
internal sealed record CommitRevealTerms(long WindowSeconds, int MinimumSecurityBits, int MaxCommitsPerJob, int MaxCommitsPerExecutor)
{
    /// <summary>Two minutes, 96 bits, 64 per job, 16 per executor (as <see cref="Store.RegistryOptions"/> defaults).</summary>
    public static readonly CommitRevealTerms Default = new(120, 96, 64, 16);

    /// <summary>Until when (unix seconds) a commit made at <paramref name="committedAt"/> blocks later commits.</summary>
    public long BlocksUntil(long committedAt) => committedAt + WindowSeconds;

    /// <summary>Until when (unix seconds, exclusive) a commit made at <paramref name="committedAt"/> may be revealed.</summary>
    public long RevealBy(long committedAt) => committedAt + 2 * WindowSeconds;
}
