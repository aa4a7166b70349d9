using System.Net;
using System.Text;
using System.Text.Json;
using Zetina.Registry.Client;
using Zetina.Registry.Http;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Tests.Support;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests;

public sealed class HttpApiTests
{
    [Fact]
    public async Task Client_DepositWithdrawSettle_RoundTripsOverHttp()
    {
        await using var h = await HttpFixture.StartAsync();
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        RegistryClient c = h.Client;
        Assert.Equal(h.Registry.Registry.RegistryId, c.RegistryId);

        var d = await c.DepositAsync(RequestSigner.OperatorDeposit(h.Registry.Operator.Private, c.RegistryId, delegator.Public, Amount.From(5_000), 0));
        Assert.True(d.Ok, d.Message);
        var (header, sig) = h.Registry.Job(delegator, 1_000);
        Assert.True((await c.RegisterJobAsync(header, sig)).Ok);
        Assert.Equal(Amount.From(1_000), (await c.GetAccountAsync(delegator.Public)).Promised);

        var s = await c.SubmitWitnessAsync(LedgerFixture.Witness(header, sig, executor.Public));
        Assert.True(s.Ok, s.Message);
        Assert.Equal(LedgerFixture.Output, s.Value!.Output);
        var again = await c.SubmitWitnessAsync(LedgerFixture.Witness(header, sig, executor.Public));
        Assert.Equal(RegistryError.JobAlreadySettled, again.Error);

        var job = await c.GetJobAsync(header.JobId);
        Assert.Equal(JobStatus.Settled, job!.Status);
        Assert.Null(await c.GetJobAsync(Felt.FromUInt64(12345)));

        var w = await c.WithdrawAsync(RequestSigner.Withdraw(executor.Private, c.RegistryId, Amount.From(100), 0));
        Assert.True(w.Ok, w.Message);
        var replay = await c.WithdrawAsync(RequestSigner.Withdraw(executor.Private, c.RegistryId, Amount.From(100), 0));
        Assert.Equal(RegistryError.NonceMismatch, replay.Error);
        Assert.Contains("nonce", replay.Message);

        var events = await c.GetEventsAsync(0, 100);
        Assert.Equal([RegistryEventKind.Deposit, RegistryEventKind.JobSettled, RegistryEventKind.Withdraw], events.Select(e => e.Kind).ToArray());
        Assert.Equal(Amount.From(975 - 100), (await c.GetAccountAsync(executor.Public)).Balance);
        Assert.True(h.Registry.Registry.Audit().Holds);
    }

    public static TheoryData<string, string, string, HttpStatusCode, string> BadBodies => new()
    {
        { "malformed-json", "/v1/deposits", "{\"account\": \"0x1\", \"amount\": ", HttpStatusCode.BadRequest, "malformed JSON" },
        { "not-an-object", "/v1/deposits", "[1,2,3]", HttpStatusCode.BadRequest, "malformed JSON" },
        { "json-null", "/v1/deposits", "null", HttpStatusCode.BadRequest, "JSON null" },
        { "unknown-field", "/v1/deposits", "{\"account\":\"0x1\",\"amount\":\"5\",\"amuont\":\"5\"}", HttpStatusCode.BadRequest, "amuont" },
        { "missing-field", "/v1/deposits", "{\"account\":\"0x1\"}", HttpStatusCode.BadRequest, "amount" },
        { "decimal-felt", "/v1/deposits", "{\"account\":\"12345\",\"amount\":\"5\"}", HttpStatusCode.BadRequest, "not 0x-prefixed hex" },
        { "non-hex-felt", "/v1/deposits", "{\"account\":\"0xzz\",\"amount\":\"5\"}", HttpStatusCode.BadRequest, "not a hex digit" },
        { "felt-not-below-p", "/v1/deposits", "{\"account\":\"0x800000000000011000000000000000000000000000000000000000000000001\",\"amount\":\"5\"}", HttpStatusCode.BadRequest, "prime" },
        { "negative-amount", "/v1/deposits", "{\"account\":\"0x1\",\"amount\":\"-5\"}", HttpStatusCode.BadRequest, "negative" },
        { "overflowing-amount", "/v1/deposits", "{\"account\":\"0x1\",\"amount\":\"115792089237316195423570985008687907853269984665640564039457584007913129639936\"}", HttpStatusCode.BadRequest, "2^256" },
        { "fractional-amount", "/v1/deposits", "{\"account\":\"0x1\",\"amount\":\"1.5\"}", HttpStatusCode.BadRequest, "decimal integer" },
        { "numeric-amount", "/v1/deposits", "{\"account\":\"0x1\",\"amount\":5}", HttpStatusCode.BadRequest, "malformed JSON" },
        { "negative-nonce", "/v1/withdrawals", "{\"account\":\"0x1\",\"amount\":\"5\",\"nonce\":-1,\"signature\":{\"r\":\"0x1\",\"s\":\"0x1\"}}", HttpStatusCode.BadRequest, "malformed JSON" },
        { "witness-bad-base64", "/v1/witnesses", "{\"header\":{\"job_id\":\"0x1\",\"program_hash\":\"0x1\",\"reward\":\"1\",\"step_limit\":1,\"deadline\":1,\"delegator\":\"0x1\",\"nonce\":\"0x1\",\"registry_id\":\"0x1\"},\"signature\":{\"r\":\"0x1\",\"s\":\"0x1\"},\"job_id\":\"0x1\",\"executor\":\"0x2\",\"proof\":\"%%%\",\"output\":[]}", HttpStatusCode.BadRequest, "malformed JSON" },
        { "witness-bad-output-felt", "/v1/witnesses", "{\"header\":{\"job_id\":\"0x1\",\"program_hash\":\"0x1\",\"reward\":\"1\",\"step_limit\":1,\"deadline\":1,\"delegator\":\"0x1\",\"nonce\":\"0x1\",\"registry_id\":\"0x1\"},\"signature\":{\"r\":\"0x1\",\"s\":\"0x1\"},\"job_id\":\"0x1\",\"executor\":\"0x2\",\"proof\":\"AAAA\",\"output\":[\"0x1\",\"seven\"]}", HttpStatusCode.BadRequest, "output[1]" },
        { "witness-bad-header-reward", "/v1/witnesses", "{\"header\":{\"job_id\":\"0x1\",\"program_hash\":\"0x1\",\"reward\":\"-1\",\"step_limit\":1,\"deadline\":1,\"delegator\":\"0x1\",\"nonce\":\"0x1\",\"registry_id\":\"0x1\"},\"signature\":{\"r\":\"0x1\",\"s\":\"0x1\"},\"job_id\":\"0x1\",\"executor\":\"0x2\",\"proof\":\"AAAA\",\"output\":[]}", HttpStatusCode.BadRequest, "header.reward" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Post_BadInput_ProblemJsonAndNothingChanges(string name, string path, string body, HttpStatusCode status, string detailContains)
    {
        await using var h = await HttpFixture.StartAsync();
        await h.Registry.FundAsync(Felt.One, 10);
        var before = await Snapshot.TakeAsync(h.Registry.Registry, [Felt.One], []);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage r = await h.Http.PostAsync(path.TrimStart('/'), content);
        ProblemDto p = await AssertProblemAsync(r, status);
        Assert.True(p.Detail!.Contains(detailContains, StringComparison.Ordinal), $"{name}: '{p.Detail}' should mention '{detailContains}'");
        Assert.Equal(before, await Snapshot.TakeAsync(h.Registry.Registry, [Felt.One], []));
    }

    [Fact]
    public async Task Post_OversizedBody_413WithLimitAndNothingChanges()
    {
        await using var h = await HttpFixture.StartAsync();
        var before = await Snapshot.TakeAsync(h.Registry.Registry, [Felt.One], []);
        string big = "{\"account\":\"0x1\",\"amount\":\"5\",\"pad\":\"" + new string('a', 40_000) + "\"}";
        using (var content = new StringContent(big, Encoding.UTF8, "application/json"))
        using (HttpResponseMessage r = await h.Http.PostAsync("v1/deposits", content))
        {
            ProblemDto p = await AssertProblemAsync(r, HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains(RegistryServer.SmallBodyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), p.Detail);
        }
        // Chunked, so no Content-Length: the limit is enforced while reading. The server answers 413 and closes the
        // connection while the client may still be sending, so the client sees either the 413 or the connection
        // closing under it (HTTP/1.1 §9.6); either way nothing is accepted and the server serves the next request.
        using (var chunked = new PushContent(Encoding.UTF8.GetBytes(big)))
        {
            try
            {
                using HttpResponseMessage r = await h.Http.PostAsync("v1/deposits", chunked);
                await AssertProblemAsync(r, HttpStatusCode.RequestEntityTooLarge);
            }
            catch (HttpRequestException e) when (e.InnerException is IOException)
            {
            }
        }
        Assert.Equal(before, await Snapshot.TakeAsync(h.Registry.Registry, [Felt.One], []));
        Assert.Equal("ok", (await h.Client.ConnectAsync()).Status);
    }

    [Fact]
    public async Task Post_WrongMediaType_415()
    {
        await using var h = await HttpFixture.StartAsync();
        using var content = new StringContent("account=0x1", Encoding.UTF8, "application/x-www-form-urlencoded");
        using HttpResponseMessage r = await h.Http.PostAsync("v1/deposits", content);
        await AssertProblemAsync(r, HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("v1/accounts/alice", HttpStatusCode.BadRequest)]
    [InlineData("v1/jobs/0xnothex", HttpStatusCode.BadRequest)]
    [InlineData("v1/jobs/0x123", HttpStatusCode.NotFound)]
    [InlineData("v1/events?after=-1", HttpStatusCode.BadRequest)]
    [InlineData("v1/events?limit=100000", HttpStatusCode.BadRequest)]
    [InlineData("v1/nope", HttpStatusCode.NotFound)]
    public async Task Get_BadPathOrQuery_ProblemJson(string path, HttpStatusCode status)
    {
        await using var h = await HttpFixture.StartAsync();
        using HttpResponseMessage r = await h.Http.GetAsync(path);
        await AssertProblemAsync(r, status);
    }

    [Fact]
    public async Task Refusal_OverHttp_ProblemTypeTitleStatusCode()
    {
        await using var h = await HttpFixture.StartAsync(devFaucet: false);
        string body = "{\"account\":\"0x1\",\"amount\":\"5\"}";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage r = await h.Http.PostAsync("v1/deposits", content);
        ProblemDto p = await AssertProblemAsync(r, HttpStatusCode.Forbidden);
        Assert.Equal("https://zetina.dev/problems/mint-not-allowed", p.Type);
        Assert.Equal("MintNotAllowed", p.Code);
        Assert.Equal("/v1/deposits", p.Instance);
        Assert.Contains("--dev-faucet", p.Detail);
    }

    [Fact]
    public async Task Health_Ok_ReportsRegistryAndSequence()
    {
        await using var h = await HttpFixture.StartAsync();
        await h.Registry.FundAsync(Felt.One, 1);
        HealthDto health = await h.Client.ConnectAsync();
        Assert.Equal("ok", health.Status);
        Assert.Equal(1, health.LastSequence);
        Assert.Equal(250, health.FeeBps);
        Assert.True(health.DevFaucet);
    }

    [Fact]
    public async Task Witness_JobIdBesideHeaderDiffers_RefusedWrongJobIdNothingPaid()
    {
        await using var h = await HttpFixture.StartAsync();
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await h.Registry.FundAsync(delegator.Public, 5_000);
        var (header, sig) = h.Registry.Job(delegator, 1_000);
        JobWitness w = LedgerFixture.Witness(header, sig, executor.Public);
        Felt otherJob = header.JobId + Felt.One;
        var before = await Snapshot.TakeAsync(h.Registry, [delegator.Public, executor.Public], [header.JobId, otherJob]);

        using HttpResponseMessage r = await h.Http.PostAsync("v1/witnesses", Security.HttpLimitsTests.WitnessJson(w, otherJob));
        ProblemDto p = await AssertProblemAsync(r, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(nameof(RegistryError.WrongJobId), p.Code);
        Assert.Equal(before, await Snapshot.TakeAsync(h.Registry, [delegator.Public, executor.Public], [header.JobId, otherJob]));
    }

    private static async Task<ProblemDto> AssertProblemAsync(HttpResponseMessage r, HttpStatusCode status)
    {
        string text = await r.Content.ReadAsStringAsync();
        Assert.True(status == r.StatusCode, $"expected {status}, got {r.StatusCode}: {text}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        ProblemDto p = JsonSerializer.Deserialize(text, RegistryJsonContext.Default.ProblemDto)!;
        Assert.Equal((int)status, p.Status);
        Assert.StartsWith(Problems.TypeBase, p.Type);
        Assert.False(string.IsNullOrWhiteSpace(p.Title));
        Assert.False(string.IsNullOrWhiteSpace(p.Detail));
        return p;
    }

    /// <summary>Content sent without a Content-Length (chunked transfer encoding).</summary>
    private sealed class PushContent(byte[] data) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (int i = 0; i < data.Length; i += 4096)
                await stream.WriteAsync(data.AsMemory(i, Math.Min(4096, data.Length - i)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
