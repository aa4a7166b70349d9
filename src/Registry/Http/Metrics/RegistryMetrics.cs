using System.Collections.Concurrent;
using Zetina.Registry.Rules;

namespace Zetina.Registry.Http.Metrics;

/// <summary>
/// What the registry's <c>/metrics</c> reports (docs/operating.md, "Metrics"): deposits and settlements made,
/// refusals by <see cref="RegistryError"/>, open event streams, and how long writes take. Thread-safe.
/// </summary>
internal sealed class RegistryMetrics
{
    private readonly ConcurrentDictionary<RegistryError, long> _refusals = new();
    private long _deposits;
    private long _settlements;

    /// <summary>Seconds from a write request's arrival to its answer (deposits, withdrawals, jobs, witnesses).</summary>
    public Histogram WriteSeconds { get; } = new(Histogram.LatencyBounds);

    public void Deposited() => Interlocked.Increment(ref _deposits);

    public void Settled() => Interlocked.Increment(ref _settlements);

    public void Refused(RegistryError error) => _refusals.AddOrUpdate(error, 1, static (_, n) => n + 1);

    /// <summary>The exposition, with <paramref name="subscribers"/> open event streams.</summary>
    public string Write(int subscribers)
    {
        var t = new PrometheusText();
        t.Single("zetina_registry_deposits_total", "counter", "Deposits credited.", Interlocked.Read(ref _deposits));
        t.Single("zetina_registry_settlements_total", "counter", "Jobs settled: witnesses verified and paid.", Interlocked.Read(ref _settlements));
        t.Family("zetina_registry_refusals_total", "counter", "Requests refused by the registry's rules, by error.");
        foreach (RegistryError e in Enum.GetValues<RegistryError>())
            if (e != RegistryError.None) t.Sample("zetina_registry_refusals_total", _refusals.TryGetValue(e, out long n) ? n : 0, "error", e.ToString());
        t.Single("zetina_registry_sse_subscribers", "gauge", "Open event streams (GET /v1/events/stream).", subscribers);
        t.Family("zetina_registry_write_seconds", "histogram", "Seconds to answer a write request.");
        t.Histogram("zetina_registry_write_seconds", WriteSeconds);
        return t.ToString();
    }
}
