using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Zetina.Node.Executor;
using Zetina.Node.Hosting;
using Zetina.Node.Jobs;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Stark.Field;

namespace Zetina.Node.Api;

/// <summary>
/// The node's HTTP API: <c>POST /v1/jobs</c>, <c>GET /v1/jobs/{id}</c>, <c>GET /v1/jobs/{id}/events</c> and
/// <c>GET /v1/events</c> (server-sent events of one job or of all, honouring Last-Event-ID), <c>GET /v1/status</c>,
/// <c>GET /v1/peers</c>, <c>GET /v1/settlements</c> (the registry's latest), <c>GET /health</c>,
/// <c>GET /metrics</c> (Prometheus text format) and the dashboard at <c>/</c>. JSON through source generation only.
/// </summary>
internal sealed class NodeApiServer : IAsyncDisposable
{
    /// <summary>A job's step limit when the request names none (capped by <c>--max-steps</c>).</summary>
    public const ulong DefaultMaxSteps = 1UL << 20;

    /// <summary>A job's lifetime when the request names none.</summary>
    public const ulong DefaultDeadlineSeconds = 3600;

    /// <summary>Open connections at once: event streams hold theirs, so a client that opens many is stopped here.</summary>
    public const long MaxConnections = 256;

    /// <summary>Largest request body: a job body's limit plus JSON overhead.</summary>
    public const long MaxRequestBytes = JobBody.MaxEncodedBytes + 64 * 1024;

    private readonly WebApplication _app;
    private readonly NodeHost _node;
    private readonly RecentSettlements _settlements;

    private NodeApiServer(WebApplication app, NodeHost node, ApiAuthorization access)
    {
        _app = app;
        _node = node;
        Access = access;
        _settlements = new RecentSettlements(node.Registry, TimeProvider.System);
    }

    /// <summary>Who may call what.</summary>
    public ApiAuthorization Access { get; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public static async Task<NodeApiServer> StartAsync(NodeHost node, IPEndPoint endpoint, ApiAuthorization access, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = MaxRequestBytes;
            k.Limits.MaxConcurrentConnections = MaxConnections;
            k.Listen(endpoint);
        });
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, NodeJsonContext.Default));
        WebApplication app = builder.Build();
        var server = new NodeApiServer(app, node, access);
        app.Use(async (ctx, next) =>
        {
            if (access.Guards(ctx.Request) && !access.IsAuthorized(ctx.Request))
            {
                // RFC 6750 §3: a 401 names the scheme the client must use.
                ctx.Response.Headers.WWWAuthenticate = "Bearer realm=\"zetina-node\"";
                await Problem(401, "unauthorized",
                    "this route needs the header 'Authorization: Bearer TOKEN' with the node's API token (DATA_DIR/api-token or --api-token-file)")
                    .ExecuteAsync(ctx).ConfigureAwait(false);
                return;
            }
            await next(ctx).ConfigureAwait(false);
        });
        // Plain RequestDelegates (no parameter binding): nothing for the AOT request-delegate generator to reflect on.
        app.MapPost("/v1/jobs", async ctx => await (await server.SubmitAsync(ctx).ConfigureAwait(false)).ExecuteAsync(ctx).ConfigureAwait(false));
        app.MapGet("/v1/jobs/{id}", ctx => server.GetJob(RouteId(ctx)).ExecuteAsync(ctx));
        app.MapGet("/v1/jobs/{id}/events", ctx => server.StreamJobAsync(ctx, RouteId(ctx)));
        app.MapGet("/v1/events", ctx => server.StreamAsync(ctx, node.Events.AllAfter));
        app.MapGet("/v1/status", ctx => server.Status().ExecuteAsync(ctx));
        app.MapGet("/v1/peers", ctx => server.Peers().ExecuteAsync(ctx));
        app.MapGet("/v1/settlements", async ctx => await (await server.SettlementsAsync(ctx.RequestAborted).ConfigureAwait(false)).ExecuteAsync(ctx).ConfigureAwait(false));
        app.MapGet("/health", ctx => Results.Json(new NodeHealthDto("ok", node.Network.Host.Id.ToString()), NodeJsonContext.Default.NodeHealthDto).ExecuteAsync(ctx));
        app.MapGet("/metrics", ctx => server.Metrics().ExecuteAsync(ctx));
        var dashboard = Dashboard.DashboardAssets.Load();
        foreach (string path in dashboard.Paths) app.MapMethods(path, ["GET", "HEAD"], dashboard.ServeAsync);
        FollowLog(node);
        app.MapFallback(ctx => Problem(404, "no-such-route", $"{ctx.Request.Method} {ctx.Request.Path} is not part of the node API").ExecuteAsync(ctx));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    private static string RouteId(HttpContext ctx) => ctx.Request.RouteValues["id"] as string ?? "";

    private static IResult Problem(int status, string type, string detail) =>
        Results.Json(new NodeProblemDto("https://zetina.dev/problems/" + type, type.Replace('-', ' '), status, detail),
            NodeJsonContext.Default.NodeProblemDto, contentType: "application/problem+json", statusCode: status);

    private async Task<IResult> SubmitAsync(HttpContext ctx)
    {
        if (_node.Delegator is null) return Problem(409, "not-a-delegator", "this node runs without the delegator role (--role executor)");
        SubmitJobRequest? req;
        try
        {
            req = await JsonSerializer.DeserializeAsync(ctx.Request.Body, NodeJsonContext.Default.SubmitJobRequest, ctx.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Problem(400, "malformed-json", "the request is not valid JSON for a job: " + e.Message);
        }
        catch (BadHttpRequestException e)
        {
            return Problem(413, "body-too-large", e.Message);
        }
        if (req is null) return Problem(400, "bad-program", "'program' must be the JSON object cairo-compile writes");
        bool pieJob = req.Pie is not null;
        if (pieJob && req.Program is JsonElement { ValueKind: not JsonValueKind.Null })
            return Problem(400, "bad-pie", "give 'program' or 'pie', not both");
        if (!pieJob && req.Program is not JsonElement { ValueKind: JsonValueKind.Object })
            return Problem(400, "bad-program", "'program' must be the JSON object cairo-compile writes");
        if (!ProofFormatNames.TryParse(req.ProofFormat ?? "native", out ProofFormat format))
            return Problem(400, "bad-proof-format", $"proof_format: '{req.ProofFormat}' is not a proof format; accepted: {ProofFormatNames.Accepted}");
        if (!Amount.TryParse(req.Reward, out Amount reward, out string? rewardError))
            return Problem(400, "bad-reward", "reward: " + rewardError);
        if (reward > _node.Options.MaxReward)
            return Problem(400, "reward-over-cap", $"reward: {reward} is above this node's --max-reward {_node.Options.MaxReward}");
        ulong stepCap = _node.Options.Executor.MaxSteps;
        ulong maxSteps = req.MaxSteps ?? Math.Min(DefaultMaxSteps, stepCap);
        if (maxSteps > stepCap)
            return Problem(400, "steps-over-cap", $"max_steps: {maxSteps} is above this node's --max-steps {stepCap}");
        ulong deadlineCap = (ulong)_node.Options.Executor.MaxDeadlineAhead.TotalSeconds;
        ulong deadlineSeconds = req.DeadlineSeconds ?? DefaultDeadlineSeconds;
        if (deadlineSeconds is 0 || deadlineSeconds > deadlineCap)
            return Problem(400, "bad-deadline", $"deadline_seconds: {deadlineSeconds} is not between 1 and {deadlineCap} (executors refuse deadlines further ahead)");
        ulong deadline = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + deadlineSeconds;
        if (pieJob)
        {
            if (PieBody(req, maxSteps, out JobBody? pieBody) is { } refused) return refused;
            return await PublishAsync(ctx, pieBody!, reward, deadline, null, format).ConfigureAwait(false);
        }
        IReadOnlyList<string> builtins;
        try
        {
            builtins = req.Layout is null or Zetina.Cairo.Run.CairoLayout.Auto ? Zetina.Cairo.Program.ProgramLoader.Load(Encoding.UTF8.GetBytes(req.Program!.Value.GetRawText())).Builtins : [];
        }
        catch (Zetina.Cairo.Errors.CairoException e)
        {
            return Problem(400, "bad-program", "program: " + e.Message);
        }
        // layout: "auto" (the default) is resolved here, so the job names the layout its executors run.
        if (Cli.LayoutOption.TryResolve(req.Layout ?? Zetina.Cairo.Run.CairoLayout.Auto, builtins, out _, out string? layoutError) is not { } layout)
            return Problem(400, "bad-layout", "layout: " + layoutError);
        var body = new JobBody(layout.Name, maxSteps,
            Encoding.UTF8.GetBytes(req.Program!.Value.GetRawText()),
            req.ProgramInput is JsonElement input && input.ValueKind != JsonValueKind.Null ? Encoding.UTF8.GetBytes(input.GetRawText()) : []);
        Felt[]? boundInput = null;
        if (req.BindInput == true)
        {
            if (body.ProgramInput.Length == 0) return Problem(400, "bad-bind-input", "bind_input: the job has no program_input to bind");
            try
            {
                boundInput = ProgramInputFelts.FromJson(body.ProgramInput);
            }
            catch (FormatException e)
            {
                return Problem(400, "bad-bind-input", "bind_input: " + e.Message);
            }
        }
        return await PublishAsync(ctx, body, reward, deadline, boundInput, format).ConfigureAwait(false);
    }

    /// <summary>
    /// A PIE job's body from the request's <c>pie</c> (base64 of the zip): null and the body, or the 400/422 answer —
    /// a PIE that fails its checks is refused here, with its defect, before anything is signed.
    /// </summary>
    private IResult? PieBody(SubmitJobRequest req, ulong maxSteps, out JobBody? body)
    {
        body = null;
        if (req.ProgramInput is JsonElement pin && pin.ValueKind != JsonValueKind.Null || req.BindInput == true)
            return Problem(400, "bad-pie", "a PIE job has no program_input or bind_input: its hints already ran, and its recorded output is bound");
        if (req.Layout is not null and not Zetina.Cairo.Run.CairoLayout.Auto)
            return Problem(400, "bad-layout", "layout: a PIE job's layout is the smallest that holds the bootloader's builtins and the PIE's; leave it out");
        if (_node.Delegator!.Bootloader is not { } bootloader)
            return Problem(422, "no-bootloader", "this node has no bootloader (--bootloader PATH, or 'bootloader' in its config), so it cannot publish PIE jobs");
        byte[] zip;
        try
        {
            zip = Convert.FromBase64String(req.Pie!);
        }
        catch (FormatException)
        {
            return Problem(400, "bad-pie", "pie: not base64 (the PIE zip's bytes, base64-encoded)");
        }
        try
        {
            body = Proving.PieJob.BodyFor(zip, bootloader, maxSteps).Body;
            return null;
        }
        catch (Zetina.Cairo.Errors.MalformedPieException e)
        {
            return Problem(400, "bad-pie", $"pie ({e.Defect}): {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            return Problem(400, "bad-layout", "pie: " + e.Message);
        }
    }

    /// <summary>Publishes a checked body through the delegator and answers 201 with the job, or 422 when it is refused.</summary>
    private async Task<IResult> PublishAsync(HttpContext ctx, JobBody body, Amount reward, ulong deadline, Felt[]? boundInput, ProofFormat format)
    {
        try
        {
            JobAnnouncement a = await _node.Delegator!.PublishAsync(body, reward, deadline, ctx.RequestAborted, boundInput, format).ConfigureAwait(false);
            _node.Events.Add(a.Header.JobId, "published", null);
            _ = Task.Run(() => FollowAsync(a));
            var h = a.Header;
            return Results.Json(new SubmitJobResponse(h.JobId.ToHexString(), h.ProgramHash.ToHexString(), h.Reward.ToString(), h.Deadline, h.StepLimit, h.InputLength,
                    h.IsPieJob ? h.TaskProgramHash.ToHexString() : null, h.Format.ToName()),
                NodeJsonContext.Default.SubmitJobResponse, statusCode: 201);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or Proving.JobRejectedException)
        {
            return Problem(422, "job-refused", e.Message);
        }
    }

    /// <summary>Re-announces a job this node published until the registry settles it, then records the settlement.</summary>
    private async Task FollowAsync(JobAnnouncement a)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(1, (long)a.Header.Deadline - DateTimeOffset.UtcNow.ToUnixTimeSeconds())));
        Task announcing = _node.Delegator!.KeepAnnouncingAsync(a, TimeSpan.FromSeconds(3), cts.Token);
        try
        {
            var ev = await _node.Delegator.WaitForSettlementAsync(a.Header.JobId, 0, cts.Token).ConfigureAwait(false);
            _node.Events.Add(a.Header.JobId, "settled",
                $"executor={ev.Executor} output={Delegator.DelegatorService.FormatOutput(ev.Output)} proof_hash={ev.ProofHash}");
        }
        catch (OperationCanceledException)
        {
            _node.Events.Add(a.Header.JobId, "expired", "deadline passed without a settlement");
        }
        finally
        {
            await cts.CancelAsync().ConfigureAwait(false);
            await announcing.ConfigureAwait(false);
        }
    }

    private IResult GetJob(string id)
    {
        if (!Felt.TryParse(id, out Felt jobId, out string? error)) return Problem(400, "bad-job-id", "job id: " + error);
        JobEntry? e = _node.Record.Get(jobId.ToHexString());
        if (e is not null) return Results.Json(e, NodeJsonContext.Default.JobEntry);
        // A job this node published but does not execute: its latest event.
        if (_node.Events.After(jobId.ToHexString(), 0) is [.., JobEvent last])
            return Results.Json(new JobEventDto(last.Sequence, last.Job, last.Type, last.Detail, last.At), NodeJsonContext.Default.JobEventDto);
        return Problem(404, "unknown-job", $"this node has not seen job {jobId}");
    }

    private Task StreamJobAsync(HttpContext ctx, string id)
    {
        if (!Felt.TryParse(id, out Felt jobId, out string? error)) return Problem(400, "bad-job-id", "job id: " + error).ExecuteAsync(ctx);
        string job = jobId.ToHexString();
        return StreamAsync(ctx, after => _node.Events.After(job, after));
    }

    /// <summary>
    /// Server-sent events (WHATWG HTML §9.2) from <paramref name="read"/>: <c>id: N</c>, <c>event: TYPE</c>,
    /// <c>data: {json}</c>, resuming after the client's <c>Last-Event-ID</c>; ends when the client goes.
    /// </summary>
    private async Task StreamAsync(HttpContext ctx, Func<long, List<JobEvent>> read)
    {
        long after = 0;
        if (ctx.Request.Headers.TryGetValue("Last-Event-ID", out var last) && !long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            await Problem(400, "bad-last-event-id", $"Last-Event-ID '{last}' is not a sequence number").ExecuteAsync(ctx).ConfigureAwait(false);
            return;
        }
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        CancellationToken ct = ctx.RequestAborted;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                Task next = _node.Events.NextAsync(ct);
                foreach (JobEvent e in read(after))
                {
                    after = e.Sequence;
                    string json = JsonSerializer.Serialize(new JobEventDto(e.Sequence, e.Job, e.Type, e.Detail, e.At), NodeJsonContext.Default.JobEventDto);
                    await ctx.Response.WriteAsync($"id: {e.Sequence}\nevent: {e.Type}\ndata: {json}\n\n", ct).ConfigureAwait(false);
                }
                await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
                await next.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private IResult Status()
    {
        var jobs = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (JobEntry e in _node.Record.Snapshot())
        {
            string k = e.State.ToString().ToLowerInvariant();
            jobs[k] = jobs.TryGetValue(k, out int n) ? n + 1 : 1;
        }
        long steps = _node.Executor?.StepsProved ?? 0;
        double seconds = _node.Executor?.ProvingTime.TotalSeconds ?? 0;
        var dto = new StatusDto(_node.Network.Host.Id.ToString(), _node.Address.ToHexString(), _node.Options.Role.ToString().ToLowerInvariant(),
            _node.Network.PeerCount, [.. _node.Network.Host.ListenAddresses.Select(a => a.ToString())], jobs, steps, seconds,
            seconds > 0 ? steps / seconds : 0);
        return Results.Json(dto, NodeJsonContext.Default.StatusDto);
    }

    private IResult Peers()
    {
        Zetina.P2P.Host.Libp2pHost host = _node.Network.Host;
        var peers = new List<PeerDto>();
        foreach (var id in host.ConnectedPeers)
            if (host.TryGetConnection(id) is { } c) peers.Add(new PeerDto(id.ToString(), c.RemoteAddress.ToString(), c.IsOutbound));
        return Results.Json(new PeersDto([.. peers]), NodeJsonContext.Default.PeersDto);
    }

    private async Task<IResult> SettlementsAsync(CancellationToken cancellationToken)
    {
        Zetina.Registry.Rules.RegistryEvent[] kept;
        try
        {
            kept = await _settlements.GetAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or Zetina.Registry.Client.RegistryClientException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Problem(502, "registry-unreachable", $"the registry at {_node.Options.Registry} could not be read: {e.Message}");
        }
        var list = new RegistrySettlementDto[kept.Length];
        for (int i = 0; i < kept.Length; i++)
        {
            var e = kept[i];
            list[i] = new RegistrySettlementDto(e.Sequence, e.UnixTimeMs, e.JobId?.ToHexString() ?? "", e.Delegator?.ToHexString(),
                e.Executor?.ToHexString(), e.Reward?.ToString(), e.Fee?.ToString(), e.NSteps,
                e.Output is null ? [] : Array.ConvertAll(e.Output, f => f.ToHexString()), e.ProofHash?.ToHexString());
        }
        return Results.Json(new SettlementsDto(list), NodeJsonContext.Default.SettlementsDto);
    }

    /// <summary>
    /// The executor's log lines that are steps of a job's timeline but not state changes — heard (the header passed
    /// its checks), queued (the body is in), proved (the proof is done), submitted (the witness went to the registry) — put
    /// into the node's event log beside the state changes, so the event streams tell the whole story.
    /// </summary>
    private static void FollowLog(NodeHost node) => node.Log.Written += (evt, fields) =>
    {
        string? type = evt switch { "job.heard" => "heard", "job.queued" => "queued", "job.proved" => "proved", "job.submitted" => "submitted", _ => null };
        if (type is null) return;
        Felt? job = null;
        var detail = new StringBuilder();
        foreach (KeyValuePair<string, string> f in fields)
        {
            if (f.Key == "job") job = Felt.TryParse(f.Value, out Felt id, out _) ? id : null;
            else detail.Append(detail.Length == 0 ? "" : " ").Append(f.Key).Append('=').Append(f.Value);
        }
        if (job is Felt j) node.Events.Add(j, type, detail.Length == 0 ? null : detail.ToString());
    };

    private IResult Metrics() => Results.Text(_node.Metrics.Write(_node), Zetina.Registry.Http.Metrics.PrometheusText.ContentType);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
