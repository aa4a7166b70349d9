using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;

namespace Zetina.Node.Cli;

/// <summary>
/// <c>zetina bench vm [--json] [--steps N]</c>: Cairo VM throughput on one core — the recursive fibonacci program
/// (7 steps per iteration, about 10^6 steps by default) without a trace, and with the trace recorded and the trace
/// and memory files written (to memory streams, so the disk does not enter the figure).
/// </summary>
internal static class VmBenchCommand
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

        Measure(program, trace: false); // warm-up (JIT tiers, page faults)
        (double plain, double plainCpu, long s1) = Best(program, trace: false);
        (double traced, double tracedCpu, long s2) = Best(program, trace: true);

        Report(json, "vm_steps_per_s", "no trace", plain, s1, "steps/s");
        Report(json, "vm_steps_per_s_trace", "trace + memory files", traced, s2, "steps/s");
        // The same runs timed by the process's CPU time: the figure for one core, independent of machine load.
        Report(json, "vm_steps_per_cpu_s", "no trace, CPU time", plainCpu, s1, "steps/s");
        Report(json, "vm_steps_per_cpu_s_trace", "trace, CPU time", tracedCpu, s2, "steps/s");

        // Memory kept by a finished traced run (trace, segments, relocated trace and memory), per step.
        GC.Collect();
        long before = GC.GetTotalMemory(forceFullCollection: true);
        var runner = new CairoRunner(program, new RunOptions { Trace = true });
        runner.Run();
        long after = GC.GetTotalMemory(forceFullCollection: true);
        double perStep = (after - before) / (double)runner.Steps;
        GC.KeepAlive(runner);
        Report(json, "vm_bytes_per_step", "retained per step", perStep, runner.Steps, "bytes");
        return 0;
    }

    private static (double Wall, double Cpu, long Steps) Best(CairoProgram program, bool trace)
    {
        double best = 0, bestCpu = 0;
        long steps = 0;
        for (int i = 0; i < 5; i++)
        {
            (double v, double c, long s) = Measure(program, trace);
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

    private static void Report(bool json, string name, string label, double value, long steps, string unit)
    {
        if (json)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms))
            {
                w.WriteStartObject();
                w.WriteString("suite", "vm");
                w.WriteString("name", name);
                w.WriteNull("log_size");
                w.WriteNumber("threads", 1);
                w.WriteString("unit", unit);
                w.WriteNumber("value", Math.Round(value));
                w.WriteEndObject();
            }
            Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
        }
        else
        {
            Console.Out.WriteLine(unit == "bytes"
                ? string.Create(CultureInfo.InvariantCulture, $"vm  {label,-22} {steps,10} steps  {value,8:F1} bytes/step")
                : string.Create(CultureInfo.InvariantCulture, $"vm  {label,-22} {steps,10} steps  {value / 1e6,8:F2} M steps/s"));
        }
    }
}
