using Zetina.Stark.Air;
using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Tests.Conformance;

/// <summary>
/// The contract every <see cref="ICompositionEvaluator"/> keeps: the same values as the CPU evaluator (one thread),
/// for an AIR with periodic columns, interaction columns, wrap-around transitions and boundaries. Link and subclass.
/// </summary>
public abstract class CompositionEvaluatorConformance
{
    /// <summary>The evaluator under test.</summary>
    protected abstract ICompositionEvaluator CreateEvaluator();

    [Fact]
    public void Evaluate_PermutationAir_MatchesReference()
    {
        const int n = 64, logBlowup = 2;
        var air = new PermutationAir(n);
        Felt[][] main = PermutationAir.BuildTrace(n, 7);
        Felt[] random = [Felt.FromUInt64(12345)];
        Felt[][] columns = [.. main, .. air.BuildAuxColumns(main, random)];
        var lde = new CpuLdeBackend(1);
        var coeffs = new Felt[columns.Length][];
        var ext = new Felt[columns.Length][];
        for (int c = 0; c < columns.Length; c++) { coeffs[c] = new Felt[n]; ext[c] = new Felt[n << logBlowup]; }
        lde.ExtendColumns(columns, RootsOfUnity.Generator, coeffs, ext);
        IReadOnlyList<BoundaryConstraint> boundaries = air.BoundaryConstraints(random);
        var alphas = new Felt[air.TransitionDegrees.Length + boundaries.Count];
        for (int i = 0; i < alphas.Length; i++) alphas[i] = Felt.FromUInt64((ulong)(i + 2) * 1000003);
        var inputs = new CompositionInputs(ext, logBlowup, RootsOfUnity.Generator, random, alphas, boundaries);
        var expected = new Felt[n << logBlowup];
        new CpuCompositionEvaluator(1).Evaluate(air, inputs, expected);
        var actual = new Felt[(n << logBlowup) + 1];
        actual[^1] = Felt.FromUInt64(0xdeadbeef);
        CreateEvaluator().Evaluate(air, inputs, actual.AsSpan(0, n << logBlowup));
        Assert.Equal(expected, actual[..^1]);
        Assert.Equal(Felt.FromUInt64(0xdeadbeef), actual[^1]);
        // The same domain as every second point of a blowup-8 extension, read in place with a stride.
        var wide = new Felt[columns.Length][];
        for (int c = 0; c < columns.Length; c++) wide[c] = new Felt[n << (logBlowup + 1)];
        lde.ExtendColumns(columns, RootsOfUnity.Generator, coeffs, wide);
        var strided = new Felt[n << logBlowup];
        CreateEvaluator().Evaluate(air, inputs with { ExtendedColumns = wide, LogStride = 1 }, strided);
        Assert.Equal(expected, strided);
        // And the reference itself: a valid trace gives a polynomial of degree < n (one chunk).
        lde.InterpolateOnCoset(expected, RootsOfUnity.Generator);
        for (int i = n; i < expected.Length; i++) Assert.True(expected[i].IsZero);
    }
}

/// <summary>The CPU evaluator with two threads against the one-thread reference.</summary>
public class CpuCompositionEvaluatorConformance : CompositionEvaluatorConformance
{
    protected override ICompositionEvaluator CreateEvaluator() => new CpuCompositionEvaluator(2);
}
