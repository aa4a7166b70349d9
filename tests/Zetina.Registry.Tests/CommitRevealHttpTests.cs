using System.Net;
using System.Text;
using Zetina.Registry.Client;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Tests.Support;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests;

/// <summary>Stone-format jobs over HTTP: the header's <c>proof_format</c>, <c>POST /v1/commits</c> and <c>POST /v1/reveals</c> through the client.</summary>
public sealed class CommitRevealHttpTests
{
    private static readonly ProgramHeader Program = new(6, ["output", "pedersen", "range_check", "bitwise"]);
    private static readonly Felt Bytecode = Felt.Parse("0xc0de");

    [Fact]
    public async Task Client_StoneJobCommitReveal_RoundTripsOverHttp()
    {
        await using var h = await HttpFixture.StartAsync();
        RegistryClient c = h.Client;
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        var copier = TestKey.Next();
        Assert.True((await c.DepositAsync(RequestSigner.FaucetDeposit(delegator.Public, Amount.From(5_000)))).Ok);
        var (plain, _) = h.Registry.Job(delegator, 1_000);
        JobHeader header = plain with { ProgramHash = StoneStatementVerifier.ProgramHashOf(Program, Bytecode), Format = ProofFormat.Stone };
        var job = JobAnnouncement.Sign(header, delegator.Private);
        Assert.True((await c.RegisterJobAsync(header, job.Signature)).Ok); // the format travels in the header: the signature still verifies

        byte[] proof = StoneStatementVerifier.MakeProof(Bytecode, 4096, 128, LedgerFixture.Output);
        var committed = await c.CommitProofAsync(ProofCommit.Sign(job, proof, executor.Private));
        Assert.True(committed.Ok, committed.Message);
        Assert.Equal(committed.Value!.CommittedAt + 60, committed.Value.BlocksUntil);
        var copied = await c.CommitProofAsync(ProofCommit.Sign(job, proof, copier.Private));
        Assert.True(copied.Ok, copied.Message);
        Assert.True(copied.Value!.Sequence > committed.Value.Sequence);

        var early = await c.RevealProofAsync(new ProofReveal(new JobWitness(job, copier.Public, LedgerFixture.Output, proof), Program));
        Assert.Equal(RegistryError.EarlierCommitPending, early.Error);
        var paid = await c.RevealProofAsync(new ProofReveal(new JobWitness(job, executor.Public, LedgerFixture.Output, proof), Program));
        Assert.True(paid.Ok, paid.Message);
        Assert.Equal(executor.Public, paid.Value!.Executor);
        Assert.Equal(Amount.From(975), (await c.GetAccountAsync(executor.Public)).Balance);
        var witness = await c.SubmitWitnessAsync(LedgerFixture.Witness(header, job.Signature, executor.Public));
        Assert.Equal(RegistryError.ProofFormatMismatch, witness.Error);
    }

    [Fact]
    public async Task Http_UnknownProofFormatOrEarlierCommit_ProblemDocumentsNameThem()
    {
        await using var h = await HttpFixture.StartAsync();
        var delegator = TestKey.Next();
        var (header, sig) = h.Registry.Job(delegator, 1_000);
        string dto = System.Text.Json.JsonSerializer.Serialize(Http.WireMapping.ToDto(header), Http.RegistryJsonContext.Default.JobHeaderDto);
        string body = "{\"header\":" + dto.Insert(dto.Length - 1, ",\"proof_format\":\"stark\"") +
                      $",\"signature\":{{\"r\":\"{sig.R.ToHexString()}\",\"s\":\"{sig.S.ToHexString()}\"}}}}";
        using var response = await h.Http.PostAsync("v1/jobs", new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("proof_format", text);
        Assert.Contains("native, stone", text);

        Http.ProblemDto p = Http.Problems.For(RegistryError.EarlierCommitPending, "d", "/v1/reveals");
        Assert.Equal("https://zetina.dev/problems/earlier-commit-pending", p.Type);
        Assert.Equal(409, p.Status);
        Assert.Equal(422, Http.Problems.For(RegistryError.ProofSecurityTooLow, "d", null).Status);
    }
}
