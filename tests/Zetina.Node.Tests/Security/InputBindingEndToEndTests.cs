using System.Numerics;
using System.Text;
using Zetina.Node.Jobs;
using Zetina.Node.Proving;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;
using Zetina.Tests.Shared;

namespace Zetina.Node.Tests.Security;

/// <summary>
/// <c>--bind-input</c> with the shared example (c0_fibonacci_hint_recursive: it reads fibonacci_claim_index by a hint
/// and writes it to the output first). Without the binding, an executor who runs the program on another input holds a
/// valid proof of the same program; with it, the registry pays only for the delegator's input.
/// </summary>
public sealed class InputBindingEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-bind-").FullName;
    private readonly SqliteRegistry _registry;

    public InputBindingEndToEndTests()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
    }

    public void Dispose()
    {
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static JobBody Body(byte[] input)
    {
        string dir = RepoPaths.SharedFile("testdata", "cairo", "c0_fibonacci_hint_recursive");
        return new JobBody("recursive", 1 << 16, File.ReadAllBytes(Path.Combine(dir, "program_nonproof.json")), input);
    }

    [Fact]
    public async Task BoundInput_ExecutorRunsAnotherInput_RefusedThenTheDelegatorsInputPaid()
    {
        byte[] input = File.ReadAllBytes(RepoPaths.SharedFile("testdata", "cairo", "c0_fibonacci_hint_recursive", "program_input.json"));
        Felt[] bound = ProgramInputFelts.FromJson(input);
        Assert.Equal([(Felt)10UL], bound);

        BigInteger key = RegistryCrypto.NewPrivateKey();
        Felt delegator = RegistryCrypto.PublicKey(key);
        Assert.True((await _registry.DepositAsync(new DepositRequest(delegator, Amount.From(1_000_000), Felt.Zero, 0, null))).Ok);
        JobBody body = Body(input);
        var prover = new CairoJobProver(2);
        (ulong length, Felt hash) = JobHeader.BindingOf(bound);
        var header = new JobHeader(JobIds.Of(body), prover.ProgramHash(body), Amount.From(1000), body.MaxSteps,
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600, delegator, Felt.FromUInt64(1), _registry.RegistryId, length, hash);
        JobAnnouncement a = JobAnnouncement.Sign(header, key);
        Assert.True((await _registry.RegisterJobAsync(header, a.Signature)).Ok);
        Felt executor = RegistryCrypto.PublicKey(RegistryCrypto.NewPrivateKey());

        // The same program on another input: a valid proof of the program hash the header names.
        JobBody other = Body(Encoding.UTF8.GetBytes("{\"fibonacci_claim_index\": 11}"));
        ProvedJob wrong = await prover.ProveAsync(other, header.JobId, executor, null, default);
        Assert.Equal(header.ProgramHash, wrong.ProgramHash);
        Assert.Equal((Felt)11UL, wrong.Output[0]);
        var refused = await _registry.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(header, a.Signature), executor, wrong.Output, wrong.Proof));
        Assert.Equal(RegistryError.OutputDoesNotBindInput, refused.Error);
        Assert.True((await _registry.GetAccountAsync(executor)).Balance.IsZero);

        ProvedJob right = await prover.ProveAsync(body, header.JobId, executor, null, default);
        Assert.Equal([(Felt)10UL, (Felt)0x90UL], right.Output);
        var paid = await _registry.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(header, a.Signature), executor, right.Output, right.Proof));
        Assert.True(paid.Ok, paid.Message);
        Assert.Equal(Amount.From(1000), (await _registry.GetAccountAsync(executor)).Balance);
    }
}
