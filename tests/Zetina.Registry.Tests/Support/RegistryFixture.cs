using Zetina.Registry.Store;
using Zetina.Registry.Verification;

namespace Zetina.Registry.Tests.Support;

/// <summary>A fresh embedded SQLite registry in a temporary folder (see <see cref="LedgerFixture"/>); deleted on dispose.</summary>
internal sealed class RegistryFixture : LedgerFixture
{
    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "registry.db");

    private SqliteRegistry _registry;

    /// <inheritdoc/>
    public override SqliteRegistry Registry => _registry;

    private readonly Func<RegistryOptions, RegistryOptions>? _configure;
    private readonly IProofVerifier? _verifier;

    /// <param name="feeBps">The fee in basis points.</param>
    /// <param name="devFaucet">Whether unsigned deposits mint.</param>
    /// <param name="configure">Changes to the options (limits); by default the per-client write rate is off, since tests write from one loopback address.</param>
    /// <param name="verifier">A verifier in place of the commitment verifier.</param>
    public RegistryFixture(int feeBps = 250, bool devFaucet = true, Func<RegistryOptions, RegistryOptions>? configure = null, IProofVerifier? verifier = null)
        : base(feeBps, devFaucet)
    {
        _configure = configure;
        _verifier = verifier;
        Folder = Path.Combine(Path.GetTempPath(), "zetina-registry-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        _registry = Open();
    }

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
                StoneRevealWindow = TimeSpan.FromSeconds(Stone.WindowSeconds),
                StoneMinimumSecurityBits = Stone.MinimumSecurityBits,
                MaxCommitsPerJob = Stone.MaxCommitsPerJob,
                MaxCommitsPerExecutor = Stone.MaxCommitsPerExecutor,
            };
            return _configure is null ? o : _configure(o);
        }
    }

    private SqliteRegistry Open() => SqliteRegistry.Open(Options, _verifier ?? Verifier, StoneVerifier);

    /// <summary>Closes and reopens the database (what a restart does).</summary>
    public void Reopen()
    {
        _registry.Dispose();
        _registry = Open();
    }

    /// <inheritdoc/>
    public override LedgerAudit Audit() => _registry.Audit();

    /// <inheritdoc/>
    public override long LastSequence => _registry.LastSequence;

    public override void Dispose()
    {
        _registry.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
