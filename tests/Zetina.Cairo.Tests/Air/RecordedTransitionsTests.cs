using Zetina.Cairo.Air;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Tests.Shared;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The Cairo AIR's constraints recorded once (<see cref="TransitionRecorder"/>) and run in lanes give, on random frames,
/// the group sums Σ α_k·t_k of its point-by-point evaluation: the plain layout (the CPU, memory and range checks), a
/// run with the range_check builtin's columns, and shared runs with builtin lanes (pedersen, bitwise, range_check96).
/// </summary>
public sealed class RecordedTransitionsTests
{
    private static CairoAir AirOf(CairoProgram program, CairoLayout layout)
    {
        var runner = new CairoRunner(program, new RunOptions { ProofMode = true, Layout = layout });
        runner.Run();
        CairoRun run = runner.Result;
        CairoTrace trace = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput, run.EcdsaSignatures, 1);
        return new CairoAir(new CairoStatement { PublicInput = run.PublicInput, Shape = trace.Shape, Binding = new CairoBinding(Felt.FromUInt64(5), Felt.FromUInt64(6)) });
    }

    public static TheoryData<string> Programs => new()
    {
        "plain", "range_check", "c1_dipdup_hash_pedersen_recursive_large_output", "c0_stwo_bitwise_all_cairo", "c0_stwo_range_check96_all_cairo",
    };

    private static CairoAir SharedAir(string name)
    {
        ReferenceRun run = ReferenceRun.Load(name);
        CairoTrace trace = run.BuildTrace();
        return new CairoAir(new CairoStatement { PublicInput = run.PublicInput, Shape = trace.Shape, Binding = new CairoBinding(Felt.FromUInt64(5), Felt.FromUInt64(6)) });
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void Recorded_RandomFrames_EqualsPointByPoint(string which)
    {
        CairoAir air = which switch
        {
            "plain" => AirOf(BenchProgram.Load(BenchProgram.IterationsFor(7)), CairoLayout.Plain),
            "range_check" => AirOf(BenchProgram.RangeCheck(5), CairoLayout.Small),
            _ => SharedAir(which),
        };
        if (which == "range_check") Assert.True(air.Shape.RangeCheckBuiltin);
        if (which.StartsWith('c')) Assert.True(air.Shape.MainWidth > CairoColumns.CpuWidth + 20, $"{which}: {air.Shape.MainWidth} columns, no lane?");
        int seed = which.Length * 7919;
        var rng = new Random(seed);
        Felt Next() => Felt.FromUInt64((ulong)rng.NextInt64()) * Felt.FromUInt64((ulong)rng.NextInt64()) + Felt.FromUInt64((ulong)rng.NextInt64());
        Felt[] challenges = [Next(), Next(), Next()];
        int constraints = air.TransitionDegrees.Length;
        var alphas = new Felt[constraints];
        for (int k = 0; k < constraints; k++) alphas[k] = Next();
        var groupOf = new int[constraints];
        for (int k = 0; k < constraints; k++) groupOf[k] = k % 3;
        ConstraintProgram program = TransitionRecorder.Record(air, challenges, alphas, groupOf, 3);
        Assert.Equal(constraints, program.ConstraintCount);

        const int points = 32;
        int periodicCount = air.PeriodicColumns.Count;
        var frames = new Felt[air.Mask.Length * points];
        var periodic = new Felt[Math.Max(1, periodicCount) * points];
        for (int i = 0; i < frames.Length; i++) frames[i] = Next();
        for (int i = 0; i < periodic.Length; i++) periodic[i] = Next();
        var expected = new Felt[3 * points];
        var frame = new Felt[air.Mask.Length];
        var per = new Felt[periodicCount];
        var values = new Felt[constraints];
        for (int t = 0; t < points; t++)
        {
            for (int k = 0; k < frame.Length; k++) frame[k] = frames[k * points + t];
            for (int j = 0; j < periodicCount; j++) per[j] = periodic[j * points + t];
            air.EvaluateTransition(frame, per, challenges, values);
            for (int k = 0; k < constraints; k++) expected[groupOf[k] * points + t] += alphas[k] * values[k];
        }

        RecordedRuns.AssertBothPaths(program, frames, periodic, points, expected, 3, $"{which}, seed {seed}");
    }
}
