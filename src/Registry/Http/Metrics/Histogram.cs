namespace Zetina.Registry.Http.Metrics;

/// <summary>
/// A Prometheus histogram: counts of observations at or below each upper bound, their sum and count. Thread-safe
/// (one lock; observations are per request or per proof phase, not per field operation).
/// </summary>
public sealed class Histogram
{
    /// <summary>Bounds for request latencies, in seconds: 1 ms to 10 s.</summary>
    public static readonly double[] LatencyBounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Bounds for proving phases, in seconds: 10 ms to an hour.</summary>
    public static readonly double[] PhaseBounds = [0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

    private readonly double[] _bounds;
    private readonly long[] _counts;
    private readonly object _lock = new();
    private double _sum;
    private long _count;

    /// <summary>A histogram over <paramref name="bounds"/>, which must increase.</summary>
    public Histogram(double[] bounds)
    {
        for (int i = 1; i < bounds.Length; i++)
            if (!(bounds[i] > bounds[i - 1])) throw new ArgumentException("histogram bounds must increase", nameof(bounds));
        _bounds = bounds;
        _counts = new long[bounds.Length + 1];
    }

    /// <summary>Records one observation (a duration in seconds, say).</summary>
    public void Observe(double value)
    {
        int i = 0;
        while (i < _bounds.Length && value > _bounds[i]) i++;
        lock (_lock)
        {
            _counts[i]++;
            _sum += value;
            _count++;
        }
    }

    /// <summary>The histogram now: cumulative counts per bound (the last is +Inf), sum and count.</summary>
    public Snapshot Read()
    {
        lock (_lock)
        {
            var cumulative = new long[_counts.Length];
            long running = 0;
            for (int i = 0; i < _counts.Length; i++) cumulative[i] = running += _counts[i];
            return new Snapshot(_bounds, cumulative, _sum, _count);
        }
    }

    /// <summary>What <see cref="Read"/> returns.</summary>
    /// <param name="Bounds">The upper bounds.</param>
    /// <param name="Cumulative">Observations at or below each bound, then all of them.</param>
    /// <param name="Sum">The sum of the observations.</param>
    /// <param name="Count">How many there were.</param>
    public sealed record Snapshot(double[] Bounds, long[] Cumulative, double Sum, long Count);
}
