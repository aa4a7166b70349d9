using Zetina.Stark.Air;
using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// <see cref="StarkProver.ProveReleasingTrace"/>: the same proof bytes as <see cref="StarkProver.Prove"/>, every column
/// released by the end, and the interaction built while exactly the columns the AIR declared it reads are still there.
/// </summary>
public sealed class TraceReleaseTests
{
    [Theory]
    [InlineData(2, new[] { 0, 1 })]
    [InlineData(4, new[] { 0, 1 })]
    [InlineData(2, null)]
    public void Releasing_the_trace_leaves_the_proof_unchanged(int blowup, int[]? auxInputs)
    {
        var (inner, trace) = StarkTestKit.Permutation(64);
        var air = new DeclaredInputsAir(inner, auxInputs);
        var p = StarkTestKit.Small(6, logBlowup: System.Numerics.BitOperations.Log2((uint)blowup));
        byte[] kept = ProofSerializer.Write(new StarkProver(p, ProverBackends.Cpu(2)).Prove(air, trace));

        Felt[][] released = [.. trace.Select(c => (Felt[])c.Clone())];
        StarkProof proof = new StarkProver(p, ProverBackends.Cpu(2)).ProveReleasingTrace(air, released);

        Assert.Equal(kept, ProofSerializer.Write(proof));
        Assert.True(StarkVerifier.Verify(air, proof, minimumSecurityBits: 0).IsValid);
        Assert.All(released, Assert.Null);
        // Only the declared columns were there when the interaction was built (all of them when none are declared).
        bool[] expected = [.. Enumerable.Range(0, air.MainWidth).Select(c => auxInputs is null || auxInputs.Contains(c))];
        Assert.Equal(expected, air.PresentAtInteraction);
    }

    [Fact]
    public void Prove_leaves_the_callers_columns_in_place()
    {
        var (inner, trace) = StarkTestKit.Permutation(64);
        new StarkProver(StarkTestKit.Small(6), ProverBackends.Cpu(1)).Prove(new DeclaredInputsAir(inner, [0, 1]), trace);
        Assert.All(trace, Assert.NotNull);
    }

    [Fact]
    public void A_declared_column_out_of_range_is_refused()
    {
        var (inner, trace) = StarkTestKit.Permutation(64);
        var e = Assert.Throws<ArgumentException>(() =>
            new StarkProver(StarkTestKit.Small(6), ProverBackends.Cpu(1)).ProveReleasingTrace(new DeclaredInputsAir(inner, [0, 3]), trace));
        Assert.Contains("column 3", e.Message);
    }

    /// <summary><see cref="PermutationAir"/> (whose interaction reads a and b) declaring the columns it reads.</summary>
    private sealed class DeclaredInputsAir(PermutationAir inner, int[]? auxInputs) : IAir
    {
        public bool[] PresentAtInteraction { get; private set; } = [];
        public string Name => inner.Name;
        public int TraceLength => inner.TraceLength;
        public int MainWidth => inner.MainWidth;
        public int AuxWidth => inner.AuxWidth;
        public int AuxRandomCount => inner.AuxRandomCount;
        public ReadOnlySpan<MaskEntry> Mask => inner.Mask;
        public ReadOnlySpan<int> TransitionDegrees => inner.TransitionDegrees;
        public int TransitionExemptions => inner.TransitionExemptions;
        public IReadOnlyList<Felt[]> PeriodicColumns => inner.PeriodicColumns;
        public ReadOnlySpan<Felt> PublicInput => inner.PublicInput;
        public IReadOnlyList<int>? AuxInputColumns => auxInputs;

        public void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result) =>
            inner.EvaluateTransition(frame, periodic, auxRandom, result);

        public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom) => inner.BoundaryConstraints(auxRandom);

        public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom)
        {
            PresentAtInteraction = [.. mainColumns.Select(c => c is not null)];
            return inner.BuildAuxColumns(mainColumns, auxRandom);
        }
    }
}
