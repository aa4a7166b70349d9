using Zetina.Registry.Client;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Registry.Tests.Support;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests;

/// <summary>Settlement against real STARK proofs (the STARK engine's Fibonacci AIR, bound to job id and executor).</summary>
public sealed class StarkWitnessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "zetina-registry-stark-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteRegistry _registry;
    private readonly TestKey _delegator = TestKey.Next();
    private readonly TestKey _executor = TestKey.Next();
    private readonly TestKey _thief = TestKey.Next();
    private readonly JobHeader _header;
    private readonly Signature _sig;
    private readonly byte[] _proof;
    private readonly Felt _result;

    public StarkWitnessTests()
    {
        Directory.CreateDirectory(_folder);
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_folder, "r.db"), DevFaucet = true, FeeBasisPoints = 500 },
            new FibonacciStarkVerifier());
        Felt jobId = Felt.FromUInt64(0x5eed_0001);
        _header = new JobHeader(jobId, FibonacciStarkVerifier.ProgramHash(Felt.One, Felt.One), Amount.From(2_000), 64,
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600, _delegator.Public, 1, _registry.RegistryId);
        _sig = RequestSigner.SignJob(_delegator.Private, _header);
        (_proof, _result) = FibonacciStarkVerifier.Prove(64, Felt.One, Felt.One, jobId, _executor.Public);
    }

    private async Task<Snapshot> SnapAsync() =>
        await Snapshot.TakeAsync(_registry, [_delegator.Public, _executor.Public, _thief.Public], [_header.JobId]);

    [Fact]
    public async Task SubmitWitness_RealStarkProof_PaysAndEmitsProvedOutput()
    {
        Assert.True((await _registry.DepositAsync(RequestSigner.FaucetDeposit(_delegator.Public, Amount.From(5_000)))).Ok);
        var r = await _registry.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(_header, _sig), _executor.Public, [_result], _proof));
        Assert.True(r.Ok, r.Message);
        Assert.Equal(64UL, r.Value!.NSteps);
        Assert.Equal([_result], r.Value.Output);
        Assert.Equal(Amount.From(1_900), (await _registry.GetAccountAsync(_executor.Public)).Balance);
        Assert.True(_registry.Audit().Holds);
    }

    [Fact]
    public async Task SubmitWitness_StarkProofUnderThiefAddress_RefusedAndChangesNothing()
    {
        Assert.True((await _registry.DepositAsync(RequestSigner.FaucetDeposit(_delegator.Public, Amount.From(5_000)))).Ok);
        var before = await SnapAsync();
        // The executor's proof as seen on the network, submitted for the thief's address.
        var asIs = await _registry.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(_header, _sig), _thief.Public, [_result], _proof));
        Assert.Equal(RegistryError.ProofBoundToAnotherExecutor, asIs.Error);
        // The same proof with the thief's address written into its public input: the transcript no longer matches.
        byte[] rewritten = FibonacciStarkVerifier.WithClaimedExecutor(_proof, _thief.Public);
        var forged = await _registry.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(_header, _sig), _thief.Public, [_result], rewritten));
        Assert.Equal(RegistryError.InvalidProof, forged.Error);
        Assert.Equal(before, await SnapAsync());
    }

    [Fact]
    public async Task SubmitWitness_TamperedStarkProof_RefusedAndChangesNothing()
    {
        Assert.True((await _registry.DepositAsync(RequestSigner.FaucetDeposit(_delegator.Public, Amount.From(5_000)))).Ok);
        var before = await SnapAsync();
        byte[] bad = (byte[])_proof.Clone();
        bad[^100] ^= 0x40;
        var r = await _registry.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(_header, _sig), _executor.Public, [_result], bad));
        Assert.Equal(RegistryError.InvalidProof, r.Error);
        var wrongOutput = await _registry.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(_header, _sig), _executor.Public, [_result + Felt.One], _proof));
        Assert.Equal(RegistryError.OutputMismatch, wrongOutput.Error);
        Assert.Equal(before, await SnapAsync());
    }

    public void Dispose()
    {
        _registry.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
