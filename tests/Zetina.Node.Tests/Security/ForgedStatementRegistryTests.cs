using System.Net;
using System.Numerics;
using System.Text;
using Zetina.Cairo.Air;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Node.Jobs;
using Zetina.Node.Proving;
using Zetina.Registry.Client;
using Zetina.Registry.Http;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;

namespace Zetina.Node.Tests.Security;

/// <summary>
/// A dishonest executor against the production verifier, end to end over HTTP: the registry served with the Cairo
/// verifier, a funded job for a fibonacci program, and witnesses whose proofs are valid STARKs of false statements
/// (made with the AIR-only rules, as a modified prover would). Nothing is paid and nothing is recorded; the honest
/// proof of the same job is then paid once.
/// </summary>
public sealed class ForgedStatementRegistryTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zetina-forged-").FullName;
    private SqliteRegistry _registry = null!;
    private RegistryServer _server = null!;
    private HttpClient _http = null!;
    private RegistryClient _client = null!;

    public async Task InitializeAsync()
    {
        _registry = SqliteRegistry.Open(new RegistryOptions { DatabasePath = Path.Combine(_dir, "r.db"), DevFaucet = true }, new CairoProofVerifier());
        _server = await RegistryServer.StartAsync(_registry, new IPEndPoint(IPAddress.Loopback, 0));
        _http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _client = new RegistryClient(_http);
        await _client.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        _registry.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static AirPublicInput With(AirPublicInput pi, IReadOnlyList<MemorySegment>? segments = null, IReadOnlyList<PublicMemoryEntry>? memory = null, long? nSteps = null) =>
        new() { Layout = pi.Layout, RcMin = pi.RcMin, RcMax = pi.RcMax, NSteps = nSteps ?? pi.NSteps, MemorySegments = segments ?? pi.MemorySegments, PublicMemory = memory ?? pi.PublicMemory };

    /// <summary>The output segment moved to the fresh cell after it, holding 0x539; the proof-mode prefix dropped.</summary>
    private static CairoRun ForgedOutput(CairoRun run)
    {
        AirPublicInput pi = run.PublicInput;
        ulong exec = pi.Segment("execution").BeginAddr;
        MemorySegment output = pi.Segment("output");
        ulong fresh = output.StopPtr;
        var memory = pi.PublicMemory.Where(e => e.Address != exec - 2 && e.Address != exec - 1 && (e.Address < output.BeginAddr || e.Address >= output.StopPtr)).ToList();
        memory.Add(new PublicMemoryEntry(fresh, 0x539UL, 0));
        var segments = pi.MemorySegments.Select(s => s.Name == "output" ? new MemorySegment("output", fresh, fresh + 1) : s).ToList();
        var cells = new SortedDictionary<ulong, Felt>();
        for (int i = 0; i < run.Memory.Count; i++) cells[run.Memory.Addresses[i]] = run.Memory.Values[i];
        cells[fresh] = 0x539UL;
        return run with { PublicInput = With(pi, segments, memory), Memory = MemoryImage.FromCells(cells.Keys.ToArray(), cells.Values.ToArray()) };
    }

    /// <summary>The first 8 steps only: the final pc and ap wherever step 8 left them.</summary>
    private static CairoRun EarlyStop(CairoRun run)
    {
        var last = run.Trace[7];
        var segments = run.PublicInput.MemorySegments.Select(s => s.Name switch
        {
            "program" => new MemorySegment("program", s.BeginAddr, last.Pc),
            "execution" => new MemorySegment("execution", s.BeginAddr, last.Ap),
            _ => s,
        }).ToList();
        return run with { Trace = run.Trace[..8], PublicInput = With(run.PublicInput, segments, nSteps: 8) };
    }

    [Theory]
    [InlineData("forged output")]
    [InlineData("early stop")]
    public async Task FalseStatement_SubmittedOverHttp_NothingPaidNothingRecorded_HonestProofThenPaid(string attack)
    {
        BigInteger key = RegistryCrypto.NewPrivateKey();
        Felt delegator = RegistryCrypto.PublicKey(key);
        Assert.True((await _client.DepositAsync(new DepositRequest(delegator, Amount.From(1_000_000), Felt.Zero, 0, null))).Ok);
        var body = new JobBody("small", 1 << 16, Encoding.UTF8.GetBytes(FibonacciProgram.Json(20)), []);
        var prover = new CairoJobProver(2);
        var header = new JobHeader(JobIds.Of(body), prover.ProgramHash(body), Amount.From(1000), body.MaxSteps,
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 600, delegator, Felt.FromUInt64(1), _client.RegistryId);
        JobAnnouncement a = JobAnnouncement.Sign(header, key);
        Assert.True((await _client.RegisterJobAsync(header, a.Signature)).Ok);
        Felt executor = RegistryCrypto.PublicKey(RegistryCrypto.NewPrivateKey());

        CairoRun honest = CairoJobProver.Run(body).Result;
        CairoRun forged = attack == "forged output" ? ForgedOutput(honest) : EarlyStop(honest);
        CairoProof proof = CairoProver.Prove(forged, new CairoBinding(header.JobId, executor), maxThreads: 2, rules: CairoStatementRules.AirOnly);
        Assert.Equal(header.ProgramHash, proof.Statement.ProgramHash); // the honest program hash: only the pinning stands in the way
        Felt[] claimed = attack == "forged output" ? [0x539UL] : [];

        var refused = await _client.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(header, a.Signature), executor, claimed, proof.ToJsonBytes()));
        Assert.False(refused.Ok);
        Assert.Equal(RegistryError.InvalidProof, refused.Error);
        Assert.Contains(attack == "forged output" ? "ExecutionPrefixMissing" : "RunNotFinished", refused.Message);
        Assert.True((await _client.GetAccountAsync(executor)).Balance.IsZero);
        JobView? job = await _client.GetJobAsync(header.JobId);
        Assert.NotNull(job);
        Assert.Null(job.Executor);
        Assert.Null(job.Output);
        Assert.DoesNotContain(await _client.GetEventsAsync(0, 100), e => e.Kind == RegistryEventKind.JobSettled);

        ProvedJob proved = await prover.ProveAsync(body, header.JobId, executor, null, default);
        var paid = await _client.SubmitWitnessAsync(new JobWitness(new JobAnnouncement(header, a.Signature), executor, proved.Output, proved.Proof));
        Assert.True(paid.Ok, paid.Message);
        Assert.Equal(Amount.From(1000), (await _client.GetAccountAsync(executor)).Balance);
    }
}
