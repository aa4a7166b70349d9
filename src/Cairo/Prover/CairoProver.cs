using System.Diagnostics;
using Zetina.Cairo.Air;
using Zetina.Cairo.Run;
using Zetina.Stark.Air;
using Zetina.Stark.Common;
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
    /// The parameters <see cref="Prove"/> uses when given none: ≥ 96 conjectured bits, chosen for this AIR's tables by
    /// <see cref="ParameterChoice"/> — blowup 2, 72 queries, 24 grinding bits for <see cref="ProofOptimization.Speed"/>
    /// (the default), blowup 8, 26 queries, 20 bits for <see cref="ProofOptimization.Size"/>; Keccak-256 masked to 192
    /// bits; the FRI step list (a leading 0: one table row per query) of the smallest expected proof.
    /// </summary>
    /// <remarks>
    /// Every Cairo constraint has degree ≤ 2, so one composition column and blowup 2 suffice. Against blowup 4 with
    /// 40 queries (equal conjectured security) blowup 2 halves the evaluation domain — the LDEs, Merkle hashing,
    /// composition and DEEP work — for about 40% less proving CPU at 2^14 steps (measured: 2.9 s against 4.8 s).
    /// </remarks>
    public static StarkParameters DefaultParameters(CairoAir air, ProofOptimization optimize = ProofOptimization.Speed) =>
        ParameterChoice.For(new ProofShape(PowerOfTwo.Log2(air.TraceLength), air.MainWidth, air.AuxWidth, AirDomain.CompositionChunks(air), air.Mask.Length), optimize);

    /// <summary>
    /// <see cref="DefaultParameters(CairoAir, ProofOptimization)"/> for a trace of 2^<paramref name="logRows"/> rows whose
    /// AIR is not at hand, sized for the plain and recursive layouts' tables (49 main, 9 interaction columns).
    /// </summary>
    public static StarkParameters DefaultParameters(int logRows, ProofOptimization optimize = ProofOptimization.Speed) =>
        ParameterChoice.For(NominalShape(logRows), optimize);

    /// <summary>
    /// <paramref name="p"/> with the FRI step list and last-layer bound of the smallest expected proof for 2^<paramref name="logRows"/>
    /// rows (the plain and recursive layouts' tables): for parameters written for another trace length (Stone's files).
    /// </summary>
    public static StarkParameters FitFriSteps(StarkParameters p, int logRows) => ParameterChoice.WithSmallestFri(p, NominalShape(logRows));

    private static ProofShape NominalShape(int logRows) => new(logRows, 49, 9, 1, 70);

    /// <summary>
    /// Proves <paramref name="run"/>. Throws <see cref="CairoStatementException"/> when the statement breaks
    /// <paramref name="rules"/> (the verifier would refuse it), <see cref="CairoTraceException"/> when the run does not
    /// fit the AIR (an unproved builtin, a memory file that disagrees with the public memory), and
    /// <see cref="ArgumentException"/> for parameters that do not fit the trace. <paramref name="progress"/> receives
    /// one line per phase. <paramref name="backends"/> selects where the LDE and commitments run (the GPU's, say);
    /// null means the CPU with <paramref name="maxThreads"/> threads. Without <paramref name="parameters"/>,
    /// <see cref="DefaultParameters(CairoAir, ProofOptimization)"/> under <paramref name="optimize"/>.
    /// </summary>
    public static CairoProof Prove(CairoRun run, CairoBinding binding, StarkParameters? parameters = null, int maxThreads = 0, Action<string>? progress = null,
        ProverBackends? backends = null, CairoStatementRules rules = CairoStatementRules.ProofMode, ProofOptimization optimize = ProofOptimization.Speed)
    {
        var sw = Stopwatch.StartNew();
        int minimum = CairoBoundary.From(run.PublicInput).MinimumRows;
        if (run.Trace.Length < minimum)
        {
            progress?.Invoke($"steps: {run.Trace.Length} → {minimum} (the builtin lanes need {minimum} rows; the jmp rel 0 loop runs on)");
            run = run.WithMinimumSteps(minimum);
        }
        // Refuse what the verifier would refuse, before any time is spent on the trace.
        StatementRefusal refusal = StatementCheck.Check(run.PublicInput, run.ProgramMain, run.ProgramBuiltins, rules, out string? why);
        if (refusal != StatementRefusal.None) throw new CairoStatementException(refusal, why!);
        CairoTrace trace = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput, run.EcdsaSignatures, maxThreads);
        var statement = new CairoStatement
        {
            PublicInput = run.PublicInput,
            Shape = trace.Shape,
            Binding = binding,
            ProgramMain = run.ProgramMain,
            ProgramBuiltins = run.ProgramBuiltins,
        };
        var air = new CairoAir(statement);
        // The registers and memory are in the trace now: a caller that keeps no reference to the run lets them go.
        run = null!;
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
        StarkParameters p = parameters ?? DefaultParameters(air, optimize);
        var prover = new StarkProver(p, backends ?? ProverBackends.Cpu(maxThreads))
        {
            OnRound = progress is null ? null : (round, ms) => progress($"  {round}: {ms / 1000:F2} s"),
        };
        var t = Stopwatch.StartNew();
        // The prover releases the trace's columns as it goes (trace.Columns' entries become null): at blowup 2 they are
        // a third of what the trace and its extension take.
        Stark.Proof.StarkProof proof = prover.ProveReleasingTrace(air, trace.Columns);
        progress?.Invoke($"prove: {t.Elapsed.TotalSeconds:F2} s ({p.ConjecturedSecurityBits(trace.Shape.LogRows)} bits: blowup {1 << p.LogNCosets}, {p.NQueries} queries, {p.ProofOfWorkBits} grinding bits, FRI steps [{string.Join(", ", p.FriStepList)}] to degree {p.LastLayerDegreeBound}, {p.Hash})");
        byte[] bytes = ProofSerializer.Write(proof);
        progress?.Invoke($"proof: {bytes.Length} bytes, total {sw.Elapsed.TotalSeconds:F2} s");
        return new CairoProof { Statement = statement, StarkProof = bytes };
    }
}
