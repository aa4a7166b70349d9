using Zetina.Registry.Rules;
using Zetina.Registry.Store;

namespace Zetina.Registry.Tests.Support;

/// <summary>The rules over <see cref="InMemoryRegistry"/>, the second store (see <see cref="LedgerFixture"/>).</summary>
internal sealed class InMemoryFixture : LedgerFixture
{
    private readonly InMemoryRegistry _registry;

    public InMemoryFixture(int feeBps = 250, bool devFaucet = true) : base(feeBps, devFaucet) =>
        _registry = new InMemoryRegistry(
            new RegistryTerms(new RegistryOptions { DatabasePath = "" }.RegistryId, Operator.Public, devFaucet, feeBps, FeeAccount.Public, Clock, Stone),
            Verifier, StoneVerifier);

    /// <inheritdoc/>
    public override InMemoryRegistry Registry => _registry;

    /// <inheritdoc/>
    public override LedgerAudit Audit() => _registry.Audit();

    /// <inheritdoc/>
    public override long LastSequence => _registry.LastSequence;

    public override void Dispose() { }
}
