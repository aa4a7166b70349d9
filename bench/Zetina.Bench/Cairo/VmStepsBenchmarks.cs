using BenchmarkDotNet.Attributes;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;

namespace Zetina.Bench.Cairo;

/// <summary>
/// How fast does the Cairo VM step? The recursive fibonacci program (7 steps per iteration) run to ~10^6 steps on
/// one thread, without a trace versus with the trace recorded and the trace and memory files written to memory.
/// Divide the step count (7·N + 10) by the mean time for steps per second.
/// </summary>
[MemoryDiagnoser]
public class VmStepsBenchmarks
{
    private CairoProgram _program = null!;

    /// <summary>Fibonacci iterations (steps = 7·N + 10).</summary>
    [Params(142_856)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _program = SamplePrograms.Fibonacci(N);

    [Benchmark(Baseline = true)]
    public long RunNoTrace()
    {
        var runner = new CairoRunner(_program, new RunOptions { Trace = false });
        runner.Run();
        return runner.Steps;
    }

    [Benchmark]
    public long RunWithTraceAndFiles()
    {
        var runner = new CairoRunner(_program, new RunOptions { Trace = true });
        runner.Run();
        using var t = new MemoryStream();
        TraceFile.Write(t, runner.RelocatedTrace);
        using var m = new MemoryStream();
        runner.Memory.Write(m);
        return runner.Steps + t.Length + m.Length;
    }
}
