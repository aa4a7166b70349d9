using System.Net;
using System.Text;
using System.Text.Json;
using Zetina.Registry.Http;
using Zetina.Registry.Jobs;
using Zetina.Registry.Rules;
using Zetina.Registry.Tests.Support;
using Zetina.Registry.Verification;
using Zetina.Stark.Field;

namespace Zetina.Registry.Tests.Security;

/// <summary>
/// The attack: a client floods the HTTP API with proofs to verify, writes, or event-stream subscriptions until
/// the registry runs out of CPU, threads or connections. Each is bounded, and the refusal says when to retry.
/// </summary>
public sealed class HttpLimitsTests
{
    /// <summary>A verifier that holds every check until the test opens the gate, then defers to the commitment verifier.</summary>
    private sealed class GatedVerifier : IProofVerifier
    {
        private readonly CommitmentProofVerifier _inner = new();
        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Gate { get; } = new();

        public ProofCheck Verify(ReadOnlySpan<byte> proof, in ProofBinding binding)
        {
            Entered.Set();
            if (!Gate.Wait(TimeSpan.FromSeconds(60))) return ProofCheck.Invalid("the test never opened the gate");
            return _inner.Verify(proof, binding);
        }
    }

    private static async Task AssertProblemAsync(HttpResponseMessage r, HttpStatusCode status, string code)
    {
        Assert.Equal(status, r.StatusCode);
        Assert.Equal(Problems.MediaType, r.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(r.Headers.RetryAfter?.Delta);
        Assert.True(r.Headers.RetryAfter!.Delta!.Value >= TimeSpan.FromSeconds(1));
        ProblemDto p = JsonSerializer.Deserialize(await r.Content.ReadAsStringAsync(), RegistryJsonContext.Default.ProblemDto)!;
        Assert.Equal(code, p.Code);
        Assert.Equal((int)status, p.Status);
        Assert.False(string.IsNullOrWhiteSpace(p.Detail));
    }

    private static StringContent WitnessJson(JobWitness w) => WitnessJson(w, w.Header.JobId);

    /// <summary>The witness as the HTTP API reads it, with <paramref name="jobId"/> in its <c>job_id</c> field.</summary>
    internal static StringContent WitnessJson(JobWitness w, Felt jobId) => new(JsonSerializer.Serialize(new WitnessBody
    {
        Header = WireMapping.ToDto(w.Header),
        Signature = WireMapping.ToDto(w.Announcement.Signature),
        JobId = jobId.ToHexString(),
        Executor = w.Executor.ToHexString(),
        Proof = w.Proof,
        Output = WireMapping.ToHex(w.Output),
    }, RegistryJsonContext.Default.WitnessBody), Encoding.UTF8, "application/json");

    [Fact]
    public async Task Verifications_OverCap_Get503()
    {
        var verifier = new GatedVerifier();
        await using var h = await HttpFixture.StartAsync(configure: o => o with { MaxConcurrentVerifications = 1 }, verifier: verifier);
        var delegator = TestKey.Next();
        var executor = TestKey.Next();
        await h.Registry.FundAsync(delegator.Public, 10_000);
        var (a, sigA) = h.Registry.Job(delegator, 100);
        var (b, sigB) = h.Registry.Job(delegator, 100);
        try
        {
            Task<HttpResponseMessage> first = h.Http.PostAsync("v1/witnesses", WitnessJson(LedgerFixture.Witness(a, sigA, executor.Public)));
            Assert.True(verifier.Entered.Wait(TimeSpan.FromSeconds(60)), "the first witness never reached the verifier");

            using HttpResponseMessage second = await h.Http.PostAsync("v1/witnesses", WitnessJson(LedgerFixture.Witness(b, sigB, executor.Public)));
            await AssertProblemAsync(second, HttpStatusCode.ServiceUnavailable, "verifier-busy");
            Assert.Equal("none", await JobStatus(h, b.JobId));

            verifier.Gate.Set();
            using HttpResponseMessage done = await first;
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            // The slot was given back: the refused witness now settles.
            using HttpResponseMessage retried = await h.Http.PostAsync("v1/witnesses", WitnessJson(LedgerFixture.Witness(b, sigB, executor.Public)));
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        }
        finally
        {
            verifier.Gate.Set();
        }
        Assert.True(h.Registry.Registry.Audit().Holds);
    }

    private static async Task<string> JobStatus(HttpFixture h, Felt jobId) => (await h.Registry.Registry.GetJobAsync(jobId))?.Status.ToName() ?? "none";

    [Fact]
    public async Task Writes_OverRate_Get429()
    {
        await using var h = await HttpFixture.StartAsync(configure: o => o with { WritesPerSecondPerClient = 1, WriteBurstPerClient = 3 });
        static StringContent Deposit() => new("{\"account\":\"0x5\",\"amount\":\"7\"}", Encoding.UTF8, "application/json");
        for (int i = 0; i < 3; i++)
        {
            using HttpResponseMessage ok = await h.Http.PostAsync("v1/deposits", Deposit());
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using HttpResponseMessage limited = await h.Http.PostAsync("v1/deposits", Deposit());
        await AssertProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.Equal(3, h.Registry.Registry.LastSequence);

        // Reads are not writes.
        using HttpResponseMessage read = await h.Http.GetAsync("v1/accounts/0x5");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        // The bucket refills at the configured rate (the registry's clock, moved by hand).
        h.Registry.Clock.Advance(TimeSpan.FromSeconds(1));
        using HttpResponseMessage refilled = await h.Http.PostAsync("v1/deposits", Deposit());
        Assert.Equal(HttpStatusCode.OK, refilled.StatusCode);
        Assert.Equal(4, h.Registry.Registry.LastSequence);
    }

    [Fact]
    public async Task Sse_OverSubscriberCap_Get503()
    {
        await using var h = await HttpFixture.StartAsync(configure: o => o with { MaxEventSubscribers = 2 });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var open = new List<HttpResponseMessage>();
        try
        {
            for (int i = 0; i < 2; i++)
            {
                HttpResponseMessage r = await h.Http.GetAsync("v1/events/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
                open.Add(r);
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
                Assert.Equal("text/event-stream", r.Content.Headers.ContentType?.MediaType);
            }
            using HttpResponseMessage extra = await h.Http.GetAsync("v1/events/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
            await AssertProblemAsync(extra, HttpStatusCode.ServiceUnavailable, "too-many-subscribers");

            // Paging the events is not a subscription and still works.
            using HttpResponseMessage page = await h.Http.GetAsync("v1/events?after=0", cts.Token);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);

            // A subscriber that leaves gives its slot back (bounded wait for the server to see the close).
            open[0].Dispose();
            open.RemoveAt(0);
            HttpStatusCode again = HttpStatusCode.ServiceUnavailable;
            for (int attempt = 0; attempt < 100 && again != HttpStatusCode.OK; attempt++)
            {
                HttpResponseMessage r = await h.Http.GetAsync("v1/events/stream", HttpCompletionOption.ResponseHeadersRead, cts.Token);
                again = r.StatusCode;
                if (again == HttpStatusCode.OK) open.Add(r);
                else { r.Dispose(); await Task.Delay(100, cts.Token); }
            }
            Assert.Equal(HttpStatusCode.OK, again);
        }
        finally
        {
            foreach (HttpResponseMessage r in open) r.Dispose();
        }
    }
}
