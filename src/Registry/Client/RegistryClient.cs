using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Zetina.Registry.Http;
using Zetina.Registry.Jobs;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Client;

/// <summary>
/// <see cref="IRegistry"/> over the registry's HTTP API: what a node uses to talk to a registry it does
/// not host. Refusals come back as <see cref="RegistryOutcome{T}"/> with the server's error code and
/// detail; transport failures and non-API answers throw <see cref="RegistryClientException"/> or
/// <see cref="HttpRequestException"/>.
/// </summary>
public sealed class RegistryClient : IRegistry
{
    private readonly HttpClient _http;
    private Felt? _registryId;

    /// <param name="http">An HttpClient whose BaseAddress is the registry's URL; owned by the caller.</param>
    public RegistryClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http.BaseAddress, "http.BaseAddress");
        _http = http;
    }

    /// <summary>The registry's id, read from <c>/health</c> by <see cref="ConnectAsync"/> (which must run first).</summary>
    public Felt RegistryId => _registryId ?? throw new InvalidOperationException("call ConnectAsync first to learn the registry's id");

    /// <summary>Reads <c>/health</c> and remembers the registry's id.</summary>
    public async Task<HealthDto> ConnectAsync(CancellationToken cancellationToken = default)
    {
        HealthDto h = await GetAsync("health", RegistryJsonContext.Default.HealthDto, cancellationToken).ConfigureAwait(false)
            ?? throw new RegistryClientException("the registry's /health answered nothing");
        _registryId = Felt.Parse(h.RegistryId);
        return h;
    }

    /// <inheritdoc/>
    public Task<RegistryOutcome<TransferReceipt>> DepositAsync(DepositRequest request, CancellationToken cancellationToken = default)
    {
        var body = new DepositBody
        {
            Account = request.Account.ToHexString(),
            Amount = request.Amount.ToString(),
            Minter = request.Signature is null ? null : request.Minter.ToHexString(),
            Nonce = request.Signature is null ? null : request.Nonce,
            Signature = request.Signature is { } s ? WireMapping.ToDto(s) : null,
        };
        return PostAsync("v1/deposits", body, RegistryJsonContext.Default.DepositBody, RegistryJsonContext.Default.TransferReceiptDto, WireMapping.FromDto, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<RegistryOutcome<TransferReceipt>> WithdrawAsync(WithdrawRequest request, CancellationToken cancellationToken = default)
    {
        var body = new WithdrawBody
        {
            Account = request.Account.ToHexString(),
            Amount = request.Amount.ToString(),
            Nonce = request.Nonce,
            Signature = WireMapping.ToDto(request.Signature),
        };
        return PostAsync("v1/withdrawals", body, RegistryJsonContext.Default.WithdrawBody, RegistryJsonContext.Default.TransferReceiptDto, WireMapping.FromDto, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<RegistryOutcome<JobRegistration>> RegisterJobAsync(JobHeader header, Signature delegatorSignature, CancellationToken cancellationToken = default)
    {
        var body = new JobRegistrationBody { Header = WireMapping.ToDto(header), Signature = WireMapping.ToDto(delegatorSignature) };
        return PostAsync("v1/jobs", body, RegistryJsonContext.Default.JobRegistrationBody, RegistryJsonContext.Default.JobRegistrationDto,
            d => new JobRegistration(Felt.Parse(d.JobId), Felt.Parse(d.Delegator), Ledger.Amount.Parse(d.Reward), d.Deadline), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<RegistryOutcome<SettlementReceipt>> SubmitWitnessAsync(JobWitness witness, CancellationToken cancellationToken = default)
    {
        var body = new WitnessBody
        {
            Header = WireMapping.ToDto(witness.Header),
            Signature = WireMapping.ToDto(witness.Announcement.Signature),
            JobId = witness.Header.JobId.ToHexString(),
            Executor = witness.Executor.ToHexString(),
            Proof = witness.Proof,
            Output = WireMapping.ToHex(witness.Output),
        };
        return PostAsync("v1/witnesses", body, RegistryJsonContext.Default.WitnessBody, RegistryJsonContext.Default.SettlementDto, WireMapping.FromDto, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<RegistryOutcome<CommitReceipt>> CommitProofAsync(ProofCommit commit, CancellationToken cancellationToken = default)
    {
        var body = new CommitBody
        {
            Header = WireMapping.ToDto(commit.Header),
            Signature = WireMapping.ToDto(commit.Announcement.Signature),
            Executor = commit.Executor.ToHexString(),
            Commitment = commit.Commitment.ToHexString(),
            ExecutorSignature = WireMapping.ToDto(commit.Signature),
        };
        return PostAsync("v1/commits", body, RegistryJsonContext.Default.CommitBody, RegistryJsonContext.Default.CommitReceiptDto, WireMapping.FromDto, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<RegistryOutcome<SettlementReceipt>> RevealProofAsync(ProofReveal reveal, CancellationToken cancellationToken = default)
    {
        JobWitness w = reveal.Witness;
        var body = new RevealBody
        {
            Header = WireMapping.ToDto(w.Header),
            Signature = WireMapping.ToDto(w.Announcement.Signature),
            JobId = w.Header.JobId.ToHexString(),
            Executor = w.Executor.ToHexString(),
            Proof = w.Proof,
            Output = WireMapping.ToHex(w.Output),
            Program = new ProgramHeaderDto { Main = reveal.Program.Main, Builtins = reveal.Program.Builtins },
        };
        return PostAsync("v1/reveals", body, RegistryJsonContext.Default.RevealBody, RegistryJsonContext.Default.SettlementDto, WireMapping.FromDto, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<AccountView> GetAccountAsync(Felt account, CancellationToken cancellationToken = default)
    {
        AccountDto dto = await GetAsync("v1/accounts/" + account.ToHexString(), RegistryJsonContext.Default.AccountDto, cancellationToken).ConfigureAwait(false)
            ?? throw new RegistryClientException("the registry answered no account");
        return WireMapping.FromDto(dto);
    }

    /// <inheritdoc/>
    public async Task<JobView?> GetJobAsync(Felt jobId, CancellationToken cancellationToken = default)
    {
        JobDto? dto = await GetAsync("v1/jobs/" + jobId.ToHexString(), RegistryJsonContext.Default.JobDto, cancellationToken, allowNotFound: true).ConfigureAwait(false);
        return dto is null ? null : WireMapping.FromDto(dto);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RegistryEvent>> GetEventsAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        string path = string.Create(CultureInfo.InvariantCulture, $"v1/events?after={after}&limit={Math.Clamp(limit, 1, RegistryServer.MaxEventsPerPage)}");
        EventsPageDto page = await GetAsync(path, RegistryJsonContext.Default.EventsPageDto, cancellationToken).ConfigureAwait(false)
            ?? throw new RegistryClientException("the registry answered no event page");
        var list = new List<RegistryEvent>(page.Events.Length);
        foreach (EventDto d in page.Events) list.Add(WireMapping.FromDto(d));
        return list;
    }

    /// <summary>
    /// Follows the SSE stream from <paramref name="after"/>. On a dropped connection it reconnects with
    /// <c>Last-Event-ID</c> set to the last event seen, so nothing is missed or repeated; it ends only when cancelled.
    /// </summary>
    public async IAsyncEnumerable<RegistryEvent> SubscribeAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long cursor = after;
        while (!cancellationToken.IsCancellationRequested)
        {
            HttpResponseMessage? response = null;
            Stream? stream = null;
            try
            {
                var req = new HttpRequestMessage(HttpMethod.Get, "v1/events/stream");
                req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                req.Headers.TryAddWithoutValidation("Last-Event-ID", cursor.ToString(CultureInfo.InvariantCulture));
                response = await _http.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode) throw new RegistryClientException($"the event stream answered {(int)response.StatusCode}");
                stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
            {
                response?.Dispose();
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
                continue;
            }
            using (response)
            using (stream)
            using (var reader = new StreamReader(stream, Encoding.UTF8))
            {
                var data = new StringBuilder();
                while (true)
                {
                    string? line;
                    try
                    {
                        line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                    if (line is null) break;
                    if (line.Length == 0)
                    {
                        if (data.Length == 0) continue;
                        EventDto dto = JsonSerializer.Deserialize(data.ToString(), RegistryJsonContext.Default.EventDto)
                            ?? throw new RegistryClientException("an SSE data line held JSON null");
                        data.Clear();
                        if (dto.Sequence <= cursor) continue;
                        cursor = dto.Sequence;
                        yield return WireMapping.FromDto(dto);
                        continue;
                    }
                    if (line.StartsWith("data:", StringComparison.Ordinal))
                    {
                        if (data.Length > 0) data.Append('\n');
                        data.Append(line.AsSpan(line.Length > 5 && line[5] == ' ' ? 6 : 5));
                    }
                }
            }
            if (!cancellationToken.IsCancellationRequested) await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How many times a write answered 503 or 429 with <c>Retry-After</c> is retried before the refusal is returned.</summary>
    public const int MaxBusyRetries = 5;

    /// <summary>The longest <c>Retry-After</c> the client waits out (a longer one is shortened to it).</summary>
    private static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(10);

    private async Task<RegistryOutcome<T>> PostAsync<TBody, TDto, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<TDto> dtoType,
        Func<TDto, T> map, CancellationToken ct)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(body, bodyType);
        HttpResponseMessage response;
        for (int attempt = 0; ; attempt++)
        {
            using var content = new ByteArrayContent(json);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            response = await _http.PostAsync(path, content, ct).ConfigureAwait(false);
            // A busy verifier (503) or a client over its write rate (429) changed nothing: wait as told and try again, a bounded number of times.
            if (attempt >= MaxBusyRetries || response.StatusCode is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
                || response.Headers.RetryAfter?.Delta is not TimeSpan wait)
                break;
            response.Dispose();
            await Task.Delay(wait < MaxRetryWait ? wait : MaxRetryWait, ct).ConfigureAwait(false);
        }
        using HttpResponseMessage _ = response;
        if (response.IsSuccessStatusCode)
        {
            TDto dto = await ReadAsync(response, dtoType, ct).ConfigureAwait(false) ?? throw new RegistryClientException($"{path} answered JSON null");
            return RegistryOutcome<T>.Success(map(dto));
        }
        ProblemDto problem = await ReadProblemAsync(response, path, ct).ConfigureAwait(false);
        RegistryError error = response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests
            ? RegistryError.Busy : Problems.ErrorFromCode(problem.Code);
        return RegistryOutcome<T>.Refuse(error, problem.Detail ?? problem.Title);
    }

    private async Task<TDto?> GetAsync<TDto>(string path, JsonTypeInfo<TDto> type, CancellationToken ct, bool allowNotFound = false) where TDto : class
    {
        using HttpResponseMessage response = await _http.GetAsync(path, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return await ReadAsync(response, type, ct).ConfigureAwait(false);
        if (allowNotFound && response.StatusCode == HttpStatusCode.NotFound) return null;
        ProblemDto problem = await ReadProblemAsync(response, path, ct).ConfigureAwait(false);
        throw new RegistryClientException($"{path}: {problem.Title}: {problem.Detail}", problem);
    }

    private static async Task<TDto?> ReadAsync<TDto>(HttpResponseMessage response, JsonTypeInfo<TDto> type, CancellationToken ct)
    {
        try
        {
            await using Stream s = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(s, type, ct).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new RegistryClientException($"the registry's answer is not the expected JSON: {e.Message}", null, e);
        }
    }

    private static async Task<ProblemDto> ReadProblemAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        string text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        try
        {
            ProblemDto? p = JsonSerializer.Deserialize(text, RegistryJsonContext.Default.ProblemDto);
            if (p is not null) return p;
        }
        catch (JsonException)
        {
        }
        throw new RegistryClientException($"{path} answered {(int)response.StatusCode} without a problem document: {(text.Length > 200 ? text[..200] : text)}");
    }
}
