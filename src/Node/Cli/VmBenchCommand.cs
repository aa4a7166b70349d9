using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Zetina.Cairo.Program;
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

        Measure(program, trace: false, 1); // warm-up (JIT tiers, page faults)
        (double plain, long s1) = Best(program, trace: false);
        (double traced, long s2) = Best(program, trace: true);

        Report(json, "vm_steps_per_s", "no trace", plain, s1);
        Report(json, "vm_steps_per_s_trace", "trace + memory files", traced, s2);
        return 0;
    }

    private static (double StepsPerSecond, long Steps) Best(CairoProgram program, bool trace)
    {
        double best = 0;
        long steps = 0;
        for (int i = 0; i < 5; i++)
        {
            (double v, long s) = Measure(program, trace, 1);
            if (v > best) best = v;
            steps = s;
        }
        return (best, steps);
    }

    private static (double StepsPerSecond, long Steps) Measure(CairoProgram program, bool trace, int repeat)
    {
        var sw = Stopwatch.StartNew();
        var runner = new CairoRunner(program, new RunOptions { Trace = trace });
        runner.Vm.ReserveTrace(trace ? 7 * 200_000 : 0);
        runner.Run();
        if (trace)
        {
            using var t = new MemoryStream();
            TraceFileWriter.Write(t, runner.RelocatedTrace);
            using var m = new MemoryStream();
            MemoryFileWriter.Write(m, runner.Memory);
        }
        sw.Stop();
        return (runner.Steps * repeat / sw.Elapsed.TotalSeconds, runner.Steps);
    }

    private static void Report(bool json, string name, string label, double value, long steps)
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
                w.WriteString("unit", "steps/s");
                w.WriteNumber("value", Math.Round(value));
                w.WriteEndObject();
            }
            Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
        }
        else
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vm  {label,-22} {steps,10} steps  {value / 1e6,8:F2} M steps/s"));
        }
    }
}
