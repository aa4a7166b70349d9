using Zetina.Registry.Client;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Tests.Support;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests;

/// <summary>
/// The registry's rules, run once per store (<see cref="SqliteRulesTests"/>, <see cref="InMemoryRulesTests"/>):
/// the rules live in <c>Rules/</c> and ask a store only for ledger reads and writes.
/// </summary>
public abstract class RulesTests
{
    /// <summary>A fresh registry over the store the subclass names.</summary>
    internal abstract LedgerFixture Fixture(int feeBps = 250, bool devFaucet = true);

    [Fact]
    public async Task Deposit_Faucet_CreditsAndAppendsDepositEvent()
    {
        using var f = Fixture();
        var alice = TestKey.Next();
        var r = await f.Registry.DepositAsync(RequestSigner.FaucetDeposit(alice.Public, Amount.From(500)));
        Assert.True(r.Ok, r.Message);
        Assert.Equal(1, r.Value!.Sequence);
        Assert.Equal(Amount.From(500), (await f.Registry.GetAccountAsync(alice.Public)).Balance);
        var events = await f.Registry.GetEventsAsync(0, 10);
        var e = Assert.Single(events);
        Assert.Equal(RegistryEventKind.Deposit, e.Kind);
        Assert.Equal("faucet", e.Source);
        Assert.Equal(alice.Public, e.Account);
        Assert.True(f.Audit().Holds);
    }

    [Fact]
    public async Task Deposit_OperatorSigned_CreditsAndAdvancesOperatorNonce()
    {
        using var f = Fixture(devFaucet: false);
        var alice = TestKey.Next();
        var req = RequestSigner.OperatorDeposit(f.Operator.Private, f.Registry.RegistryId, alice.Public, Amount.From(42), 0);
        var r = await f.Registry.DepositAsync(req);
        Assert.True(r.Ok, r.Message);
        Assert.Equal(1UL, (await f.Registry.GetAccountAsync(f.Operator.Public)).NextNonce);
        Assert.Equal("operator", (await f.Registry.GetEventsAsync(0, 1))[0].Source);

        var again = await f.Registry.DepositAsync(req);
        Assert.Equal(RegistryError.NonceMismatch, again.Error);
        Assert.Equal(Amount.From(42), (await f.Registry.GetAccountAsync(alice.Public)).Balance);
    }

    [Fact]
    public async Task Deposit_OperatorIntoOwnAccount_CreditsAndAdvancesNonceOnce()
    {
        using var f = Fixture(devFaucet: false);
        var req = RequestSigner.OperatorDeposit(f.Operator.Private, f.Registry.RegistryId, f.Operator.Public, Amount.From(9), 0);
        Assert.True((await f.Registry.DepositAsync(req)).Ok);
        AccountView op = await f.Registry.GetAccountAsync(f.Operator.Public);
        Assert.Equal(Amount.From(9), op.Balance);
        Assert.Equal(1UL, op.NextNonce);
    }

    public static TheoryData<string> DepositRefusals => new() { "unsigned-no-faucet", "not-operator", "bad-signature", "zero", "overflow", "replay" };

    [Theory]
    [MemberData(nameof(DepositRefusals))]
    public async Task Deposit_Refused_ChangesNothing(string scenario)
    {
        using var f = Fixture(devFaucet: scenario != "unsigned-no-faucet");
        var alice = TestKey.Next();
        var stranger = TestKey.Next();
        Felt id = f.Registry.RegistryId;
        await f.Registry.DepositAsync(RequestSigner.OperatorDeposit(f.Operator.Private, id, alice.Public, Amount.From(Amount.MaxValue - 5), 0));
        DepositRequest req = scenario switch
        {
            "unsigned-no-faucet" => RequestSigner.FaucetDeposit(alice.Public, Amount.From(1)),
            "not-operator" => RequestSigner.OperatorDeposit(stranger.Private, id, alice.Public, Amount.From(1), 0),
            "bad-signature" => RequestSigner.OperatorDeposit(f.Operator.Private, id, alice.Public, Amount.From(1), 1) with { Amount = Amount.From(2) },
            "zero" => RequestSigner.OperatorDeposit(f.Operator.Private, id, alice.Public, Amount.Zero, 1),
            "overflow" => RequestSigner.OperatorDeposit(f.Operator.Private, id, alice.Public, Amount.From(6), 1),
            "replay" => RequestSigner.OperatorDeposit(f.Operator.Private, id, alice.Public, Amount.From(1), 0),
            _ => throw new ArgumentException(scenario),
        };
        Felt[] accounts = [alice.Public, f.Operator.Public, stranger.Public];
        var before = await Snapshot.TakeAsync(f, accounts, []);
        var r = await f.Registry.DepositAsync(req);
        Assert.False(r.Ok);
        Assert.Equal(scenario switch
        {
            "unsigned-no-faucet" or "not-operator" => RegistryError.MintNotAllowed,
            "bad-signature" => RegistryError.BadSignature,
            "zero" => RegistryError.InvalidRequest,
            "overflow" => RegistryError.AmountOverflow,
            _ => RegistryError.NonceMismatch,
        }, r.Error);
        Assert.False(string.IsNullOrWhiteSpace(r.Message));
        Assert.Equal(before, await Snapshot.TakeAsync(f, accounts, []));
        Assert.True(f.Audit().Holds);
    }

    [Fact]
    public async Task Withdraw_Valid_DebitsAdvancesNonceAndAppendsEvent()
    {
        using var f = Fixture();
        var alice = TestKey.Next();
        await f.FundAsync(alice.Public, 100);
        var r = await f.Registry.WithdrawAsync(RequestSigner.Withdraw(alice.Private, f.Registry.RegistryId, Amount.From(30), 0));
        Assert.True(r.Ok, r.Message);
        Assert.Equal(Amount.From(70), r.Value!.Balance);
        Assert.Equal(1UL, r.Value.NextNonce);
        var e = (await f.Registry.GetEventsAsync(1, 10))[0];
        Assert.Equal(RegistryEventKind.Withdraw, e.Kind);
        Assert.Equal(Amount.From(30), e.Amount);
        var audit = f.Audit();
        Assert.True(audit.Holds, audit.ToString());
        Assert.Equal(70, (int)audit.SumOfBalances);
    }

    public static TheoryData<string> WithdrawRefusals => new() { "replay", "future-nonce", "other-key", "unfunded", "zero", "other-registry" };

    [Theory]
    [MemberData(nameof(WithdrawRefusals))]
    public async Task Withdraw_Refused_ChangesNothing(string scenario)
    {
        using var f = Fixture();
        var alice = TestKey.Next();
        var mallory = TestKey.Next();
        Felt id = f.Registry.RegistryId;
        await f.FundAsync(alice.Public, 100);
        WithdrawRequest first = RequestSigner.Withdraw(alice.Private, id, Amount.From(10), 0);
        Assert.True((await f.Registry.WithdrawAsync(first)).Ok);
        WithdrawRequest req = scenario switch
        {
            "replay" => first,
            "future-nonce" => RequestSigner.Withdraw(alice.Private, id, Amount.From(10), 5),
            "other-key" => RequestSigner.Withdraw(mallory.Private, id, Amount.From(10), 1) with { Account = alice.Public },
            "unfunded" => RequestSigner.Withdraw(alice.Private, id, Amount.From(91), 1),
            "zero" => RequestSigner.Withdraw(alice.Private, id, Amount.Zero, 1),
            "other-registry" => RequestSigner.Withdraw(alice.Private, id + Felt.One, Amount.From(10), 1),
            _ => throw new ArgumentException(scenario),
        };
        Felt[] accounts = [alice.Public, mallory.Public];
        var before = await Snapshot.TakeAsync(f, accounts, []);
        var r = await f.Registry.WithdrawAsync(req);
        Assert.Equal(scenario switch
        {
            "replay" or "future-nonce" => RegistryError.NonceMismatch,
            "other-key" or "other-registry" => RegistryError.BadSignature,
            "unfunded" => RegistryError.InsufficientFunds,
            _ => RegistryError.InvalidRequest,
        }, r.Error);
        Assert.Equal(before, await Snapshot.TakeAsync(f, accounts, []));
    }

    [Fact]
    public async Task SubmitWitness_Valid_PaysRewardMinusFeeSettlesAndEmitsEvent()
    {
        using var f = Fixture(feeBps: 250);
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await f.FundAsync(delegator.Public, 10_000);
        var (header, sig) = f.Job(delegator, 1_000);
        var r = await f.Registry.SubmitWitnessAsync(LedgerFixture.Witness(header, sig, executor.Public, nSteps: 4242));
        Assert.True(r.Ok, r.Message);
        Assert.Equal(Amount.From(25), r.Value!.Fee);
        Assert.Equal(Amount.From(9_000), (await f.Registry.GetAccountAsync(delegator.Public)).Balance);
        Assert.Equal(Amount.From(975), (await f.Registry.GetAccountAsync(executor.Public)).Balance);
        Assert.Equal(Amount.From(25), (await f.Registry.GetAccountAsync(f.FeeAccount.Public)).Balance);

        JobView job = (await f.Registry.GetJobAsync(header.JobId))!;
        Assert.Equal(JobStatus.Settled, job.Status);
        Assert.Equal(executor.Public, job.Executor);
        Assert.Equal(4242UL, job.NSteps);

        RegistryEvent e = (await f.Registry.GetEventsAsync(1, 10)).Single();
        Assert.Equal(RegistryEventKind.JobSettled, e.Kind);
        Assert.Equal(header.JobId, e.JobId);
        Assert.Equal(delegator.Public, e.Delegator);
        Assert.Equal(executor.Public, e.Executor);
        Assert.Equal(Amount.From(1_000), e.Reward);
        Assert.Equal(Amount.From(25), e.Fee);
        Assert.Equal(4242UL, e.NSteps);
        Assert.Equal(LedgerFixture.Output, e.Output);
        Assert.Equal(r.Value.ProofHash, e.ProofHash);
        var audit = f.Audit();
        Assert.True(audit.Holds, audit.ToString());
        Assert.Equal(25, (int)audit.Fees);
    }

    public static TheoryData<string> WitnessRefusals => new()
    {
        "bad-signature", "tampered-header", "proof-for-other-job", "expired", "already-settled", "unfunded",
        "invalid-proof", "other-executor", "wrong-program", "step-limit", "output-mismatch", "other-registry", "empty-proof",
    };

    [Theory]
    [MemberData(nameof(WitnessRefusals))]
    public async Task SubmitWitness_Refused_ChangesNothing(string scenario)
    {
        using var f = Fixture();
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        var thief = TestKey.Next();
        await f.FundAsync(delegator.Public, scenario == "unfunded" ? 999UL : 5_000UL);
        var (header, sig) = f.Job(delegator, 1_000, stepLimit: 5_000);
        JobWitness good = LedgerFixture.Witness(header, sig, executor.Public);
        if (scenario == "already-settled") Assert.True((await f.Registry.SubmitWitnessAsync(good)).Ok);

        Felt otherJob = header.JobId + Felt.One;
        JobWitness w = scenario switch
        {
            "bad-signature" => good with { Announcement = good.Announcement with { Signature = RequestSigner.SignJob(thief.Private, header) } },
            "tampered-header" => good with { Announcement = good.Announcement with { Header = header with { Reward = Amount.From(999) } } },
            "proof-for-other-job" => good with { Proof = CommitmentProofVerifier.MakeProof(header.ProgramHash, otherJob, executor.Public, 10, LedgerFixture.Output) },
            "expired" => good,
            "already-settled" => LedgerFixture.Witness(header, sig, thief.Public),
            "unfunded" => good,
            "invalid-proof" => good with { Proof = Flip(good.Proof, 50) },
            // The executor's proof, resubmitted with the thief's address to be paid.
            "other-executor" => good with { Executor = thief.Public },
            "wrong-program" => good with { Proof = CommitmentProofVerifier.MakeProof(header.ProgramHash + Felt.One, header.JobId, executor.Public, 10, LedgerFixture.Output) },
            "step-limit" => LedgerFixture.Witness(header, sig, executor.Public, nSteps: 5_001),
            "output-mismatch" => good with { Output = [Felt.FromUInt64(145), Felt.FromUInt64(10)] },
            "other-registry" => Resigned(f, delegator, header with { RegistryId = header.RegistryId + Felt.One }, executor),
            "empty-proof" => good with { Proof = [] },
            _ => throw new ArgumentException(scenario),
        };
        if (scenario == "expired") f.Clock.Advance(TimeSpan.FromSeconds(3601));

        Felt[] accounts = [delegator.Public, executor.Public, thief.Public, f.FeeAccount.Public];
        var before = await Snapshot.TakeAsync(f, accounts, [header.JobId, otherJob]);
        var r = await f.Registry.SubmitWitnessAsync(w);
        Assert.False(r.Ok);
        Assert.Equal(scenario switch
        {
            "bad-signature" or "tampered-header" => RegistryError.BadSignature,
            "proof-for-other-job" => RegistryError.WrongJobId,
            "expired" => RegistryError.JobExpired,
            "already-settled" => RegistryError.JobAlreadySettled,
            "unfunded" => RegistryError.InsufficientFunds,
            "invalid-proof" or "empty-proof" => RegistryError.InvalidProof,
            "other-executor" => RegistryError.ProofBoundToAnotherExecutor,
            "wrong-program" => RegistryError.WrongProgram,
            "step-limit" => RegistryError.StepLimitExceeded,
            "output-mismatch" => RegistryError.OutputMismatch,
            "other-registry" => RegistryError.WrongRegistry,
            _ => RegistryError.None,
        }, r.Error);
        Assert.False(string.IsNullOrWhiteSpace(r.Message));
        Assert.Equal(before, await Snapshot.TakeAsync(f, accounts, [header.JobId, otherJob]));
        Assert.True(f.Audit().Holds);
    }

    private static JobWitness Resigned(LedgerFixture f, TestKey delegator, JobHeader header, TestKey executor) =>
        LedgerFixture.Witness(header, RequestSigner.SignJob(delegator.Private, header), executor.Public);

    private static byte[] Flip(byte[] proof, int index)
    {
        byte[] copy = (byte[])proof.Clone();
        copy[index] ^= 1;
        return copy;
    }

    [Fact]
    public async Task RegisterJob_Open_CountsAsPromisedUntilSettledOrExpired()
    {
        using var f = Fixture();
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await f.FundAsync(delegator.Public, 1_000);
        var (a, sigA) = f.Job(delegator, 300, ttlSeconds: 100);
        var (b, sigB) = f.Job(delegator, 200, ttlSeconds: 10_000);
        Assert.True((await f.Registry.RegisterJobAsync(a, sigA)).Ok);
        Assert.True((await f.Registry.RegisterJobAsync(b, sigB)).Ok);
        AccountView v = await f.Registry.GetAccountAsync(delegator.Public);
        Assert.Equal(Amount.From(500), v.Promised);
        Assert.Equal(Amount.From(500), v.Available);
        Assert.Equal(JobStatus.Open, (await f.Registry.GetJobAsync(a.JobId))!.Status);

        Assert.True((await f.Registry.SubmitWitnessAsync(LedgerFixture.Witness(b, sigB, executor.Public))).Ok);
        f.Clock.Advance(TimeSpan.FromSeconds(101));
        v = await f.Registry.GetAccountAsync(delegator.Public);
        Assert.Equal(Amount.Zero, v.Promised);
        Assert.Equal(Amount.From(800), v.Balance);
        Assert.Equal(RegistryError.JobAlreadySettled, (await f.Registry.RegisterJobAsync(b, sigB)).Error);
    }
}

/// <summary>The rules over the embedded SQLite store.</summary>
public sealed class SqliteRulesTests : RulesTests
{
    internal override LedgerFixture Fixture(int feeBps = 250, bool devFaucet = true) => new RegistryFixture(feeBps, devFaucet);
}

/// <summary>The same rules over an in-memory store: nothing in them needs SQLite.</summary>
public sealed class InMemoryRulesTests : RulesTests
{
    internal override LedgerFixture Fixture(int feeBps = 250, bool devFaucet = true) => new InMemoryFixture(feeBps, devFaucet);
}
