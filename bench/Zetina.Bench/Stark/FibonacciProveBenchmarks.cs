using BenchmarkDotNet.Attributes;
using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;
using Zetina.Stark.Verifier;

namespace Zetina.Bench.Stark;

/// <summary>The whole Fibonacci proof at the default ≥ 96-bit parameters: prove (all threads) and verify.</summary>
[MemoryDiagnoser]
public class FibonacciProveBenchmarks
{
    private FibonacciAir _air = null!;
    private Felt[][] _trace = [];
    private byte[] _proof = [];
    private StarkProver _prover = null!;

    [Params(16, 18, 20)]
    public int LogSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int n = 1 << LogSize;
        _trace = FibonacciAir.BuildTrace(n, Felt.One, Felt.One);
        _air = new FibonacciAir(n, Felt.One, Felt.One, _trace[1][n - 1]);
        _prover = new StarkProver(StarkParameters.Default(LogSize), ProverBackends.Cpu());
        _proof = ProofSerializer.Write(_prover.Prove(_air, _trace));
    }

    [Benchmark]
    public StarkProof Prove() => _prover.Prove(_air, _trace);

    [Benchmark]
    public bool Verify() => StarkVerifier.Verify(_air, _proof, 96).IsValid;
}
