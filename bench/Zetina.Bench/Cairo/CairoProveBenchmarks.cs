using BenchmarkDotNet.Attributes;
using Zetina.Cairo.Air;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;

namespace Zetina.Bench.Cairo;

/// <summary>
/// The whole Cairo proof of the built-in fibonacci program (plain layout) at the default ≥ 96-bit parameters:
/// trace layout, prove (all threads) and verify. Blowup 2 / 80 queries (the default) against blowup 4 / 40 queries.
/// </summary>
[MemoryDiagnoser]
public class CairoProveBenchmarks
{
    private CairoRun _run = null!;
    private byte[] _proof = [];

    [Params(14, 16, 18)]
    public int LogSteps { get; set; }

    [Params(1, 2)]
    public int LogBlowup { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(LogSteps)), new RunOptions { ProofMode = true });
        runner.Run();
        _run = runner.Result;
        _proof = Prove().ToJsonBytes();
    }

    private Zetina.Stark.Parameters.StarkParameters Parameters()
    {
        var p = CairoProver.DefaultParameters(LogSteps);
        return LogBlowup == 1 ? p : p with { LogNCosets = 2, NQueries = 40 };
    }

    [Benchmark]
    public CairoTrace BuildTrace() => CairoTraceBuilder.Build(_run.Trace, _run.Memory, _run.PublicInput);

    [Benchmark]
    public CairoProof Prove() => CairoProver.Prove(_run, default, Parameters());

    [Benchmark]
    public bool Verify() => CairoVerifier.Verify(_proof, default).IsValid;
}
