using System.Collections.Concurrent;
using System.Diagnostics;
using Zetina.Node.Jobs;
using Zetina.Node.Logging;
using Zetina.Node.Network;
using Zetina.Node.Proving;
using Zetina.Registry.Jobs;
using Zetina.Registry.Rules;
using Zetina.Stark.Field;

namespace Zetina.Node.Executor;

/// <summary>
/// The executor role: hears job headers, checks them (signature, registry, deadline, step limit,
/// reward, the delegator's solvency), fetches and checks bodies, proves the most profitable jobs with
/// bounded concurrency, submits witnesses to the registry, and stops a job as soon as the registry
/// reports it settled by someone else.
/// </summary>
internal sealed class ExecutorService : IAsyncDisposable
{
    private readonly IJobNetwork _network;
    private readonly IRegistry _registry;
    private readonly IJobProver _prover;
    private ExecutorOptions _options;
    private readonly NodeLog _log;
    private readonly JobQueue _queue;
    private readonly SemaphoreSlim _checking;
    private readonly ConcurrentDictionary<Felt, CancellationTokenSource> _running = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = new();
    private readonly TimeProvider _clock;
    private readonly RefusedHeaders _refused;
    private readonly IProofFormat _native;
    private readonly IProofFormat? _stone;

    /// <summary>
    /// An executor paid into <paramref name="executorAddress"/>, proving native jobs with <paramref name="prover"/> and
    /// Stone-format jobs through <paramref name="stone"/> (null: it refuses them).
    /// </summary>
    public ExecutorService(IJobNetwork network, IRegistry registry, IJobProver prover, Felt executorAddress,
        ExecutorOptions options, JobRecord record, NodeLog log, TimeProvider? clock = null, IProofFormat? stone = null)
    {
        _network = network;
        _registry = registry;
        _prover = prover;
        _native = new NativeProofFormat(prover);
        _stone = stone;
        _options = options;
        Record = record;
        _log = log;
        Address = executorAddress;
        _clock = clock ?? TimeProvider.System;
        _refused = new RefusedHeaders(_clock, TimeSpan.FromSeconds(30));
        _queue = new JobQueue(options.MaxQueue);
        _checking = new SemaphoreSlim(Math.Max(1, options.MaxPendingChecks));
    }

    /// <summary>The account this executor is paid into (bound into every proof it makes).</summary>
    public Felt Address { get; }

    /// <summary>Every job heard of, with its state.</summary>
    public JobRecord Record { get; }

    /// <summary>Jobs checked, fetched and waiting to be proved.</summary>
    internal int QueueLength => _queue.Count;

    /// <summary>Progress of the jobs being proved, for the node's API.</summary>
    public event Action<Felt, JobState, string?>? JobChanged;

    /// <summary>Proving progress by phase, for the node's API.</summary>
    public event Action<Felt, ProvingProgress>? ProvingProgressed;

    /// <summary>Cairo steps proved so far (for the throughput figure in /v1/status).</summary>
    public long StepsProved => Interlocked.Read(ref _stepsProved);

    /// <summary>Wall time spent proving so far.</summary>
    public TimeSpan ProvingTime => TimeSpan.FromTicks(Interlocked.Read(ref _provingTicks));

    private long _stepsProved;
    private long _provingTicks;
    private int _workers;

    /// <summary>The policy in force: the one started with, or the last <see cref="Reconfigure"/> gave.</summary>
    public ExecutorOptions Options => Volatile.Read(ref _options);

    /// <summary>
    /// Puts a new policy in force without a restart (the node's SIGHUP): reward floors and the step cap apply to the
    /// next header heard; a smaller queue drops its least profitable jobs at once (recorded as rejected); more
    /// concurrency starts workers now, less retires workers as their current jobs end.
    /// </summary>
    public void Reconfigure(ExecutorOptions next)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(next.MaxConcurrent, 1);
        Volatile.Write(ref _options, next);
        foreach (QueuedJob dropped in _queue.Resize(next.MaxQueue))
            Reject(dropped.Announcement.Header.JobId, $"queue shrunk to {next.MaxQueue} jobs: less reward per step than every queued job");
        lock (_tasks)
        {
            if (_tasks.Count == 0) return; // not started: Start reads the new policy
            while (Volatile.Read(ref _workers) < next.MaxConcurrent) StartWorker();
        }
    }

    /// <summary>
    /// This executor's proving speed: measured over the jobs it has proved (steps over wall time of run
    /// and proof) once they add up to 2^16 steps — small runs are dominated by fixed costs and would
    /// understate it — and <see cref="ExecutorOptions.StepsPerSecond"/> until then.
    /// </summary>
    public double StepsPerSecond
    {
        get
        {
            long steps = StepsProved;
            double seconds = ProvingTime.TotalSeconds;
            return steps >= 1 << 16 && seconds > 0 ? steps / seconds : _options.StepsPerSecond;
        }
    }

    /// <summary>Starts the workers and the settlement watcher.</summary>
    public void Start(long registryEventCursor)
    {
        _network.AnnouncementReceived += a => _ = OnAnnouncementAsync(a);
        lock (_tasks)
        {
            for (int i = 0; i < Math.Max(1, _options.MaxConcurrent); i++) StartWorker();
            _tasks.Add(Task.Run(() => WatchSettlementsAsync(registryEventCursor, _stop.Token)));
        }
        _log.Info("executor.started", ("address", Address), ("max_concurrent", _options.MaxConcurrent),
            ("max_steps", _options.MaxSteps), ("min_reward", _options.MinReward), ("min_reward_per_mstep", _options.MinRewardPerMstep));
    }

    private void StartWorker()
    {
        Interlocked.Increment(ref _workers);
        _tasks.Add(Task.Run(() => WorkerAsync(_stop.Token)));
    }

    /// <summary>Ends this worker when more run than the policy allows (after a <see cref="Reconfigure"/> lowered it).</summary>
    private bool TryRetire()
    {
        while (true)
        {
            int n = Volatile.Read(ref _workers);
            if (n <= Math.Max(1, Options.MaxConcurrent)) return false;
            if (Interlocked.CompareExchange(ref _workers, n - 1, n) == n) return true;
        }
    }

    /// <summary>
    /// Checks a header and, if it passes, records it, fetches its body and queues it. A header refused by
    /// the checks that need no registry (<see cref="CheckHeader"/>) or by the registry's (funds, the header
    /// the registry holds for the job) is not recorded at all: what a peer sends is stored only once it is
    /// signed, for this registry, within its deadline window, payable and the registry's own, so a forged,
    /// stale or copied header cannot take the job id's place in the record ahead of the real one.
    /// </summary>
    internal async Task OnAnnouncementAsync(JobAnnouncement a)
    {
        var h = a.Header;
        string id = h.JobId.ToHexString();
        if (Record.Get(id) is not null) return; // heard before
        Felt headerHash = h.Hash();
        if (_refused.Contains(headerHash)) return; // refused by the registry check a moment ago
        string? refusal = CheckHeader(a);
        if (refusal is not null)
        {
            _log.Info("job.refused", ("job", id), ("reason", refusal));
            return;
        }
        if (!_checking.Wait(0))
        {
            _log.Info("job.deferred", ("job", id), ("reason", $"{_options.MaxPendingChecks} headers are being checked already"));
            return;
        }
        try
        {
            // The registry check comes before anything is stored: a header it refuses (a copied body under an
            // unfunded or unregistered delegator's header, say) must not take the job id from the real header.
            refusal = await CheckWithRegistryAsync(a, _stop.Token).ConfigureAwait(false);
            if (refusal is not null)
            {
                _refused.Add(headerHash);
                _log.Info("job.refused", ("job", id), ("reason", refusal));
                return;
            }
            var entry = new JobEntry
            {
                JobId = id, Delegator = h.Delegator.ToHexString(), Reward = h.Reward.ToString(),
                StepLimit = h.StepLimit, Deadline = h.Deadline, State = JobState.Queued,
                HeardAt = _clock.GetUtcNow(), UpdatedAt = _clock.GetUtcNow(),
            };
            if (!Record.TryAdd(entry)) return; // heard meanwhile
            _log.Info("job.heard", ("job", id), ("reward", h.Reward), ("step_limit", h.StepLimit), ("delegator", h.Delegator));
            JobBody? body = await FetchBodyAsync(h.JobId, _stop.Token).ConfigureAwait(false);
            if (body is null) return; // FetchBodyAsync recorded why
            if (body.MaxSteps > h.StepLimit)
            {
                Reject(h.JobId, $"body allows {body.MaxSteps} steps, header pays for {h.StepLimit}");
                return;
            }
            if (BodyRefusal(h, body) is { } wrongBody)
            {
                Reject(h.JobId, wrongBody);
                return;
            }
            var queued = new QueuedJob(a, body);
            QueuedJob? dropped = _queue.Enqueue(queued);
            if (dropped is not null)
                Reject(dropped.Announcement.Header.JobId, $"queue full ({_queue.Capacity} jobs): less reward per step than every queued job");
            if (!ReferenceEquals(dropped, queued)) _log.Info("job.queued", ("job", id), ("queue", _queue.Count));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Fail(h.JobId, "checking the job failed: " + e.Message);
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>
    /// The checks a header passes before anything of it is stored — registry, deadline window, this
    /// executor's policy, signature (last: the costliest); null when it passes, else the reason.
    /// </summary>
    private string? CheckHeader(JobAnnouncement a)
    {
        var h = a.Header;
        ExecutorOptions options = Options;
        if (h.RegistryId != _registry.RegistryId) return $"job is for registry {h.RegistryId}, this executor uses {_registry.RegistryId}";
        ulong now = (ulong)_clock.GetUtcNow().ToUnixTimeSeconds();
        if (h.Deadline <= now) return $"expired: deadline {h.Deadline} is not after now ({now})";
        ulong maxAhead = (ulong)options.MaxDeadlineAhead.TotalSeconds;
        if (h.Deadline - now > maxAhead)
            return $"deadline {h.Deadline} is {h.Deadline - now} s ahead, more than the {maxAhead} s this executor accepts";
        if (FormatRefusal(h) is { } format) return format;
        if (h.IsPieJob && PieJobRefusal(h) is { } pie) return pie;
        if (h.StepLimit > options.MaxSteps) return $"step limit {h.StepLimit} is above this executor's --max-steps {options.MaxSteps}";
        if (h.Reward < options.MinReward) return $"reward {h.Reward} is below this executor's --min-reward {options.MinReward}";
        if (RewardPerMstep(h) < options.MinRewardPerMstep)
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"reward {h.Reward} for {h.StepLimit} steps is {RewardPerMstep(h):G6} per million steps, below this executor's --min-reward-per-mstep {options.MinRewardPerMstep:G6}");
        double etaSeconds = h.StepLimit / Math.Max(1.0, StepsPerSecond);
        if (now + (ulong)Math.Ceiling(etaSeconds) > h.Deadline)
            return $"cannot finish before the deadline: about {etaSeconds:F0} s of proving for {h.Deadline - now} s left";
        if (!a.SignatureIsValid()) return "bad delegator signature";
        return null;
    }

    /// <summary>The strategy for the header's proof format; null when this executor has none.</summary>
    private IProofFormat? FormatFor(JobHeader h) => h.Format == ProofFormat.Native ? _native : h.Format == ProofFormat.Stone ? _stone : null;

    /// <summary>A job is proved only in the format its header names: one this executor cannot prove in is refused, saying why.</summary>
    private string? FormatRefusal(JobHeader h)
    {
        IProofFormat? format = FormatFor(h);
        if (format is null) return $"a {h.Format.ToName()}-format job, and this executor does not prove in that format";
        return format.Unavailable is { } why ? $"a {h.Format.ToName()}-format job, and {why}" : null;
    }

    /// <summary>
    /// A PIE job is proved only under the bootloader its header names: none configured, or another one, and the job
    /// is skipped (a proof under this node's bootloader would state another program hash and earn nothing).
    /// </summary>
    private string? PieJobRefusal(JobHeader h)
    {
        BootloaderProgram? bootloader = _prover.Bootloader;
        if (bootloader is null) return "a PIE job, and this executor has no bootloader (--bootloader PATH)";
        if (bootloader.Hash != h.ProgramHash)
            return $"a PIE job under bootloader {h.ProgramHash.ToHexString()}; this executor's bootloader ({bootloader.Path}) hashes to {bootloader.Hash.ToHexString()}";
        return null;
    }

    /// <summary>
    /// The body must be what the header says it is: a PIE for a PIE job (a program otherwise), of the task program the
    /// header names, whose recorded output begins with what the header binds — else proving it earns nothing.
    /// </summary>
    private string? BodyRefusal(JobHeader h, JobBody body)
    {
        if ((body.Kind == JobBodyKind.Pie) != h.IsPieJob)
            return h.IsPieJob ? "the header names a PIE job and the body is a program" : "the body is a PIE and the header names a program job";
        if (!h.IsPieJob) return null;
        PieJob pie;
        try
        {
            pie = _prover.ReadPie(body);
        }
        catch (JobRejectedException e)
        {
            return e.Message;
        }
        if (pie.TaskProgramHash != h.TaskProgramHash)
            return $"the PIE's program hashes to {pie.TaskProgramHash.ToHexString()}; the header names task {h.TaskProgramHash.ToHexString()}";
        if (h.BindsInput && ((ulong)pie.RecordedOutput.Length < h.InputLength
                || JobHeader.BindingOf(pie.RecordedOutput.AsSpan(0, (int)h.InputLength)).Hash != h.InputHash))
            return "the PIE's recorded output does not begin with the felts the header binds";
        return null;
    }

    /// <summary>A header's reward per million steps of its step limit: what proving it pays against what it may cost.</summary>
    internal static double RewardPerMstep(JobHeader h) => (double)h.Reward.Value * 1e6 / Math.Max(1UL, h.StepLimit);

    /// <summary>The checks that ask the registry: not yet settled, and the delegator can pay; null when the job may be worked on.</summary>
    private async Task<string?> CheckWithRegistryAsync(JobAnnouncement a, CancellationToken ct)
    {
        var h = a.Header;
        JobView? job = await _registry.GetJobAsync(h.JobId, ct).ConfigureAwait(false);
        if (job is not null && job.Status == JobStatus.Settled) return "already settled";
        // The registry pays only the header it registered: another header for the same body earns nothing.
        if (job is not null && (job.Delegator != h.Delegator || job.Reward != h.Reward || job.Deadline != h.Deadline))
            return $"the registry holds this job for delegator {job.Delegator.ToHexString()} (reward {job.Reward}, deadline {job.Deadline}), not this header's";
        AccountView account = await _registry.GetAccountAsync(h.Delegator, ct).ConfigureAwait(false);
        // A registered job's own reward is part of "promised"; add it back when the registry knows this job.
        var available = account.Available.Value + (job is not null && job.Status == JobStatus.Open ? h.Reward.Value : 0);
        if (available > account.Balance.Value) available = account.Balance.Value;
        if (available < h.Reward.Value) return $"delegator cannot pay: {available} available for a reward of {h.Reward}";
        return null;
    }

    private async Task<JobBody?> FetchBodyAsync(Felt jobId, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        byte[]? bytes = null;
        while (sw.Elapsed < _options.BodyFetchTimeout)
        {
            try
            {
                bytes = await _network.GetBodyAsync(jobId, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Warn("job.body.fetch_retry", ("job", jobId), ("error", e.Message));
            }
            if (bytes is not null) break;
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
        if (bytes is null)
        {
            Reject(jobId, $"body not found in the DHT within {_options.BodyFetchTimeout.TotalSeconds:F0} s");
            return null;
        }
        if (JobIds.Of(bytes) != jobId)
        {
            Reject(jobId, "body's hash does not match the job id in its header");
            return null;
        }
        JobBody? body = JobBody.TryDecode(bytes, out string? error);
        if (body is null) Reject(jobId, "malformed body: " + error);
        else _log.Info("job.body.fetched", ("job", jobId), ("bytes", bytes.Length), ("ms", sw.ElapsedMilliseconds));
        return body;
    }

    private async Task WorkerAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (TryRetire()) return;
            QueuedJob job;
            try
            {
                job = await _queue.TakeAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await ProveOneAsync(job, stop).ConfigureAwait(false);
        }
    }

    private async Task ProveOneAsync(QueuedJob job, CancellationToken stop)
    {
        var h = job.Announcement.Header;
        JobEntry? entry = Record.Get(h.JobId.ToHexString());
        if (entry is null || entry.State != JobState.Queued) return; // settled or rejected meanwhile
        if (h.Deadline <= (ulong)_clock.GetUtcNow().ToUnixTimeSeconds())
        {
            SetState(h.JobId, JobState.Expired, "deadline passed while queued");
            return;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _running[h.JobId] = cts;
        try
        {
            SetState(h.JobId, JobState.Proving, null);
            var progress = new Progress<ProvingProgress>(p => ProvingProgressed?.Invoke(h.JobId, p));
            IProofFormat format = FormatFor(h) ?? throw new JobRejectedException(FormatRefusal(h)!);
            ProvedJob proved = await Task.Run(() => format.ProveAsync(job.Body, h.JobId, Address, progress, cts.Token), cts.Token).ConfigureAwait(false);
            Interlocked.Add(ref _stepsProved, (long)proved.NSteps);
            Interlocked.Add(ref _provingTicks, (proved.RunTime + proved.ProveTime).Ticks);
            _log.Info("job.proved", ("job", h.JobId), ("n_steps", proved.NSteps), ("run_ms", (long)proved.RunTime.TotalMilliseconds),
                ("prove_ms", (long)proved.ProveTime.TotalMilliseconds), ("proof_bytes", proved.Proof.Length));
            if (IsSettled(h.JobId)) return;
            var witness = new JobWitness(job.Announcement, Address, proved.Output, proved.Proof);
            _log.Info("job.submitted", ("job", h.JobId), ("proof_bytes", proved.Proof.Length), ("format", h.Format.ToName()));
            var outcome = await format.SettleAsync(_registry, witness, proved, cts.Token).ConfigureAwait(false);
            // A busy registry changed nothing: the proof is still good, so offer it again (bounded) unless the job settles.
            for (int round = 0; outcome.Error == RegistryError.Busy && round < MaxBusyRounds && !IsSettled(h.JobId); round++)
            {
                _log.Info("job.registry_busy", ("job", h.JobId), ("round", round + 1));
                await Task.Delay(BusyRoundDelay, cts.Token).ConfigureAwait(false);
                outcome = await format.SettleAsync(_registry, witness, proved, cts.Token).ConfigureAwait(false);
            }
            if (outcome.Ok)
            {
                Record.Update(h.JobId.ToHexString(), e =>
                {
                    e.State = JobState.Won; e.PaidExecutor = Address.ToHexString(); e.NSteps = proved.NSteps;
                    e.Output = [.. Array.ConvertAll(proved.Output, f => f.ToHexString())];
                });
                JobChanged?.Invoke(h.JobId, JobState.Won, null);
                _log.Info("job.paid", ("job", h.JobId), ("executor", Address), ("reward", outcome.Value!.Reward), ("fee", outcome.Value.Fee));
                await _network.PublishWitnessAsync(witness, stop).ConfigureAwait(false);
            }
            else if (outcome.Error == RegistryError.JobAlreadySettled)
            {
                SetState(h.JobId, JobState.Lost, "another executor was paid first");
            }
            else
            {
                SetState(h.JobId, JobState.Failed, $"registry refused the witness ({outcome.Error}): {outcome.Message}");
            }
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // Settled by someone else: the watcher already recorded it.
            _log.Info("job.dropped", ("job", h.JobId), ("reason", "settled by another executor"));
        }
        catch (OperationCanceledException)
        {
        }
        catch (JobRejectedException e)
        {
            SetState(h.JobId, JobState.Failed, e.Message);
        }
        catch (Exception e)
        {
            SetState(h.JobId, JobState.Failed, "proving failed: " + e.Message);
        }
        finally
        {
            _running.TryRemove(h.JobId, out _);
        }
    }

    /// <summary>How many more times a witness the registry was too busy to check is offered again.</summary>
    private const int MaxBusyRounds = 30;

    /// <summary>The pause between those offers (the client already waited out each Retry-After).</summary>
    private static readonly TimeSpan BusyRoundDelay = TimeSpan.FromSeconds(2);

    private bool IsSettled(Felt jobId)
    {
        JobEntry? e = Record.Get(jobId.ToHexString());
        return e is not null && e.State == JobState.Lost;
    }

    /// <summary>Follows the registry's events; a JobSettled for a job in the record ends work on it.</summary>
    private async Task WatchSettlementsAsync(long after, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await foreach (RegistryEvent ev in _registry.SubscribeAsync(after, stop).ConfigureAwait(false))
                {
                    after = ev.Sequence;
                    if (ev.Kind != RegistryEventKind.JobSettled || ev.JobId is not Felt jobId) continue;
                    JobEntry? e = Record.Get(jobId.ToHexString());
                    if (e is null) continue;
                    if (ev.Executor is Felt paid && paid != Address && e.State is JobState.Queued or JobState.Proving)
                    {
                        SetState(jobId, JobState.Lost, $"settled: executor {paid} was paid");
                        Record.Update(jobId.ToHexString(), x => x.PaidExecutor = paid.ToHexString());
                        if (_running.TryGetValue(jobId, out CancellationTokenSource? cts)) cts.Cancel();
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.Warn("registry.events.reconnect", ("after", after), ("error", e.Message));
                try { await Task.Delay(500, stop).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
            }
        }
    }

    private void Reject(Felt jobId, string reason)
    {
        SetState(jobId, JobState.Rejected, reason);
    }

    private void Fail(Felt jobId, string reason) => SetState(jobId, JobState.Failed, reason);

    private void SetState(Felt jobId, JobState state, string? reason)
    {
        Record.Update(jobId.ToHexString(), e => { e.State = state; e.Reason = reason; });
        JobChanged?.Invoke(jobId, state, reason);
        string evt = "job." + state.ToString().ToLowerInvariant();
        if (reason is null) _log.Info(evt, ("job", jobId));
        else if (state is JobState.Rejected or JobState.Failed) _log.Warn(evt, ("job", jobId), ("reason", reason));
        else _log.Info(evt, ("job", jobId), ("reason", reason));
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        foreach (var cts in _running.Values) cts.Cancel();
        try { await Task.WhenAll(_tasks).ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
