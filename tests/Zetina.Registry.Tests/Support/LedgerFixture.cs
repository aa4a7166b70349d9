using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests.Support;

/// <summary>
/// A fresh registry over some store, with an operator key, a fee, the dev faucet on, a hand-moved clock and the
/// commitment verifier: what the rule tests run against, once per store (<see cref="RegistryFixture"/> over SQLite,
/// <see cref="InMemoryFixture"/> over <see cref="InMemoryRegistry"/>), so the rules are shown to need nothing of SQLite.
/// </summary>
internal abstract class LedgerFixture(int feeBps, bool devFaucet) : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public TestKey Operator { get; } = TestKey.Next();
    public TestKey FeeAccount { get; } = TestKey.Next();
    public TestClock Clock { get; } = new(Start);
    public CommitmentProofVerifier Verifier { get; } = new();
    public StoneStatementVerifier StoneVerifier { get; } = new();

    /// <summary>Commit–reveal figures small enough to reach every limit: W = 60 s, 96 bits, 4 live commits a job, 3 an executor.</summary>
    public static readonly CommitRevealTerms Stone = new(60, 96, 4, 3);
    public int FeeBps { get; } = feeBps;
    public bool DevFaucet { get; } = devFaucet;

    /// <summary>The registry under test.</summary>
    public abstract IRegistry Registry { get; }

    /// <summary>The store's recomputation of the ledger's invariant.</summary>
    public abstract LedgerAudit Audit();

    /// <summary>The highest committed event sequence number.</summary>
    public abstract long LastSequence { get; }

    public ulong Now => (ulong)Clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Faucet-funds <paramref name="account"/> and checks it worked.</summary>
    public async Task FundAsync(Felt account, ulong amount)
    {
        var r = await Registry.DepositAsync(new DepositRequest(account, Amount.From(amount), Felt.Zero, 0, null));
        Assert.True(r.Ok, r.Message);
    }

    /// <summary>A signed header for a new job of <paramref name="delegator"/>.</summary>
    public (JobHeader Header, Signature Signature) Job(TestKey delegator, ulong reward, ulong stepLimit = 1_000_000, ulong ttlSeconds = 3600, Felt? jobId = null)
    {
        var header = new JobHeader(
            jobId ?? Felt.FromBigInteger(new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray(), isUnsigned: true)),
            ProgramHash, Amount.From(reward), stepLimit, Now + ttlSeconds, delegator.Public, 7, Registry.RegistryId);
        return (header, Client.RequestSigner.SignJob(delegator.Private, header));
    }

    public static readonly Felt ProgramHash = Felt.Parse("0x6c6f6e6720666962");
    public static readonly Felt[] Output = [Felt.FromUInt64(144), Felt.FromUInt64(10)];

    /// <summary>A valid witness for <paramref name="header"/> by <paramref name="executor"/>.</summary>
    public static JobWitness Witness(JobHeader header, Signature sig, Felt executor, ulong nSteps = 1000) =>
        new(new JobAnnouncement(header, sig), executor, Output, CommitmentProofVerifier.MakeProof(header.ProgramHash, header.JobId, executor, nSteps, Output));

    public abstract void Dispose();
}
