using System.Diagnostics;

namespace Zetina.Node.Bench;

/// <summary>
/// The repetition rule every <c>zetina bench</c> suite times with: one untimed warm-up run (JIT tiering, page
/// faults, tables built on first use), then a fixed number of runs, keeping the fastest. The minimum rather than
/// the mean or median because on a shared machine noise only ever adds time.
/// </summary>
internal static class BenchTiming
{
    /// <summary>Runs <paramref name="run"/> <paramref name="runs"/> times, no warm-up, and returns every result.</summary>
    public static T[] Repeat<T>(int runs, Func<T> run)
    {
        var results = new T[runs];
        for (int i = 0; i < runs; i++) results[i] = run();
        return results;
    }

    /// <summary>The smallest of <paramref name="runs"/> figures (at least one) that <paramref name="run"/> measures, no warm-up.</summary>
    public static double Smallest(int runs, Func<double> run)
    {
        double best = double.MaxValue;
        for (int i = 0; i < Math.Max(runs, 1); i++) best = Math.Min(best, run());
        return best;
    }

    /// <summary>One warm-up run of <paramref name="run"/>, then the smallest of <paramref name="runs"/> figures it measures.</summary>
    public static double Fastest(int runs, Func<double> run)
    {
        run();
        return Smallest(runs, run);
    }

    /// <summary>
    /// Milliseconds of the fastest of <paramref name="runs"/> runs of <paramref name="body"/> after one warm-up;
    /// <paramref name="setup"/> runs untimed before each (to restore an input the body overwrites).
    /// </summary>
    public static double FastestMs(int runs, Action setup, Action body) => Fastest(runs, () =>
    {
        setup();
        long t0 = Stopwatch.GetTimestamp();
        body();
        return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    });
}
