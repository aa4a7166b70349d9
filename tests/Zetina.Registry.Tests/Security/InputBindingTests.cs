using Zetina.Registry.Client;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Tests.Support;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Registry.Tests.Security;

/// <summary>
/// The attack: the input a Cairo program reads through hints is not part of what its proof states, so an
/// executor proves a cheaper run on another input and claims the reward. A header that binds the input pays
/// only for an output that begins with the bound input. The proofs here are the commitment verifier's, which
/// reports exactly the output it was given (a verifier returning chosen outputs).
/// </summary>
public abstract class InputBindingTests
{
    /// <summary>fibonacci_claim_index = 10, the input of the shared c0_fibonacci_hint_recursive example.</summary>
    private static readonly Felt[] BoundInput = [Felt.FromUInt64(10)];

    private static (JobHeader Header, Signature Signature) BoundJob(LedgerFixture f, TestKey delegator, ulong reward)
    {
        var (plain, _) = f.Job(delegator, reward);
        var (length, hash) = JobHeader.BindingOf(BoundInput);
        JobHeader header = plain with { InputLength = length, InputHash = hash };
        return (header, RequestSigner.SignJob(delegator.Private, header));
    }

    private static JobWitness WitnessWithOutput(JobHeader header, Signature sig, Felt executor, Felt[] output) =>
        new(new JobAnnouncement(header, sig), executor, output, CommitmentProofVerifier.MakeProof(header.ProgramHash, header.JobId, executor, 1000, output));

    /// <summary>A fresh registry over the store the subclass names.</summary>
    internal abstract LedgerFixture Fixture();

    public static TheoryData<string> WrongOutputs => new() { "other-input", "input-not-first", "empty" };

    [Theory]
    [MemberData(nameof(WrongOutputs))]
    public async Task Settle_OutputDoesNotBeginWithBoundInput_RefusedNothingPaid(string scenario)
    {
        using var f = Fixture();
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await f.FundAsync(delegator.Public, 5_000);
        var (header, sig) = BoundJob(f, delegator, 1_000);
        Assert.True((await f.Registry.RegisterJobAsync(header, sig)).Ok);
        Felt[] output = scenario switch
        {
            "other-input" => [Felt.FromUInt64(1), Felt.FromUInt64(1)],   // fib(1) from input 1: a cheaper run
            "input-not-first" => [Felt.FromUInt64(55), Felt.FromUInt64(10)],
            "empty" => [],
            _ => throw new ArgumentException(scenario),
        };
        JobHeader h = header;
        Felt[] accounts = [delegator.Public, executor.Public, f.FeeAccount.Public];
        var before = await Snapshot.TakeAsync(f, accounts, [h.JobId]);

        var r = await f.Registry.SubmitWitnessAsync(WitnessWithOutput(h, sig, executor.Public, output));
        Assert.Equal(RegistryError.OutputDoesNotBindInput, r.Error);
        Assert.StartsWith("output does not begin with the bound input: ", r.Message);
        Assert.Equal(before, await Snapshot.TakeAsync(f, accounts, [h.JobId]));
        Assert.Equal(Amount.Zero, (await f.Registry.GetAccountAsync(executor.Public)).Balance);
        Assert.True(f.Audit().Holds);
    }

    [Fact]
    public async Task Settle_OutputBeginsWithBoundInput_Paid()
    {
        await using var h = await HttpFixture.StartAsync(feeBps: 0);
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await h.Registry.FundAsync(delegator.Public, 5_000);
        var (header, sig) = BoundJob(h.Registry, delegator, 1_000);
        // Over HTTP: the binding travels in the header and the signature still verifies.
        Assert.True((await h.Client.RegisterJobAsync(header, sig)).Ok);

        Felt[] output = [Felt.FromUInt64(10), Felt.FromUInt64(55)];
        var r = await h.Client.SubmitWitnessAsync(WitnessWithOutput(header, sig, executor.Public, output));
        Assert.True(r.Ok, r.Message);
        Assert.Equal(output, r.Value!.Output);
        Assert.Equal(Amount.From(1_000), (await h.Client.GetAccountAsync(executor.Public)).Balance);

        // The binding is signed: dropping it from the header breaks the delegator's signature.
        var (other, otherSig) = BoundJob(h.Registry, delegator, 1_000);
        var stripped = await h.Client.SubmitWitnessAsync(WitnessWithOutput(other with { InputLength = 0, InputHash = Felt.Zero }, otherSig, executor.Public, [Felt.One]));
        Assert.Equal(RegistryError.BadSignature, stripped.Error);
        Assert.True(h.Registry.Registry.Audit().Holds);
    }

    [Fact]
    public void JobHeaderHash_BoundInput_IsPoseidonOfV2Fields()
    {
        var h = new JobHeader(11UL, 22UL, Amount.From(3), 4, 5, 33UL, 44UL, 55UL, 1, PoseidonHash.HashMany([10UL]));
        Felt expected = PoseidonHash.HashMany([ShortString.Encode("zetina.job.v2"), 11UL, 22UL, 3UL, Felt.Zero, 4UL, 5UL, 33UL, 44UL, 55UL, 1UL, PoseidonHash.HashMany([10UL])]);
        Assert.Equal(expected, h.Hash());
        Assert.Equal(PoseidonHash.HashMany([MessageTags.Job, 11UL, 22UL, 3UL, Felt.Zero, 4UL, 5UL, 33UL, 44UL, 55UL]),
            (h with { InputLength = 0, InputHash = Felt.Zero }).Hash());
    }
}

/// <summary>The input-binding attack against the SQLite store.</summary>
public sealed class SqliteInputBindingTests : InputBindingTests
{
    internal override LedgerFixture Fixture() => new RegistryFixture();
}

/// <summary>The input-binding attack against the in-memory store: the rule is the store's guest.</summary>
public sealed class InMemoryInputBindingTests : InputBindingTests
{
    internal override LedgerFixture Fixture() => new InMemoryFixture();
}
