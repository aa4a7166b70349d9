using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests.Support;

/// <summary>
/// A fresh embedded registry in a temporary folder, with an operator key, a fee, the dev faucet on,
/// a hand-moved clock and the commitment verifier; deleted on dispose.
/// </summary>
internal sealed class RegistryFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "registry.db");
    public TestKey Operator { get; } = TestKey.Next();
    public TestKey FeeAccount { get; } = TestKey.Next();
    public TestClock Clock { get; } = new(Start);
    public CommitmentProofVerifier Verifier { get; } = new();
    public SqliteRegistry Registry { get; private set; }
    public int FeeBps { get; }

    private readonly Func<RegistryOptions, RegistryOptions>? _configure;
    private readonly IProofVerifier? _verifier;

    /// <param name="feeBps">The fee in basis points.</param>
    /// <param name="devFaucet">Whether unsigned deposits mint.</param>
    /// <param name="configure">Changes to the options (limits); by default the per-client write rate is off, since tests write from one loopback address.</param>
    /// <param name="verifier">A verifier in place of the commitment verifier.</param>
    public RegistryFixture(int feeBps = 250, bool devFaucet = true, Func<RegistryOptions, RegistryOptions>? configure = null, IProofVerifier? verifier = null)
    {
        _configure = configure;
        _verifier = verifier;
        FeeBps = feeBps;
        Folder = Path.Combine(Path.GetTempPath(), "zetina-registry-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        DevFaucet = devFaucet;
        Registry = Open();
    }

    public bool DevFaucet { get; }

    public RegistryOptions Options
    {
        get
        {
            var o = new RegistryOptions
            {
                DatabasePath = DatabasePath,
                OperatorKey = Operator.Public,
                FeeAccount = FeeAccount.Public,
                FeeBasisPoints = FeeBps,
                DevFaucet = DevFaucet,
                Clock = Clock,
                WritesPerSecondPerClient = 0,
            };
            return _configure is null ? o : _configure(o);
        }
    }

    private SqliteRegistry Open() => SqliteRegistry.Open(Options, _verifier ?? Verifier);

    /// <summary>Closes and reopens the database (what a restart does).</summary>
    public void Reopen()
    {
        Registry.Dispose();
        Registry = Open();
    }

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
    public static WitnessSubmission Witness(JobHeader header, Signature sig, Felt executor, ulong nSteps = 1000) =>
        new(header, sig, header.JobId, executor, CommitmentProofVerifier.MakeProof(header.ProgramHash, header.JobId, executor, nSteps, Output), Output);

    public void Dispose()
    {
        Registry.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
