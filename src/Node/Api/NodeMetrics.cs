using System.Collections.Concurrent;
using System.Globalization;
using Zetina.Node.Executor;
using Zetina.Node.Hosting;
using Zetina.Node.Jobs;
using Zetina.Node.Proving;
using Zetina.Registry.Http.Metrics;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Stark.Field;

namespace Zetina.Node.Api;

/// <summary>
/// What the node's <c>/metrics</c> reports beyond the job record (docs/operating.md, "Metrics"): proving time by
/// phase, job outcomes, rewards earned, the registry client's latency and errors, gossip messages heard. Fed by the
/// executor's events and the node's log (<see cref="Attach"/>) and by <see cref="RegistryRequestMeter"/>.
/// Thread-safe.
/// </summary>
internal sealed class NodeMetrics
{
    private readonly ConcurrentDictionary<string, Histogram> _phases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Felt, (string Phase, long Start)> _current = new();
    private readonly ConcurrentDictionary<string, long> _gossip = new(StringComparer.Ordinal);
    private long _won, _lost, _failed, _refused;
    private System.Numerics.BigInteger _rewards;
    private readonly object _rewardsLock = new();
    private long _registryErrors;

    /// <summary>Proving seconds by phase label, for the exposition and tests.</summary>
    internal IEnumerable<(string Phase, Histogram Seconds)> Phases
    {
        get
        {
            foreach (KeyValuePair<string, Histogram> p in _phases) yield return (p.Key, p.Value);
        }
    }

    /// <summary>Seconds from a registry request's start to its response headers.</summary>
    public Histogram RegistryRequestSeconds { get; } = new(Histogram.LatencyBounds);

    /// <summary>A registry request that failed: no response, or a 5xx.</summary>
    public void RegistryError() => Interlocked.Increment(ref _registryErrors);

    /// <summary>A gossip message received on <paramref name="topic"/>.</summary>
    public void GossipReceived(string topic) => _gossip.AddOrUpdate(topic, 1, static (_, n) => n + 1);

    /// <summary>Follows an executor's job changes and progress, and the log's <c>job.refused</c> and <c>job.paid</c> lines.</summary>
    public void Attach(ExecutorService executor, Logging.NodeLog log)
    {
        executor.ProvingProgressed += OnProgress;
        executor.JobChanged += OnJobChanged;
        log.Written += (evt, fields) =>
        {
            if (evt == "job.refused") Interlocked.Increment(ref _refused);
            else if (evt == "job.paid")
                foreach (var f in fields)
                    if (f.Key == "reward" && Amount.TryParse(f.Value, out Amount r, out _))
                        lock (_rewardsLock) _rewards += r.Value;
        };
    }

    /// <summary>
    /// The prover reports a phase when it completes ("trace: … rows", "prove: … s"), so the time since the previous
    /// report is observed under the new report's label; the job prover's own "run" report starts the clock and its
    /// "prove" report closes the run (observed as "run").
    /// </summary>
    internal void OnProgress(Felt job, ProvingProgress p)
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        string phase = PhaseLabel(p.Phase);
        if (_current.TryGetValue(job, out var prev)) Observe(phase == "prove" && prev.Phase == "run" ? "run" : phase, prev.Start, now);
        _current[job] = (phase, now);
    }

    internal void OnJobChanged(Felt job, JobState state, string? reason)
    {
        if (state != JobState.Proving) _current.TryRemove(job, out _);
        switch (state)
        {
            case JobState.Won: Interlocked.Increment(ref _won); break;
            case JobState.Lost: Interlocked.Increment(ref _lost); break;
            case JobState.Failed: Interlocked.Increment(ref _failed); break;
            case JobState.Rejected: Interlocked.Increment(ref _refused); break;
        }
    }

    /// <summary>Distinct phase labels kept at most; later ones count under "other" (bounded label cardinality).</summary>
    public const int MaxPhases = 32;

    private void Observe(string phase, long start, long end)
    {
        string label = PhaseLabel(phase);
        if (!_phases.ContainsKey(label) && _phases.Count >= MaxPhases) label = "other";
        _phases.GetOrAdd(label, static _ => new Histogram(Histogram.PhaseBounds))
            .Observe(System.Diagnostics.Stopwatch.GetElapsedTime(start, end).TotalSeconds);
    }

    /// <summary>
    /// A phase's label: the prover's progress line up to its first ':' ("fri: 12 layers, …" is "fri"), so figures in
    /// the line do not make a label each.
    /// </summary>
    internal static string PhaseLabel(string line)
    {
        int colon = line.IndexOf(':');
        string head = (colon >= 0 ? line[..colon] : line).Trim();
        return head.Length is > 0 and <= 40 ? head : "other";
    }

    /// <summary>The exposition for <paramref name="node"/>.</summary>
    public string Write(NodeHost node)
    {
        var t = new PrometheusText();
        t.Single("zetina_peers", "gauge", "Connected libp2p peers.", node.Network.PeerCount);
        t.Family("zetina_jobs", "gauge", "Jobs in the job record by state.");
        var counts = new Dictionary<JobState, int>();
        foreach (JobEntry e in node.Record.Snapshot()) counts[e.State] = counts.TryGetValue(e.State, out int n) ? n + 1 : 1;
        foreach (JobState s in Enum.GetValues<JobState>())
            t.Sample("zetina_jobs", counts.TryGetValue(s, out int c) ? c : 0, "state", s.ToString().ToLowerInvariant());
        t.Single("zetina_queue_depth", "gauge", "Jobs checked, fetched and waiting to be proved.", node.Executor?.QueueLength ?? 0);
        t.Single("zetina_steps_proved_total", "counter", "Cairo steps proved.", node.Executor?.StepsProved ?? 0);
        t.Single("zetina_proving_seconds_total", "counter", "Time spent running and proving.", node.Executor?.ProvingTime.TotalSeconds ?? 0);
        t.Family("zetina_proving_phase_seconds", "histogram", "Seconds each proving phase took, by phase.");
        foreach (KeyValuePair<string, Histogram> p in _phases) t.Histogram("zetina_proving_phase_seconds", p.Value, "phase", p.Key);
        t.Single("zetina_jobs_won_total", "counter", "Jobs proved and paid to this node.", Interlocked.Read(ref _won));
        t.Single("zetina_jobs_lost_total", "counter", "Jobs another executor was paid for first.", Interlocked.Read(ref _lost));
        t.Single("zetina_jobs_failed_total", "counter", "Jobs whose proving or submission failed.", Interlocked.Read(ref _failed));
        t.Single("zetina_jobs_refused_total", "counter", "Headers refused by this executor's checks and jobs rejected after them.", Interlocked.Read(ref _refused));
        double rewards;
        lock (_rewardsLock) rewards = (double)_rewards;
        t.Single("zetina_rewards_earned_total", "counter", "Rewards paid to this node's account (reward units, before fees are known).", rewards);
        t.Family("zetina_registry_request_seconds", "histogram", "Seconds from a registry request to its response headers.");
        t.Histogram("zetina_registry_request_seconds", RegistryRequestSeconds);
        t.Single("zetina_registry_request_errors_total", "counter", "Registry requests with no response or a 5xx.", Interlocked.Read(ref _registryErrors));
        t.Family("zetina_gossip_messages_received_total", "counter", "Valid gossip messages received, by topic.");
        foreach (string topic in (string[])[JobAnnouncement.Topic, JobWitness.Topic])
            t.Sample("zetina_gossip_messages_received_total", _gossip.TryGetValue(topic, out long g) ? g : 0, "topic", topic);
        return t.ToString();
    }
}

/// <summary>Times every registry request of the node's client and counts its failures, into <see cref="NodeMetrics"/>.</summary>
internal sealed class RegistryRequestMeter(NodeMetrics metrics) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500) metrics.RegistryError();
            return response;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            metrics.RegistryError();
            throw;
        }
        finally
        {
            metrics.RegistryRequestSeconds.Observe(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }
}
