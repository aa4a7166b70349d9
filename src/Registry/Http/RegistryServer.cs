using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Zetina.Registry.Http.Metrics;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Registry.Store;
using Zetina.Stark.Field;

namespace Zetina.Registry.Http;

/// <summary>
/// The registry's HTTP API over an embedded <see cref="SqliteRegistry"/> (ASP.NET Core slim builder,
/// source-generated JSON, native-AOT safe). Routes, in docs/registry.md:
/// <c>POST /v1/deposits</c>, <c>POST /v1/withdrawals</c>, <c>GET /v1/accounts/{id}</c>, <c>POST /v1/jobs</c>,
/// <c>POST /v1/witnesses</c>, <c>POST /v1/commits</c>, <c>POST /v1/reveals</c>, <c>GET /v1/jobs/{id}</c>, <c>GET /v1/events?after=N&amp;limit=M</c>,
/// <c>GET /v1/events/stream</c> (server-sent events honouring <c>Last-Event-ID</c>), <c>GET /health</c>,
/// <c>GET /metrics</c> (Prometheus text; docs/operating.md lists the metrics).
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    /// <summary>The largest body of a deposit, withdrawal or job registration.</summary>
    public const long SmallBodyLimit = 16 * 1024;

    /// <summary>The largest witness body (the proof travels base64 inside it).</summary>
    public const long WitnessBodyLimit = 8 * 1024 * 1024;

    /// <summary>The most events one GET /v1/events returns.</summary>
    public const int MaxEventsPerPage = 1000;

    /// <summary>The <c>Retry-After</c> (seconds) sent with a 503 when verifiers or subscriber slots are all taken.</summary>
    public const int BusyRetryAfterSeconds = 1;

    private readonly WebApplication _app;
    private readonly SqliteRegistry _registry;
    private readonly SemaphoreSlim _verifications;
    private readonly ClientRateLimiter? _writeLimiter;
    private readonly int _maxSubscribers;
    private int _subscribers;
    private readonly RegistryMetrics _metrics = new();

    private RegistryServer(WebApplication app, SqliteRegistry registry)
    {
        _app = app;
        _registry = registry;
        RegistryOptions o = registry.Options;
        _verifications = new SemaphoreSlim(o.MaxConcurrentVerifications, o.MaxConcurrentVerifications);
        _writeLimiter = o.WritesPerSecondPerClient > 0 ? new ClientRateLimiter(o.WritesPerSecondPerClient, o.WriteBurstPerClient, o.Clock) : null;
        _maxSubscribers = o.MaxEventSubscribers;
    }

    /// <summary>The address the server listens on, with the port the OS picked when asked for port 0.</summary>
    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>
    /// Starts serving <paramref name="registry"/> on <paramref name="endpoint"/> (port 0 picks a free port).
    /// The registry stays owned by the caller.
    /// </summary>
    public static async Task<RegistryServer> StartAsync(SqliteRegistry registry, IPEndPoint endpoint, CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = WitnessBodyLimit;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Listen(endpoint);
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, RegistryJsonContext.Default));
        WebApplication app = builder.Build();
        var server = new RegistryServer(app, registry);
        server.Map(app);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Completes when the server stops.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    private void Map(WebApplication app)
    {
        app.MapPost("/v1/deposits", Timed(Guarded(RateLimited(Deposit))));
        app.MapPost("/v1/withdrawals", Timed(Guarded(RateLimited(Withdraw))));
        app.MapPost("/v1/jobs", Timed(Guarded(RateLimited(RegisterJob))));
        app.MapPost("/v1/witnesses", Timed(Guarded(RateLimited(Witness))));
        app.MapPost("/v1/commits", Timed(Guarded(RateLimited(Commit))));
        app.MapPost("/v1/reveals", Timed(Guarded(RateLimited(Reveal))));
        app.MapGet("/v1/accounts/{id}", Guarded(Account));
        app.MapGet("/v1/jobs/{id}", Guarded(Job));
        app.MapGet("/v1/events", Guarded(Events));
        app.MapGet("/v1/events/stream", Guarded(Stream));
        app.MapGet("/health", Guarded(Health));
        app.MapGet("/metrics", ctx =>
        {
            ctx.Response.ContentType = PrometheusText.ContentType;
            return ctx.Response.WriteAsync(_metrics.Write(Subscribers), ctx.RequestAborted);
        });
        app.MapFallback(ctx => Problems.WriteAsync(ctx, Problems.Transport(StatusCodes.Status404NotFound, "no-such-route", "No such route",
            $"{ctx.Request.Method} {ctx.Request.Path} is not part of the registry API; see docs/registry.md", ctx.Request.Path)));
    }

    /// <summary>Records how long a write takes to answer, whatever the answer (<c>zetina_registry_write_seconds</c>).</summary>
    private RequestDelegate Timed(RequestDelegate handler) => async ctx =>
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await handler(ctx).ConfigureAwait(false);
        }
        finally
        {
            _metrics.WriteSeconds.Observe(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    };

    private static RequestDelegate Guarded(RequestDelegate handler) => async ctx =>
    {
        try
        {
            await handler(ctx).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            if (!ctx.Response.HasStarted)
                await Problems.WriteAsync(ctx, TooLarge(ctx, e.Message)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (!ctx.Response.HasStarted)
        {
            await Problems.WriteAsync(ctx, Problems.Transport(StatusCodes.Status503ServiceUnavailable, "shutting-down", "The registry is shutting down",
                "the registry is stopping; retry against it once it is back", ctx.Request.Path)).ConfigureAwait(false);
        }
        catch (Exception e) when (!ctx.Response.HasStarted && e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidDataException)
        {
            // The store failed (disk full, I/O error): the write was rolled back and nothing changed.
            await Problems.WriteAsync(ctx, Problems.Transport(StatusCodes.Status503ServiceUnavailable, "store-unavailable", "The registry's store failed",
                $"the registry could not commit or read its database ({e.GetType().Name}: {e.Message}); nothing changed, retry later", ctx.Request.Path))
                .ConfigureAwait(false);
        }
    };

    /// <summary>Answers a write over its client's rate with 429 and <c>Retry-After</c> before the body is read; else runs <paramref name="handler"/>.</summary>
    private RequestDelegate RateLimited(RequestDelegate handler) => ctx =>
    {
        if (_writeLimiter is null || _writeLimiter.TryTake(ctx.Connection.RemoteIpAddress, out TimeSpan wait)) return handler(ctx);
        int seconds = (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        return BusyAsync(ctx, StatusCodes.Status429TooManyRequests, "rate-limited", "Too many write requests", seconds,
            $"this client made more than {_registry.Options.WriteBurstPerClient} writes at once or more than " +
            $"{_registry.Options.WritesPerSecondPerClient.ToString(CultureInfo.InvariantCulture)} per second; retry after {seconds} s");
    };

    /// <summary>Writes a 429 or 503 problem with its <c>Retry-After</c> header (RFC 9110 §10.2.3).</summary>
    private static Task BusyAsync(HttpContext ctx, int status, string slug, string title, int retryAfterSeconds, string detail)
    {
        ctx.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return Problems.WriteAsync(ctx, Problems.Transport(status, slug, title, detail, ctx.Request.Path));
    }

    private static ProblemDto TooLarge(HttpContext ctx, string why) =>
        Problems.Transport(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The request body is too large",
            $"{why}; {ctx.Request.Path} accepts at most {LimitFor(ctx)} bytes", ctx.Request.Path);

    private static long LimitFor(HttpContext ctx) =>
        ctx.Request.Path.StartsWithSegments("/v1/witnesses") || ctx.Request.Path.StartsWithSegments("/v1/reveals") ? WitnessBodyLimit : SmallBodyLimit;

    /// <summary>Reads and parses a JSON body no larger than the route's limit; on failure writes the problem and returns null.</summary>
    private static async Task<T?> ReadBodyAsync<T>(HttpContext ctx, JsonTypeInfo<T> type) where T : class
    {
        long limit = LimitFor(ctx);
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } f) f.MaxRequestBodySize = limit;
        if (ctx.Request.ContentLength is long n && n > limit)
        {
            await Problems.WriteAsync(ctx, TooLarge(ctx, $"the body is {n} bytes")).ConfigureAwait(false);
            return null;
        }
        string? mediaType = ctx.Request.ContentType;
        if (mediaType is not null && !mediaType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await Problems.WriteAsync(ctx, Problems.Transport(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Send JSON",
                $"the body is '{mediaType}'; send application/json", ctx.Request.Path)).ConfigureAwait(false);
            return null;
        }
        try
        {
            T? body = await JsonSerializer.DeserializeAsync(ctx.Request.Body, type, ctx.RequestAborted).ConfigureAwait(false);
            if (body is null) await Invalid(ctx, "the body is JSON null; send a JSON object").ConfigureAwait(false);
            return body;
        }
        catch (JsonException e)
        {
            await Invalid(ctx, $"malformed JSON: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }

    private static Task Invalid(HttpContext ctx, string detail) => Problems.WriteAsync(ctx, Problems.For(RegistryError.InvalidRequest, detail, ctx.Request.Path));

    private static async Task WriteJsonAsync<T>(HttpContext ctx, int status, T value, JsonTypeInfo<T> type)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, value, type, ctx.RequestAborted).ConfigureAwait(false);
    }

    private Task WriteOutcome<T, TDto>(HttpContext ctx, RegistryOutcome<T> outcome, Func<T, TDto> map, JsonTypeInfo<TDto> type, int okStatus = StatusCodes.Status200OK)
    {
        if (outcome.Ok) return WriteJsonAsync(ctx, okStatus, map(outcome.Value!), type);
        _metrics.Refused(outcome.Error);
        return Problems.WriteAsync(ctx, Problems.For(outcome.Error, outcome.Message ?? outcome.Error.ToString(), ctx.Request.Path));
    }

    private async Task Deposit(HttpContext ctx)
    {
        DepositBody? b = await ReadBodyAsync(ctx, RegistryJsonContext.Default.DepositBody).ConfigureAwait(false);
        if (b is null) return;
        if (!WireMapping.TryFelt(b.Account, "account", out Felt account, out string? err) ||
            !WireMapping.TryAmount(b.Amount, "amount", out Amount amount, out err))
        {
            await Invalid(ctx, err!).ConfigureAwait(false);
            return;
        }
        Felt minter = default;
        Signature? sig = null;
        if (b.Signature is not null || b.Minter is not null || b.Nonce is not null)
        {
            if (b.Nonce is null) { await Invalid(ctx, "field 'nonce' is missing: a signed deposit carries the operator's next nonce").ConfigureAwait(false); return; }
            if (!WireMapping.TryFelt(b.Minter, "minter", out minter, out err) || !WireMapping.TrySignature(b.Signature, "signature", out Signature s, out err))
            {
                await Invalid(ctx, err!).ConfigureAwait(false);
                return;
            }
            sig = s;
        }
        var outcome = await _registry.DepositAsync(new DepositRequest(account, amount, minter, b.Nonce ?? 0, sig), ctx.RequestAborted).ConfigureAwait(false);
        if (outcome.Ok) _metrics.Deposited();
        await WriteOutcome(ctx, outcome, WireMapping.ToDto, RegistryJsonContext.Default.TransferReceiptDto).ConfigureAwait(false);
    }

    private async Task Withdraw(HttpContext ctx)
    {
        WithdrawBody? b = await ReadBodyAsync(ctx, RegistryJsonContext.Default.WithdrawBody).ConfigureAwait(false);
        if (b is null) return;
        if (!WireMapping.TryFelt(b.Account, "account", out Felt account, out string? err) ||
            !WireMapping.TryAmount(b.Amount, "amount", out Amount amount, out err) ||
            !WireMapping.TrySignature(b.Signature, "signature", out Signature sig, out err))
        {
            await Invalid(ctx, err!).ConfigureAwait(false);
            return;
        }
        var outcome = await _registry.WithdrawAsync(new WithdrawRequest(account, amount, b.Nonce, sig), ctx.RequestAborted).ConfigureAwait(false);
        await WriteOutcome(ctx, outcome, WireMapping.ToDto, RegistryJsonContext.Default.TransferReceiptDto).ConfigureAwait(false);
    }

    private async Task RegisterJob(HttpContext ctx)
    {
        JobRegistrationBody? b = await ReadBodyAsync(ctx, RegistryJsonContext.Default.JobRegistrationBody).ConfigureAwait(false);
        if (b is null) return;
        if (!WireMapping.TryHeader(b.Header, "header", out JobHeader? header, out string? err) ||
            !WireMapping.TrySignature(b.Signature, "signature", out Signature sig, out err))
        {
            await Invalid(ctx, err!).ConfigureAwait(false);
            return;
        }
        var outcome = await _registry.RegisterJobAsync(header!, sig, ctx.RequestAborted).ConfigureAwait(false);
        await WriteOutcome(ctx, outcome, r => new JobRegistrationDto
        {
            JobId = r.JobId.ToHexString(),
            Delegator = r.Delegator.ToHexString(),
            Reward = r.Reward.ToString(),
            Deadline = r.Deadline,
        }, RegistryJsonContext.Default.JobRegistrationDto).ConfigureAwait(false);
    }

    private async Task Witness(HttpContext ctx)
    {
        WitnessBody? b = await ReadBodyAsync(ctx, RegistryJsonContext.Default.WitnessBody).ConfigureAwait(false);
        if (b is null) return;
        if (!WireMapping.TryHeader(b.Header, "header", out JobHeader? header, out string? err) ||
            !WireMapping.TrySignature(b.Signature, "signature", out Signature sig, out err) ||
            !WireMapping.TryFelt(b.JobId, "job_id", out Felt jobId, out err) ||
            !WireMapping.TryFelt(b.Executor, "executor", out Felt executor, out err) ||
            !WireMapping.TryFelts(b.Output, "output", out Felt[] output, out err))
        {
            await Invalid(ctx, err!).ConfigureAwait(false);
            return;
        }
        if (await WrongJobIdAsync(ctx, "witness", jobId, header!).ConfigureAwait(false)) return;
        var witness = new JobWitness(new JobAnnouncement(header!, sig), executor, output, b.Proof);
        await SettleInVerifierSlotAsync(ctx, () => _registry.SubmitWitnessAsync(witness, ctx.RequestAborted)).ConfigureAwait(false);
    }

    /// <summary>
    /// The wire carries the job id twice (beside the header, and in it); the witness carries the header's. True, with
    /// the refusal written, when they differ.
    /// </summary>
    private async Task<bool> WrongJobIdAsync(HttpContext ctx, string what, Felt jobId, JobHeader header)
    {
        if (jobId == header.JobId) return false;
        await WriteOutcome(ctx, RegistryOutcome<SettlementReceipt>.Refuse(RegistryError.WrongJobId,
                $"the {what} is for job {jobId.ToHexString()} but its header is job {header.JobId.ToHexString()}"),
            WireMapping.ToDto, RegistryJsonContext.Default.SettlementDto).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Runs a proof check that may settle a job in one of the verifier slots and writes its outcome. Bounded CPU: at
    /// most MaxConcurrentVerifications proofs are checked at once; the rest are told to come back.
    /// </summary>
    private async Task SettleInVerifierSlotAsync(HttpContext ctx, Func<Task<RegistryOutcome<SettlementReceipt>>> settle)
    {
        if (!_verifications.Wait(0))
        {
            await BusyAsync(ctx, StatusCodes.Status503ServiceUnavailable, "verifier-busy", "Every proof verifier is busy", BusyRetryAfterSeconds,
                $"the registry is verifying {_registry.Options.MaxConcurrentVerifications} proofs, its limit; retry after {BusyRetryAfterSeconds} s")
                .ConfigureAwait(false);
            return;
        }
        RegistryOutcome<SettlementReceipt> outcome;
        try
        {
            outcome = await settle().ConfigureAwait(false);
        }
        finally
        {
            _verifications.Release();
        }
        if (outcome.Ok) _metrics.Settled();
        await WriteOutcome(ctx, outcome, WireMapping.ToDto, RegistryJsonContext.Default.SettlementDto).ConfigureAwait(false);
    }

    private async Task Commit(HttpContext ctx)
    {
        CommitBody? b = await ReadBodyAsync(ctx, RegistryJsonContext.Default.CommitBody).ConfigureAwait(false);
        if (b is null) return;
        if (!WireMapping.TryHeader(b.Header, "header", out JobHeader? header, out string? err) ||
            !WireMapping.TrySignature(b.Signature, "signature", out Signature sig, out err) ||
            !WireMapping.TryFelt(b.Executor, "executor", out Felt executor, out err) ||
            !WireMapping.TryFelt(b.Commitment, "commitment", out Felt commitment, out err) ||
            !WireMapping.TrySignature(b.ExecutorSignature, "executor_signature", out Signature executorSig, out err))
        {
            await Invalid(ctx, err!).ConfigureAwait(false);
            return;
        }
        var outcome = await _registry.CommitProofAsync(new ProofCommit(new JobAnnouncement(header!, sig), executor, commitment, executorSig), ctx.RequestAborted)
            .ConfigureAwait(false);
        await WriteOutcome(ctx, outcome, WireMapping.ToDto, RegistryJsonContext.Default.CommitReceiptDto).ConfigureAwait(false);
    }

    private async Task Reveal(HttpContext ctx)
    {
        RevealBody? b = await ReadBodyAsync(ctx, RegistryJsonContext.Default.RevealBody).ConfigureAwait(false);
        if (b is null) return;
        if (!WireMapping.TryHeader(b.Header, "header", out JobHeader? header, out string? err) ||
            !WireMapping.TrySignature(b.Signature, "signature", out Signature sig, out err) ||
            !WireMapping.TryFelt(b.JobId, "job_id", out Felt jobId, out err) ||
            !WireMapping.TryFelt(b.Executor, "executor", out Felt executor, out err) ||
            !WireMapping.TryFelts(b.Output, "output", out Felt[] output, out err))
        {
            await Invalid(ctx, err!).ConfigureAwait(false);
            return;
        }
        if (b.Program is null || b.Program.Builtins is null)
        {
            await Invalid(ctx, "field 'program' is missing: a reveal names {main, builtins}, the program hash's header").ConfigureAwait(false);
            return;
        }
        if (await WrongJobIdAsync(ctx, "reveal", jobId, header!).ConfigureAwait(false)) return;
        var reveal = new ProofReveal(new JobWitness(new JobAnnouncement(header!, sig), executor, output, b.Proof),
            new Verification.ProgramHeader(b.Program.Main, b.Program.Builtins));
        await SettleInVerifierSlotAsync(ctx, () => _registry.RevealProofAsync(reveal, ctx.RequestAborted)).ConfigureAwait(false);
    }

    private async Task Account(HttpContext ctx)
    {
        if (!WireMapping.TryFelt(ctx.Request.RouteValues["id"] as string, "id", out Felt id, out string? err))
        {
            await Invalid(ctx, err! + " (the path is /v1/accounts/0x<public key>)").ConfigureAwait(false);
            return;
        }
        AccountView view = await _registry.GetAccountAsync(id, ctx.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(ctx, StatusCodes.Status200OK, WireMapping.ToDto(view), RegistryJsonContext.Default.AccountDto).ConfigureAwait(false);
    }

    private async Task Job(HttpContext ctx)
    {
        if (!WireMapping.TryFelt(ctx.Request.RouteValues["id"] as string, "id", out Felt id, out string? err))
        {
            await Invalid(ctx, err! + " (the path is /v1/jobs/0x<job id>)").ConfigureAwait(false);
            return;
        }
        JobView? view = await _registry.GetJobAsync(id, ctx.RequestAborted).ConfigureAwait(false);
        if (view is null)
        {
            await Problems.WriteAsync(ctx, Problems.For(RegistryError.NotFound,
                $"the registry has no job {id.ToHexString()}: it was never registered or settled here", ctx.Request.Path)).ConfigureAwait(false);
            return;
        }
        await WriteJsonAsync(ctx, StatusCodes.Status200OK, WireMapping.ToDto(view), RegistryJsonContext.Default.JobDto).ConfigureAwait(false);
    }

    private static bool TryQueryLong(HttpContext ctx, string name, long fallback, long min, long max, out long value, out string? error)
    {
        value = fallback;
        error = null;
        string? s = ctx.Request.Query[name];
        if (s is null) return true;
        if (!long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < min || value > max)
        {
            error = $"query '{name}' is '{s}'; it is an integer in [{min}, {max}]";
            return false;
        }
        return true;
    }

    private async Task Events(HttpContext ctx)
    {
        if (!TryQueryLong(ctx, "after", 0, 0, long.MaxValue, out long after, out string? err) ||
            !TryQueryLong(ctx, "limit", 100, 1, MaxEventsPerPage, out long limit, out err))
        {
            await Invalid(ctx, err!).ConfigureAwait(false);
            return;
        }
        long last = _registry.LastSequence;
        IReadOnlyList<RegistryEvent> page = await _registry.GetEventsAsync(after, (int)limit, ctx.RequestAborted).ConfigureAwait(false);
        var dtos = new EventDto[page.Count];
        for (int i = 0; i < dtos.Length; i++) dtos[i] = WireMapping.ToDto(page[i]);
        await WriteJsonAsync(ctx, StatusCodes.Status200OK, new EventsPageDto { Events = dtos, LastSequence = Math.Max(last, after) },
            RegistryJsonContext.Default.EventsPageDto).ConfigureAwait(false);
    }

    /// <summary>
    /// Server-sent events (WHATWG HTML §9.2): each event as <c>id: N</c>, <c>event: Kind</c>, <c>data: {json}</c>.
    /// Resumes after the <c>Last-Event-ID</c> header (a reconnecting EventSource sends it), else after <c>?after=N</c>, else from the start.
    /// </summary>
    private async Task Stream(HttpContext ctx)
    {
        long after = 0;
        string? lastEventId = ctx.Request.Headers["Last-Event-ID"];
        if (!string.IsNullOrEmpty(lastEventId))
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            {
                await Invalid(ctx, $"header Last-Event-ID is '{lastEventId}'; it is the sequence number of the last event received").ConfigureAwait(false);
                return;
            }
        }
        else if (!TryQueryLong(ctx, "after", 0, 0, long.MaxValue, out after, out string? err))
        {
            await Invalid(ctx, err!).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Increment(ref _subscribers) > _maxSubscribers)
        {
            Interlocked.Decrement(ref _subscribers);
            await BusyAsync(ctx, StatusCodes.Status503ServiceUnavailable, "too-many-subscribers", "Every event-stream slot is taken", BusyRetryAfterSeconds,
                $"the registry serves at most {_maxSubscribers} event streams at once; retry after {BusyRetryAfterSeconds} s, or page GET /v1/events")
                .ConfigureAwait(false);
            return;
        }
        try
        {
            await StreamEventsAsync(ctx, after).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _subscribers);
        }
    }

    /// <summary>The number of open event-stream subscriptions.</summary>
    internal int Subscribers => Volatile.Read(ref _subscribers);

    private async Task StreamEventsAsync(HttpContext ctx, long after)
    {
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        CancellationToken ct = ctx.RequestAborted;
        Stream body = ctx.Response.Body;
        await body.WriteAsync("retry: 1000\n\n"u8.ToArray(), ct).ConfigureAwait(false);
        await body.FlushAsync(ct).ConfigureAwait(false);
        long cursor = after;
        var buffer = new MemoryStream();
        while (!ct.IsCancellationRequested)
        {
            IReadOnlyList<RegistryEvent> page = await _registry.GetEventsAsync(cursor, 512, ct).ConfigureAwait(false);
            if (page.Count == 0)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                heartbeat.CancelAfter(TimeSpan.FromSeconds(15));
                try
                {
                    await _registry.WaitForEventAfterAsync(cursor, heartbeat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await body.WriteAsync(": keep-alive\n\n"u8.ToArray(), ct).ConfigureAwait(false);
                    await body.FlushAsync(ct).ConfigureAwait(false);
                }
                continue;
            }
            buffer.SetLength(0);
            foreach (RegistryEvent e in page)
            {
                buffer.Write(Encoding.UTF8.GetBytes($"id: {e.Sequence.ToString(CultureInfo.InvariantCulture)}\nevent: {e.Kind}\ndata: "));
                JsonSerializer.Serialize(buffer, WireMapping.ToDto(e), RegistryJsonContext.Default.EventDto);
                buffer.Write("\n\n"u8);
                cursor = e.Sequence;
            }
            await body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct).ConfigureAwait(false);
            await body.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task Health(HttpContext ctx)
    {
        var dto = new HealthDto
        {
            Status = "ok",
            RegistryId = _registry.RegistryId.ToHexString(),
            LastSequence = _registry.LastSequence,
            DevFaucet = _registry.DevFaucet,
            FeeBps = _registry.FeeBasisPoints,
            FeeAccount = _registry.FeeAccount.ToHexString(),
        };
        await WriteJsonAsync(ctx, StatusCodes.Status200OK, dto, RegistryJsonContext.Default.HealthDto).ConfigureAwait(false);
    }

    /// <summary>Stops the server (open SSE streams are cut); the registry stays open.</summary>
    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try { await _app.StopAsync(cts.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
        await _app.DisposeAsync().ConfigureAwait(false);
        _verifications.Dispose();
    }
}
