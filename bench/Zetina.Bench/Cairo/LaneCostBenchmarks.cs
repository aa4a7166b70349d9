using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Program;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Bench.Cairo;

/// <summary>
/// What each builtin lane costs on its own, on the shared all-builtins run (every builtin 50 times, 2^17 steps, our
/// VM's proof-mode run of its program): its transition constraints evaluated on one row (the work the constraint
/// composition does per lane per point of the evaluation domain) and its trace filler for the run's 50 instances
/// (divide by 50 for one instance). The whole-proof figures, the ratio to a builtin-free run of the same length and
/// the split per instance are <c>zetina bench prove --lanes</c>'s (docs/benchmarks.md, "Builtin lanes").
/// <c>dotnet run -c Release --project bench/Zetina.Bench -- --filter '*LaneCost*'</c>; the case is read from
/// <c>../shared/</c> beside the repository root above the benchmark's binary.
/// </summary>
[MemoryDiagnoser]
public class LaneCostBenchmarks
{
    private static readonly string[] s_case = ["..", "shared", "testdata", "cairo", "c0_stwo_all_builtins_all_cairo", "program.json.gz"];
    private const int Rows = 1024;

    private IBuiltinLane _lane = null!;
    private CairoRun _run = null!;
    private BuiltinInstances _instances = null!;
    private Felt[] _frame = [];
    private int[] _at = [];
    private Felt[][] _periodic = [];
    private Felt[] _result = [];

    /// <summary>The lane builtin measured.</summary>
    [Params("pedersen", "poseidon", "bitwise", "ecdsa", "range_check96", "ec_op", "add_mod", "mul_mod", "keccak")]
    public string Builtin { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _lane = BuiltinLanes.All.Single(l => l.Builtin == Builtin);
        using var gz = new GZipStream(File.OpenRead(Path.Combine([RepositoryRoot(), .. s_case])), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gz.CopyTo(plain);
        var runner = new CairoRunner(ProgramLoader.Load(plain.ToArray()), new RunOptions { ProofMode = true, Layout = CairoLayout.AllCairo });
        runner.Run();
        _run = runner.Result;
        _instances = BuiltinInstances.From(_lane, _run.PublicInput);
        int constraints = 0;
        _lane.AddConstraints(0, (_, _) => constraints++);
        _result = new Felt[constraints];
        var rng = new Random(1);
        _frame = new Felt[_lane.Width + _lane.NextEntries.Count];
        for (int i = 0; i < _frame.Length; i++) _frame[i] = Felt.FromUInt64((ulong)rng.NextInt64());
        _at = Enumerable.Range(_lane.Width, _lane.NextEntries.Count).ToArray();
        // One row's periodic values per row of the pass, cycling through the lane's period.
        _periodic = new Felt[Rows][];
        for (int row = 0; row < Rows; row++)
            _periodic[row] = [.. _lane.Periodic.Select(p => p[row % p.Length])];
    }

    /// <summary>The folder holding Zetina.sln above the benchmark's binary (BenchmarkDotNet runs it from a build folder).</summary>
    private static string RepositoryRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
            if (File.Exists(Path.Combine(dir, "Zetina.sln"))) return dir;
        throw new InvalidOperationException("cannot find Zetina.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>The lane's transition constraints on one row (random frame values), over <see cref="FeltValue"/>.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public Felt EvaluateRow()
    {
        Felt sum = Felt.Zero;
        for (int row = 0; row < Rows; row++)
        {
            int o = 0;
            _lane.Evaluate(FeltValue.Of(_frame.AsSpan()), 0, _at, FeltValue.Of(_periodic[row].AsSpan()), FeltValue.Of(_result.AsSpan()), ref o);
            sum += _result[0];
        }
        return sum;
    }

    /// <summary>The lane's columns for the run's instances of its builtin (50), at the run's 2^17 rows.</summary>
    [Benchmark]
    public Felt[][][] FillRun() => _lane.Fill(_instances, new LaneWitness(_run.Trace.Length, _run.Memory, _run.EcdsaSignatures));
}
