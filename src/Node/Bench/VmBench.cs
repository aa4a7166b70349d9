using System.Diagnostics;
using System.Globalization;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Node.Cli;

namespace Zetina.Node.Bench;

/// <summary>
/// <c>zetina bench vm [--json] [--steps N]</c>: Cairo VM throughput on one core — the recursive fibonacci program
/// (7 steps per iteration, about 10^6 steps by default) without a trace, and with the trace recorded and the trace
/// and memory files written (to memory streams, so the disk does not enter the figure).
/// </summary>
internal static class VmBench
{
    public static readonly CliCommand[] Commands =
    [
        new(["bench", "vm"], "Cairo VM steps per second (fibonacci loop, one core)",
            "usage: zetina bench vm [--json] [--steps N]   (default 1000000 steps; best of 5 runs)", Run),
    ];

    private static int Run(CliArgs args)
    {
        bool json = args.Flag("json");
        int steps = args.Int("steps", 1_000_000);
        args.RejectUnknown();
        if (steps < 1000) throw new CliUsageException("--steps must be at least 1000");
        long n = (steps - 10) / 7;
        CairoProgram program = SamplePrograms.Fibonacci(n);

        var report = new BenchReport(json, jsonDigits: 0);

        Measure(program, trace: false); // warm-up (JIT tiers, page faults)
        (double plain, double plainCpu, long s1) = Best(program, trace: false);
        (double traced, double tracedCpu, long s2) = Best(program, trace: true);

        Report(report, "vm_steps_per_s", "no trace", plain, s1, "steps/s");
        Report(report, "vm_steps_per_s_trace", "trace + memory files", traced, s2, "steps/s");
        // The same runs timed by the process's CPU time: the figure for one core, independent of machine load.
        Report(report, "vm_steps_per_cpu_s", "no trace, CPU time", plainCpu, s1, "steps/s");
        Report(report, "vm_steps_per_cpu_s_trace", "trace, CPU time", tracedCpu, s2, "steps/s");

        // Memory kept by a finished traced run (trace, segments, relocated trace and memory), per step.
        GC.Collect();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var runner = new CairoRunner(program, new RunOptions { Trace = true });
        runner.Run();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        double perStep = (after - before) / (double)runner.Steps;
        GC.KeepAlive(runner);
        Report(report, "vm_bytes_per_step", "retained per step", perStep, runner.Steps, "bytes");
        return 0;
    }

    /// <summary>The best wall-clock and the best CPU-time rate of 5 runs (each the best run by its own clock).</summary>
    private static (double Wall, double Cpu, long Steps) Best(CairoProgram program, bool trace)
    {
        double best = 0, bestCpu = 0;
        long steps = 0;
        foreach ((double v, double c, long s) in BenchTiming.Repeat(5, () => Measure(program, trace)))
        {
            best = Math.Max(best, v);
            bestCpu = Math.Max(bestCpu, c);
            steps = s;
        }
        return (best, bestCpu, steps);
    }

    private static (double Wall, double Cpu, long Steps) Measure(CairoProgram program, bool trace)
    {
        using var proc = Process.GetCurrentProcess();
        TimeSpan cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var runner = new CairoRunner(program, new RunOptions { Trace = trace });
        runner.Run();
        if (trace)
        {
            using var t = new MemoryStream();
            TraceFile.Write(t, runner.RelocatedTrace);
            using var m = new MemoryStream();
            runner.Memory.Write(m);
        }
        sw.Stop();
        proc.Refresh();
        double cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        return (runner.Steps / sw.Elapsed.TotalSeconds, cpu > 0 ? runner.Steps / cpu : 0, runner.Steps);
    }

    private static void Report(BenchReport report, string name, string label, double value, long steps, string unit) =>
        report.Figure(new BenchResult("vm", name, null, 1, unit, value), _ => unit == "bytes"
            ? string.Create(CultureInfo.InvariantCulture, $"vm  {label,-22} {steps,10} steps  {value,8:F1} bytes/step")
            : string.Create(CultureInfo.InvariantCulture, $"vm  {label,-22} {steps,10} steps  {value / 1e6,8:F2} M steps/s"));
}
