using System.Diagnostics;
using Zetina.Cairo.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;

namespace Zetina.Cairo.Prover;

/// <summary>
/// Proves a proof-mode Cairo run: lays out the trace (<see cref="CairoTraceBuilder"/>), fixes the statement with its
/// binding data, and runs the STARK prover on <see cref="CairoAir"/>. Debug builds check the trace against the AIR
/// first and report every failing (row, constraint).
/// </summary>
public static class CairoProver
{
    /// <summary>
    /// Default parameters for 2^<paramref name="logSteps"/> steps at ≥ 96 conjectured bits (see
    /// <see cref="StarkParameters.Default"/>).
    /// </summary>
    public static StarkParameters DefaultParameters(int logSteps) => StarkParameters.Default(logSteps);

    /// <summary>
    /// Proves <paramref name="run"/>. Throws <see cref="CairoTraceException"/> when the run does not fit the AIR (a
    /// non-proof-mode run, an unproved builtin, a memory file that disagrees with the public memory), and
    /// <see cref="ArgumentException"/> for parameters that do not fit the trace. <paramref name="progress"/> receives
    /// one line per phase.
    /// </summary>
    public static CairoProof Prove(CairoRunInput run, CairoBinding binding, StarkParameters? parameters = null, int maxThreads = 0, Action<string>? progress = null)
    {
        var sw = Stopwatch.StartNew();
        CairoTrace trace = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        var statement = new CairoStatement
        {
            PublicInput = run.PublicInput,
            Shape = trace.Shape,
            Binding = binding,
            ProgramMain = run.ProgramMain,
            ProgramBuiltins = run.ProgramBuiltins,
        };
        var air = new CairoAir(statement);
        progress?.Invoke($"trace: {trace.Shape.Rows} rows × {air.MainWidth} main + {air.AuxWidth} interaction columns ({sw.Elapsed.TotalSeconds:F2} s)");
#if DEBUG
        {
            // Random challenges: an honest trace passes for all of them; a bad one fails for almost all.
            var rng = new Random(12345);
            Felt R() => Felt.FromLimbsReduced((ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64() >> 5);
            List<ConstraintFailure> failures = CairoTraceChecker.Check(air, trace, new CairoChallenges(R(), R(), R()));
            if (failures.Count > 0)
                throw new CairoTraceException($"the trace violates the Cairo AIR at {failures.Count} (row, constraint) pairs, first: {string.Join("; ", failures.Take(10))}");
            progress?.Invoke($"check: trace satisfies all {air.TransitionDegrees.Length} transition and {air.BoundaryNames().Count} boundary constraints");
        }
#endif
        StarkParameters p = parameters ?? DefaultParameters(trace.Shape.LogRows);
        var prover = new StarkProver(p, ProverBackends.Cpu(maxThreads));
        var t = Stopwatch.StartNew();
        Stark.Proof.StarkProof proof = prover.Prove(air, trace.Columns);
        progress?.Invoke($"prove: {t.Elapsed.TotalSeconds:F2} s ({p.ConjecturedSecurityBits(trace.Shape.LogRows)} bits: blowup {1 << p.LogNCosets}, {p.NQueries} queries, {p.ProofOfWorkBits} grinding bits)");
        byte[] bytes = ProofSerializer.Write(proof);
        progress?.Invoke($"proof: {bytes.Length} bytes, total {sw.Elapsed.TotalSeconds:F2} s");
        return new CairoProof { Statement = statement, StarkProof = bytes };
    }
}
