using System.Text;
using BenchmarkDotNet.Attributes;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Cairo.Stone.Proving;
using Zetina.Cairo.Stone.Proving.Trace;

namespace Zetina.Bench.Cairo;

/// <summary>
/// The Stone-format prover (<c>zetina prove --format stone</c>) on the built-in fibonacci program in Stone's
/// recursive layout at the default 96-bit parameters: Stone's trace, the proof (all threads), and a verification of
/// the proof file. <c>zetina bench prove --format stone</c> reports the same work once, with peak memory.
/// </summary>
[MemoryDiagnoser]
public class StoneProveBenchmarks
{
    private CairoRun _run = null!;
    private StoneCairoLayout _layout = null!;
    private StoneProofParameters _parameters = null!;
    private StoneTraceBuilder _trace = null!;
    private byte[] _file = [];

    [Params(10, 12)]
    public int LogSteps { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(LogSteps)),
            new RunOptions { ProofMode = true, Layout = CairoLayout.Recursive });
        runner.Run();
        _run = runner.Result;
        _layout = (StoneCairoLayout)StoneLayoutTable.Find(_run.PublicInput.Layout)!;
        _parameters = StoneDefaultParameters.For(System.Numerics.BitOperations.Log2((ulong)_run.PublicInput.NSteps * (ulong)_layout.RowsPerStep));
        BuildTrace();
        byte[] proof = StoneProver.Prove(_trace, _layout, _parameters, _run.PublicInput, StoneStatementVersion.Stone6).Proof;
        _file = Encoding.UTF8.GetBytes(StoneProofJson.Write(proof, StoneProofJson.Parameters(_parameters),
            Encoding.UTF8.GetBytes(StoneProofJson.DefaultProverConfig), _run.PublicInput.Serialize(), "{}"u8));
        if (!Verify()) throw new InvalidOperationException("the benchmark's Stone-format proof does not verify");
    }

    [Benchmark]
    public int BuildTrace() => (_trace = StoneTraceBuilder.Build(_layout, _run)).Main.Rows;

    [Benchmark]
    public int Prove() => StoneProver.Prove(_trace, _layout, _parameters, _run.PublicInput, StoneStatementVersion.Stone6).Proof.Length;

    [Benchmark]
    public bool Verify() => StoneVerifier.Verify(_file, StoneLayoutTable.Find).IsValid;
}
