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
/// The PIE-job rule: a PIE job's header names the bootloader as its program and the task's program hash; the
/// registry pays only for a bootloader output stating exactly that one task, under no supported verifier program
/// (which would let a composite task state any subtask), and the input binding applies to the task's output. The
/// proofs are the commitment verifier's, which reports exactly the output it was given (an executor choosing what
/// the bootloader wrote).
/// </summary>
public abstract class PieJobRuleTests
{
    private static readonly Felt Task = Felt.Parse("0x7a5c");
    private static readonly Felt[] TaskOutput = [Felt.FromUInt64(10), Felt.FromUInt64(144)];
    private static readonly Felt NoVerifiers = PedersenHash.Hash(Felt.Zero, Felt.Zero);

    /// <summary>A bootloader output: [simple bootloader hash, verifiers hash, n_tasks, size, task hash, output…].</summary>
    private static Felt[] BootloaderOutput(Felt verifiers, ulong nTasks, ulong size, Felt task, Felt[] output) =>
        [Felt.Zero, verifiers, Felt.FromUInt64(nTasks), Felt.FromUInt64(size), task, .. output];

    private static (JobHeader Header, Signature Signature) PieJob(LedgerFixture f, TestKey delegator, bool bindOutput = true)
    {
        var (plain, _) = f.Job(delegator, 1_000);
        var (length, hash) = bindOutput ? JobHeader.BindingOf(TaskOutput) : (0UL, Felt.Zero);
        JobHeader header = plain with { InputLength = length, InputHash = hash, TaskProgramHash = Task };
        return (header, RequestSigner.SignJob(delegator.Private, header));
    }

    private static JobWitness Witness(JobHeader header, Signature sig, Felt executor, Felt[] output) =>
        new(new JobAnnouncement(header, sig), executor, output, CommitmentProofVerifier.MakeProof(header.ProgramHash, header.JobId, executor, 1000, output));

    internal abstract LedgerFixture Fixture();

    public static TheoryData<string, string> Forged => new()
    {
        { "another-task", nameof(RegistryError.WrongTaskProgram) },
        { "verifier-list", nameof(RegistryError.BootloaderOutputMalformed) },
        { "two-tasks", nameof(RegistryError.BootloaderOutputMalformed) },
        { "size-lies", nameof(RegistryError.BootloaderOutputMalformed) },
        { "too-short", nameof(RegistryError.BootloaderOutputMalformed) },
        { "another-output", nameof(RegistryError.OutputDoesNotBindInput) },
        { "task-output-extended", nameof(RegistryError.OutputDoesNotBindInput) },
        { "task-output-truncated", nameof(RegistryError.OutputDoesNotBindInput) },
        { "task-output-empty", nameof(RegistryError.OutputDoesNotBindInput) },
        { "second-task-appended", nameof(RegistryError.BootloaderOutputMalformed) },
        { "second-task-counted", nameof(RegistryError.BootloaderOutputMalformed) },
        { "trailing-word", nameof(RegistryError.BootloaderOutputMalformed) },
        { "size-past-the-end", nameof(RegistryError.BootloaderOutputMalformed) },
        { "header-only", nameof(RegistryError.BootloaderOutputMalformed) },
        { "no-tasks", nameof(RegistryError.BootloaderOutputMalformed) },
    };

    [Theory]
    [MemberData(nameof(Forged))]
    public async Task Settle_BootloaderOutputNotTheJobsTask_RefusedByNameNothingPaid(string scenario, string error)
    {
        using var f = Fixture();
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await f.FundAsync(delegator.Public, 5_000);
        var (header, sig) = PieJob(f, delegator);
        Assert.True((await f.Registry.RegisterJobAsync(header, sig)).Ok);
        Felt[] output = scenario switch
        {
            "another-task" => BootloaderOutput(NoVerifiers, 1, 4, Felt.Parse("0xbad"), TaskOutput),
            "verifier-list" => BootloaderOutput(PedersenHash.HashOnElements([Felt.Parse("0x5e1f")]), 1, 4, Task, TaskOutput),
            "two-tasks" => [.. BootloaderOutput(NoVerifiers, 2, 4, Task, TaskOutput), Felt.FromUInt64(2), Task],
            "size-lies" => BootloaderOutput(NoVerifiers, 1, 3, Task, TaskOutput),
            "too-short" => [Felt.Zero, NoVerifiers, Felt.One, Felt.FromUInt64(2)],
            "another-output" => BootloaderOutput(NoVerifiers, 1, 4, Task, [Felt.FromUInt64(11), Felt.FromUInt64(89)]),
            // The recorded output followed by more, the size word counting it: a prefix is not the PIE's whole output.
            "task-output-extended" => BootloaderOutput(NoVerifiers, 1, 5, Task, [.. TaskOutput, Felt.FromUInt64(233)]),
            "task-output-truncated" => BootloaderOutput(NoVerifiers, 1, 3, Task, TaskOutput[..1]),
            "task-output-empty" => BootloaderOutput(NoVerifiers, 1, 2, Task, []),
            // A whole second task after the job's, the task count left at 1 or raised to 2.
            "second-task-appended" => [.. BootloaderOutput(NoVerifiers, 1, 4, Task, TaskOutput), Felt.FromUInt64(4), Task, .. TaskOutput],
            "second-task-counted" => [.. BootloaderOutput(NoVerifiers, 2, 4, Task, TaskOutput), Felt.FromUInt64(4), Task, .. TaskOutput],
            "trailing-word" => [.. BootloaderOutput(NoVerifiers, 1, 4, Task, TaskOutput), Felt.Zero],
            "size-past-the-end" => BootloaderOutput(NoVerifiers, 1, 5, Task, TaskOutput),
            "header-only" => [Felt.Zero, NoVerifiers, Felt.One],
            "no-tasks" => [Felt.Zero, NoVerifiers, Felt.Zero, Felt.FromUInt64(4), Task, .. TaskOutput],
            _ => throw new ArgumentException(scenario),
        };
        Felt[] accounts = [delegator.Public, executor.Public, f.FeeAccount.Public];
        var before = await Snapshot.TakeAsync(f, accounts, [header.JobId]);

        var r = await f.Registry.SubmitWitnessAsync(Witness(header, sig, executor.Public, output));
        Assert.Equal(error, r.Error.ToString());
        Assert.Equal(before, await Snapshot.TakeAsync(f, accounts, [header.JobId]));
        Assert.True(f.Audit().Holds);
    }

    [Fact]
    public async Task Settle_TheJobsTaskAndOutput_PaidWithTheTasksOutputRecorded()
    {
        await using var h = await HttpFixture.StartAsync(feeBps: 0);
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await h.Registry.FundAsync(delegator.Public, 5_000);
        var (header, sig) = PieJob(h.Registry, delegator);
        // Over HTTP: the task hash travels in the header and the signature still verifies.
        Assert.True((await h.Client.RegisterJobAsync(header, sig)).Ok);

        var r = await h.Client.SubmitWitnessAsync(Witness(header, sig, executor.Public, BootloaderOutput(NoVerifiers, 1, 4, Task, TaskOutput)));
        Assert.True(r.Ok, r.Message);
        Assert.Equal(TaskOutput, r.Value!.Output);
        Assert.Equal(Task, r.Value.TaskProgramHash);
        JobView job = (await h.Client.GetJobAsync(header.JobId))!;
        Assert.Equal(TaskOutput, job.Output);
        Assert.Equal(Task, job.TaskProgramHash);
        // The settlement event says the same, over the wire: the task output under the task hash the bootloader stated.
        RegistryEvent settled = Assert.Single(await h.Client.GetEventsAsync(0, 100), e => e.Kind == RegistryEventKind.JobSettled);
        Assert.Equal(Task, settled.TaskProgramHash);
        Assert.Equal(TaskOutput, settled.Output);
        Assert.Equal(Amount.From(1_000), (await h.Client.GetAccountAsync(executor.Public)).Balance);

        // The task hash is signed: dropping it (a v2 header) or changing it breaks the delegator's signature.
        var (other, otherSig) = PieJob(h.Registry, delegator);
        Felt[] output = BootloaderOutput(NoVerifiers, 1, 4, Task, TaskOutput);
        Assert.Equal(RegistryError.BadSignature,
            (await h.Client.SubmitWitnessAsync(Witness(other with { TaskProgramHash = Felt.Zero }, otherSig, executor.Public, output))).Error);
        Assert.Equal(RegistryError.BadSignature,
            (await h.Client.SubmitWitnessAsync(Witness(other with { TaskProgramHash = Felt.Parse("0xbad") }, otherSig, executor.Public, output))).Error);
        Assert.True(h.Registry.Registry.Audit().Holds);
    }

    /// <summary>
    /// A PIE without an output builtin binds nothing, and the bootloader writes an empty output for it: a proof whose
    /// task states an output is of another run and is refused; the empty one is paid.
    /// </summary>
    [Fact]
    public async Task Settle_PieJobBindingNothing_OnlyAnEmptyTaskOutputPaid()
    {
        using var f = Fixture();
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await f.FundAsync(delegator.Public, 5_000);
        var (header, sig) = PieJob(f, delegator, bindOutput: false);
        Assert.True((await f.Registry.RegisterJobAsync(header, sig)).Ok);

        var r = await f.Registry.SubmitWitnessAsync(Witness(header, sig, executor.Public, BootloaderOutput(NoVerifiers, 1, 3, Task, [Felt.FromUInt64(7)])));
        Assert.Equal(RegistryError.OutputDoesNotBindInput, r.Error);
        Assert.True((await f.Registry.GetAccountAsync(executor.Public)).Balance.IsZero);

        r = await f.Registry.SubmitWitnessAsync(Witness(header, sig, executor.Public, BootloaderOutput(NoVerifiers, 1, 2, Task, [])));
        Assert.True(r.Ok, r.Message);
        Assert.Empty(r.Value!.Output);
        Assert.True(f.Audit().Holds);
    }

    [Fact]
    public void JobHeaderHash_PieJob_IsPoseidonOfV3Fields()
    {
        var h = new JobHeader(11UL, 22UL, Amount.From(3), 4, 5, 33UL, 44UL, 55UL, 0, Felt.Zero, 66UL);
        Assert.Equal(PoseidonHash.HashMany([ShortString.Encode("zetina.job.v3"), 11UL, 22UL, 3UL, Felt.Zero, 4UL, 5UL, 33UL, 44UL, 55UL, 0UL, Felt.Zero, 66UL]), h.Hash());
        Assert.NotEqual(h.Hash(), (h with { TaskProgramHash = Felt.Zero }).Hash());
    }
}

/// <summary>The PIE-job rule against the SQLite store.</summary>
public sealed class SqlitePieJobRuleTests : PieJobRuleTests
{
    internal override LedgerFixture Fixture() => new RegistryFixture();
}

/// <summary>The PIE-job rule against the in-memory store.</summary>
public sealed class InMemoryPieJobRuleTests : PieJobRuleTests
{
    internal override LedgerFixture Fixture() => new InMemoryFixture();
}
