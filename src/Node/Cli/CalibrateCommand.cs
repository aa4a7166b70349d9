using System.Globalization;
using Zetina.Gpu.Prover;
using Zetina.Node.Bench;

namespace Zetina.Node.Cli;

/// <summary>
/// <c>zetina calibrate</c>: measures this machine's proving speed on the bench program (<see cref="ProveBench.Measure"/>)
/// and turns it and the machine's cost into the reward floor to run the executor with (docs/operating.md,
/// "Calibration").
/// </summary>
internal static class CalibrateCommand
{
    public static readonly CliCommand[] Commands =
    [
        new(["calibrate"], "measure proving speed and print the break-even reward per million steps", Usage, Run),
    ];

    private const string Usage = """
        usage: zetina calibrate [--cost-per-hour C] [--utilization U] [--margin M] [--log-steps K] [--threads N] [--json]
          --cost-per-hour C   what this machine costs per hour (USD, or whatever one reward unit is worth
                              in: the figures come out in the same unit per million steps; default 1)
          --utilization U     the fraction of hours it proves paid jobs, in (0, 1] (default 1)
          --margin M          profit asked above break-even, as a fraction (default 0.2: 20 %)
          --log-steps K       proves the bench program (zetina bench prove) at 2^K steps, K in [4, 24] (default 16)
          --threads N         prover threads (default: all cores)
          --json              one bench-style JSON figure per line (suite "calibrate")
        cost per second            = C / 3600 / U
        break-even per step        = cost per second / steps per second (run and proof)
        --min-reward-per-mstep     = 10^6 x break-even per step x (1 + M)
        """;

    /// <summary>The figures calibration ends with.</summary>
    internal sealed record Calibration(double StepsPerSecond, double CostPerSecond, double BreakEvenPerMstep, double MinRewardPerMstep);

    /// <summary>The formulas of docs/operating.md, "Calibration".</summary>
    internal static Calibration Compute(double stepsPerSecond, double costPerHour, double utilization, double margin)
    {
        double costPerSecond = costPerHour / 3600 / utilization;
        double breakEvenPerStep = costPerSecond / stepsPerSecond;
        return new Calibration(stepsPerSecond, costPerSecond, breakEvenPerStep * 1e6, breakEvenPerStep * 1e6 * (1 + margin));
    }

    private static int Run(CliArgs args)
    {
        double cost = Number(args, "cost-per-hour", 1, min: 0, minInclusive: true, max: double.MaxValue);
        double utilization = Number(args, "utilization", 1, min: 0, minInclusive: false, max: 1);
        double margin = Number(args, "margin", 0.2, min: 0, minInclusive: true, max: double.MaxValue);
        int k = args.Int("log-steps", 16);
        if (k is < 4 or > 24) throw new CliUsageException($"--log-steps expects an integer in [4, 24], got {k}");
        int threads = args.Int("threads", 0);
        if (threads < 0) throw new CliUsageException($"--threads expects a non-negative integer, got {threads}");
        bool json = args.Flag("json");
        args.RejectUnknown();
        int t = threads > 0 ? threads : Environment.ProcessorCount;
        using GpuProverBackends device = GpuProverBackends.Create(threads);
        Console.Error.WriteLine("zetina calibrate: " + device.Line);
        ProveMeasurement m = ProveBench.Measure(k, threads, device, null);
        Calibration c = Compute(m.Steps / (m.RunSeconds + m.ProveSeconds), cost, utilization, margin);
        var report = new BenchReport(json, jsonDigits: 6);
        report.Figure(new("calibrate", "steps_per_s", k, t, "steps/s", c.StepsPerSecond));
        report.Figure(new("calibrate", "cost_per_s", null, null, "units/s", c.CostPerSecond));
        report.Figure(new("calibrate", "break_even_reward_per_mstep", k, t, "units/Msteps", c.BreakEvenPerMstep));
        report.Figure(new("calibrate", "min_reward_per_mstep", k, t, "units/Msteps", c.MinRewardPerMstep));
        report.Row(string.Create(CultureInfo.InvariantCulture, $"steps/s                      {c.StepsPerSecond:F0} (2^{k} steps, {t} threads, run and proof)"));
        report.Row(string.Create(CultureInfo.InvariantCulture, $"cost per second              {c.CostPerSecond:G6}"));
        report.Row(string.Create(CultureInfo.InvariantCulture, $"break-even per Msteps        {c.BreakEvenPerMstep:G6}"));
        report.Row(string.Create(CultureInfo.InvariantCulture, $"with {margin:P0} margin             {c.MinRewardPerMstep:G6}"));
        report.Row(string.Create(CultureInfo.InvariantCulture, $"run the executor with        zetina node --min-reward-per-mstep {c.MinRewardPerMstep:G6} ..."));
        return 0;
    }

    private static double Number(CliArgs args, string name, double fallback, double min, bool minInclusive, double max)
    {
        string? s = args.Option(name);
        if (s is null) return fallback;
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            && (minInclusive ? v >= min : v > min) && v <= max
            ? v
            : throw new CliUsageException($"--{name}: expected a number in {(minInclusive ? "[" : "(")}{min.ToString(CultureInfo.InvariantCulture)}, {(max == double.MaxValue ? "inf)" : max.ToString(CultureInfo.InvariantCulture) + "]")}, got '{s}'");
    }
}
