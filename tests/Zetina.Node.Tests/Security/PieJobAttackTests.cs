using System.IO.Compression;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Zetina.Cairo.Air;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Node.Executor;
using Zetina.Node.Jobs;
using Zetina.Node.Logging;
using Zetina.Node.Proving;
using Zetina.Node.Tests.Support;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Security;

/// <summary>
/// A dishonest executor against a PIE job (the shared fibonacci PIE under the shared bootloader): valid proofs of the
/// bootloader running another task, of another bootloader running this task, and of another program are each refused
/// by name and pay nothing. An executor without the job's bootloader skips the job, and a body that is not the PIE the
/// header names is rejected before any proving.
/// </summary>
public sealed class PieJobAttackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-pie-attack-").FullName;
    private readonly SqliteRegistry _registry;
    private readonly StringWriter _log = new();
    private readonly Felt _executor = RegistryCrypto.PublicKey(RegistryCrypto.NewPrivateKey());

    public PieJobAttackTests()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
    }

    public void Dispose()
    {
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>The fibonacci PIE's job, signed by a funded delegator and registered, as the delegator builds it.</summary>
    private async Task<(JobAnnouncement Announcement, JobBody Body, PieJob Pie)> RegisteredPieJobAsync(Felt? taskProgramHash = null)
    {
        BigInteger key = RegistryCrypto.NewPrivateKey();
        Felt delegator = RegistryCrypto.PublicKey(key);
        Assert.True((await _registry.DepositAsync(new DepositRequest(delegator, Amount.From(1_000_000), Felt.Zero, 0, null))).Ok);
        (JobBody body, PieJob pie) = PieJob.BodyFor(PieFixtures.PieZip(PieFixtures.FibonacciPie), PieFixtures.Bootloader, 1 << 20);
        (ulong length, Felt hash) = pie.RecordedOutput.Length > 0 ? JobHeader.BindingOf(pie.RecordedOutput) : (0UL, Felt.Zero);
        var header = new JobHeader(JobIds.Of(body), PieFixtures.Bootloader.Hash, Amount.From(1000), body.MaxSteps,
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 3600, delegator, Felt.FromUInt64(1), _registry.RegistryId, length, hash,
            taskProgramHash ?? pie.TaskProgramHash);
        JobAnnouncement a = JobAnnouncement.Sign(header, key);
        Assert.True((await _registry.RegisterJobAsync(header, a.Signature)).Ok);
        return (a, body, pie);
    }

    private async Task<RegistryOutcome<SettlementReceipt>> SubmitProofOfAsync(JobAnnouncement a, CairoRunner run)
    {
        CairoProof proof = CairoProver.Prove(run.Result, new CairoBinding(a.Header.JobId, _executor), maxThreads: 2);
        return await _registry.SubmitWitnessAsync(new JobWitness(a, _executor, [.. run.Output()], proof.ToJsonBytes()));
    }

    private async Task AssertUnpaidAsync(JobAnnouncement a)
    {
        Assert.True((await _registry.GetAccountAsync(_executor)).Balance.IsZero);
        Assert.Equal(JobStatus.Open, (await _registry.GetJobAsync(a.Header.JobId))!.Status);
    }

    [Fact]
    public async Task PieJob_ProofOfTheBootloaderRunningAnotherTask_RefusedAsWrongTaskProgram()
    {
        var (a, _, pie) = await RegisteredPieJobAsync();
        PieJob other = PieJob.Read(PieFixtures.PieZip("pie_fibonacci_nohint_nobuiltins"));
        Assert.NotEqual(pie.TaskProgramHash, other.TaskProgramHash);
        CairoRunner run = CairoJobProver.RunBootloader(PieFixtures.Bootloader.Program, other.BootloaderInput(), CairoLayout.StarknetWithKeccak, 1 << 20);

        var refused = await SubmitProofOfAsync(a, run);
        Assert.Equal(RegistryError.WrongTaskProgram, refused.Error);
        Assert.Contains(other.TaskProgramHash.ToHexString(), refused.Message);
        Assert.Contains(pie.TaskProgramHash.ToHexString(), refused.Message);
        await AssertUnpaidAsync(a);
    }

    /// <summary>
    /// The bootloader with one word appended after its code: it never runs, so the run and the output are the
    /// honest ones word for word — only the program hash tells it apart.
    /// </summary>
    [Fact]
    public async Task PieJob_ProofOfAnotherBootloaderRunningTheTask_RefusedAsProgramHashMismatch()
    {
        var (a, _, pie) = await RegisteredPieJobAsync();
        using var gz = new GZipStream(File.OpenRead(PieFixtures.BootloaderPath), CompressionMode.Decompress);
        JsonNode program = JsonNode.Parse(gz)!;
        program["data"]!.AsArray().Add("0x0");
        CairoProgram other = ProgramLoader.Load(Encoding.UTF8.GetBytes(program.ToJsonString()));
        CairoRunner run = CairoJobProver.RunBootloader(other, pie.BootloaderInput(), CairoLayout.StarknetWithKeccak, 1 << 20);
        Assert.Equal(pie.RecordedOutput, run.Output()[5..]);

        // The verifier checks the statement's program hash against the header's: the bootloader the delegator named.
        var refused = await SubmitProofOfAsync(a, run);
        Assert.Equal(RegistryError.InvalidProof, refused.Error);
        Assert.Contains("ProgramHashMismatch", refused.Message);
        Assert.Contains($"differs from the expected {PieFixtures.Bootloader.Hash.ToHexString()}", refused.Message);
        await AssertUnpaidAsync(a);
    }

    [Fact]
    public async Task PieJob_ProofOfAPlainProgram_RefusedAsProgramHashMismatch()
    {
        var (a, _, _) = await RegisteredPieJobAsync();
        var fib = new JobBody("small", 1 << 16, Encoding.UTF8.GetBytes(FibonacciProgram.Json(10)), []);
        var refused = await SubmitProofOfAsync(a, CairoJobProver.Run(fib));
        Assert.Equal(RegistryError.InvalidProof, refused.Error);
        Assert.Contains("ProgramHashMismatch", refused.Message);
        await AssertUnpaidAsync(a);
    }

    private ExecutorService NewExecutor(MemoryJobNetwork net, BootloaderProgram? bootloader) =>
        new(net, _registry, new CairoJobProver(1, bootloader: bootloader), _executor,
            new ExecutorOptions { BodyFetchTimeout = TimeSpan.FromSeconds(1) }, new JobRecord(null), new NodeLog("test", _log));

    [Fact]
    public async Task PieJob_ExecutorWithoutABootloader_SkipsItWithTheReasonUnrecorded()
    {
        var (a, body, _) = await RegisteredPieJobAsync();
        var net = new MemoryJobNetwork();
        await net.PutBodyAsync(a.Header.JobId, body.Encode(), default);
        await using ExecutorService ex = NewExecutor(net, null);
        await ex.OnAnnouncementAsync(a);
        Assert.Null(ex.Record.Get(a.Header.JobId.ToHexString()));
        Assert.Contains("a PIE job, and this executor has no bootloader", _log.ToString());
    }

    [Fact]
    public async Task PieJob_ExecutorWithAnotherBootloader_SkipsItNamingBothHashes()
    {
        var (a, body, _) = await RegisteredPieJobAsync();
        var net = new MemoryJobNetwork();
        await net.PutBodyAsync(a.Header.JobId, body.Encode(), default);
        string path = Path.Combine(_dir, "other-bootloader.json");
        using (var gz = new GZipStream(File.OpenRead(PieFixtures.BootloaderPath), CompressionMode.Decompress))
        {
            JsonNode program = JsonNode.Parse(gz)!;
            program["data"]!.AsArray().Add("0x0");
            File.WriteAllText(path, program.ToJsonString());
        }
        BootloaderProgram other = BootloaderProgram.Load(path);
        await using ExecutorService ex = NewExecutor(net, other);
        await ex.OnAnnouncementAsync(a);
        Assert.Null(ex.Record.Get(a.Header.JobId.ToHexString()));
        Assert.Contains($"a PIE job under bootloader {PieFixtures.Bootloader.Hash.ToHexString()}", _log.ToString());
        Assert.Contains(other.Hash.ToHexString(), _log.ToString());
    }

    [Fact]
    public async Task PieJob_HeaderNamingAnotherTask_BodyRejectedBeforeProving()
    {
        var (a, body, pie) = await RegisteredPieJobAsync(taskProgramHash: Felt.FromUInt64(0xbad));
        var net = new MemoryJobNetwork();
        await net.PutBodyAsync(a.Header.JobId, body.Encode(), default);
        await using ExecutorService ex = NewExecutor(net, PieFixtures.Bootloader);
        await ex.OnAnnouncementAsync(a);
        JobEntry entry = ex.Record.Get(a.Header.JobId.ToHexString())!;
        Assert.Equal(JobState.Rejected, entry.State);
        Assert.Equal($"the PIE's program hashes to {pie.TaskProgramHash.ToHexString()}; the header names task 0xbad", entry.Reason);
    }
}
