using Zetina.Registry.Client;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Tests.Support;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests.Security;

/// <summary>
/// The attack: a delegator registers a job, executors start proving, and the delegator withdraws (or promises
/// again) the reward before anyone can be paid. Escrow locks a registered job's reward until it settles or expires.
/// </summary>
public abstract class EscrowTests
{
    /// <summary>A fresh registry over the store the subclass names.</summary>
    internal abstract LedgerFixture Fixture(int feeBps = 250);

    [Fact]
    public async Task Withdraw_RewardLockedByOpenJob_RefusedAndNothingChanges()
    {
        using var f = Fixture();
        var delegator = TestKey.Next();
        await f.FundAsync(delegator.Public, 1_000);
        var (header, sig) = f.Job(delegator, 900);
        Assert.True((await f.Registry.RegisterJobAsync(header, sig)).Ok);

        Felt[] accounts = [delegator.Public];
        var before = await Snapshot.TakeAsync(f, accounts, [header.JobId]);
        var r = await f.Registry.WithdrawAsync(RequestSigner.Withdraw(delegator.Private, f.Registry.RegistryId, Amount.From(500), 0));
        Assert.Equal(RegistryError.FundsLocked, r.Error);
        Assert.Contains("balance 1000, 900 locked by 1 open job, requested 500", r.Message);
        Assert.Equal(before, await Snapshot.TakeAsync(f, accounts, [header.JobId]));

        // What is not locked can still be withdrawn.
        var unlocked = await f.Registry.WithdrawAsync(RequestSigner.Withdraw(delegator.Private, f.Registry.RegistryId, Amount.From(100), 0));
        Assert.True(unlocked.Ok, unlocked.Message);
        Assert.Equal(Amount.From(900), unlocked.Value!.Balance);
        var audit = f.Audit();
        Assert.True(audit.Holds, audit.ToString());
    }

    [Fact]
    public async Task Withdraw_AfterJobExpires_Succeeds()
    {
        using var f = Fixture();
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await f.FundAsync(delegator.Public, 1_000);
        var (header, sig) = f.Job(delegator, 900, ttlSeconds: 100);
        Assert.True((await f.Registry.RegisterJobAsync(header, sig)).Ok);
        Assert.Equal(RegistryError.FundsLocked,
            (await f.Registry.WithdrawAsync(RequestSigner.Withdraw(delegator.Private, f.Registry.RegistryId, Amount.From(1_000), 0))).Error);

        f.Clock.Advance(TimeSpan.FromSeconds(101));
        AccountView view = await f.Registry.GetAccountAsync(delegator.Public);
        Assert.Equal(Amount.Zero, view.Promised);
        Assert.Equal(Amount.From(1_000), view.Available);

        var r = await f.Registry.WithdrawAsync(RequestSigner.Withdraw(delegator.Private, f.Registry.RegistryId, Amount.From(1_000), 0));
        Assert.True(r.Ok, r.Message);
        Assert.Equal(Amount.Zero, r.Value!.Balance);
        Assert.Equal(JobStatus.Expired, (await f.Registry.GetJobAsync(header.JobId))!.Status);
        // The released reward is gone; a late witness is refused.
        Assert.Equal(RegistryError.JobExpired, (await f.Registry.SubmitWitnessAsync(LedgerFixture.Witness(header, sig, executor.Public))).Error);
        var audit = f.Audit();
        Assert.True(audit.Holds, audit.ToString());
    }

    [Fact]
    public async Task Register_UnlockedBalanceTooSmall_Refused()
    {
        using var f = Fixture();
        var delegator = TestKey.Next();
        var pauper = TestKey.Next();
        await f.FundAsync(delegator.Public, 1_000);
        var (first, sigFirst) = f.Job(delegator, 600);
        Assert.True((await f.Registry.RegisterJobAsync(first, sigFirst)).Ok);

        var (second, sigSecond) = f.Job(delegator, 500);
        Felt[] accounts = [delegator.Public, pauper.Public];
        var before = await Snapshot.TakeAsync(f, accounts, [first.JobId, second.JobId]);
        var r = await f.Registry.RegisterJobAsync(second, sigSecond);
        Assert.Equal(RegistryError.FundsLocked, r.Error);
        Assert.Contains("balance 1000, 600 locked by 1 open job, the job's reward 500", r.Message);
        Assert.Null(await f.Registry.GetJobAsync(second.JobId));

        var (unfunded, sigUnfunded) = f.Job(pauper, 1);
        Assert.Equal(RegistryError.InsufficientFunds, (await f.Registry.RegisterJobAsync(unfunded, sigUnfunded)).Error);
        Assert.Equal(before, await Snapshot.TakeAsync(f, accounts, [first.JobId, second.JobId]));

        var (fits, sigFits) = f.Job(delegator, 400);
        Assert.True((await f.Registry.RegisterJobAsync(fits, sigFits)).Ok);
        Assert.Equal(Amount.From(1_000), (await f.Registry.GetAccountAsync(delegator.Public)).Promised);
    }

    [Fact]
    public async Task Settle_PaysFromLockedFunds_LedgerBalanced()
    {
        using var f = Fixture(feeBps: 250);
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await f.FundAsync(delegator.Public, 1_000);
        var (a, sigA) = f.Job(delegator, 600);
        var (b, sigB) = f.Job(delegator, 400);
        Assert.True((await f.Registry.RegisterJobAsync(a, sigA)).Ok);
        Assert.True((await f.Registry.RegisterJobAsync(b, sigB)).Ok);

        var paidA = await f.Registry.SubmitWitnessAsync(LedgerFixture.Witness(a, sigA, executor.Public));
        Assert.True(paidA.Ok, paidA.Message);
        AccountView d = await f.Registry.GetAccountAsync(delegator.Public);
        Assert.Equal(Amount.From(400), d.Balance);
        Assert.Equal(Amount.From(400), d.Promised);
        Assert.Equal(Amount.Zero, d.Available);
        Assert.Equal(Amount.From(585), (await f.Registry.GetAccountAsync(executor.Public)).Balance);
        var audit = f.Audit();
        Assert.True(audit.Holds, audit.ToString());

        // An unregistered job cannot be paid out of another job's escrow.
        var (c, sigC) = f.Job(delegator, 100);
        var refused = await f.Registry.SubmitWitnessAsync(LedgerFixture.Witness(c, sigC, executor.Public));
        Assert.Equal(RegistryError.FundsLocked, refused.Error);

        var paidB = await f.Registry.SubmitWitnessAsync(LedgerFixture.Witness(b, sigB, executor.Public));
        Assert.True(paidB.Ok, paidB.Message);
        d = await f.Registry.GetAccountAsync(delegator.Public);
        Assert.Equal(Amount.Zero, d.Balance);
        Assert.Equal(Amount.Zero, d.Promised);
        Assert.Equal(Amount.From(25), (await f.Registry.GetAccountAsync(f.FeeAccount.Public)).Balance);
        audit = f.Audit();
        Assert.True(audit.Holds, audit.ToString());
        Assert.Equal(0L, audit.LockMismatches);
        Assert.Equal(1_000, (int)audit.SumOfBalances);
    }
}

/// <summary>The escrow attacks against the SQLite store.</summary>
public sealed class SqliteEscrowTests : EscrowTests
{
    internal override LedgerFixture Fixture(int feeBps = 250) => new RegistryFixture(feeBps);
}

/// <summary>The escrow attacks against the in-memory store: the rules are the store's guests.</summary>
public sealed class InMemoryEscrowTests : EscrowTests
{
    internal override LedgerFixture Fixture(int feeBps = 250) => new InMemoryFixture(feeBps);
}
