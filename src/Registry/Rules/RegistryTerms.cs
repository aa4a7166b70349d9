using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>The figures a registry's rules are run with, whatever store holds its ledger.</summary>
/// <param name="RegistryId">This registry's id: headers and signed requests naming another are refused.</param>
/// <param name="OperatorKey">The key whose signed deposits mint funds; null: no operator.</param>
/// <param name="DevFaucet">Whether unsigned deposits mint (development only).</param>
/// <param name="FeeBasisPoints">The fee taken out of each reward, in [0, 10,000] basis points.</param>
/// <param name="FeeAccount">The account fees are paid into.</param>
/// <param name="Clock">Deadlines and event times are read from it.</param>
/// <param name="CommitReveal">The figures of commit–reveal for Stone-format jobs; null: <see cref="CommitRevealTerms.Default"/>.</param>
internal sealed record RegistryTerms(Felt RegistryId, Felt? OperatorKey, bool DevFaucet, int FeeBasisPoints, Felt FeeAccount, TimeProvider Clock,
    CommitRevealTerms? CommitReveal = null)
{
    /// <summary>The commit–reveal figures in force.</summary>
    public CommitRevealTerms Stone => CommitReveal ?? CommitRevealTerms.Default;

    /// <summary>Now, in unix seconds (what job deadlines are written in).</summary>
    public long NowSeconds => Clock.GetUtcNow().ToUnixTimeSeconds();
}
