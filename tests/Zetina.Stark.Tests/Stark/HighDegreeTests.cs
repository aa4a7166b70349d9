using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// Degree-4 transitions reading two rows ahead: four composition chunks, blowup 4. The constraint of degree 1 and the
/// boundaries, whose quotients have degree below 2n, are evaluated on half the composition's points and extended: the
/// proof is the one an evaluation of everything everywhere gives, and a trace that breaks them is still refused.
/// </summary>
public class HighDegreeTests
{
    /// <summary>a_{i+2} = a_i⁴ + a_{i+1}·b_i, b_{i+1} = b_i + 1; a₀, a₁, b₀ public.</summary>
    private sealed class QuarticAir(int n, Felt a0, Felt a1) : IAir
    {
        private static readonly MaskEntry[] s_mask = [new(0, 0), new(0, 1), new(0, 2), new(1, 0), new(1, 1)];
        private static readonly int[] s_degrees = [4, 1];
        private readonly Felt[] _publicInput = [a0, a1];
        public string Name => "quartic-test";
        public int TraceLength => n;
        public int MainWidth => 2;
        public int AuxWidth => 0;
        public int AuxRandomCount => 0;
        public ReadOnlySpan<MaskEntry> Mask => s_mask;
        public ReadOnlySpan<int> TransitionDegrees => s_degrees;
        public int TransitionExemptions => 2;
        public IReadOnlyList<Felt[]> PeriodicColumns => [];
        public ReadOnlySpan<Felt> PublicInput => _publicInput;

        public void EvaluateTransition(ReadOnlySpan<Felt> f, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result)
        {
            Felt sq = f[0] * f[0];
            result[0] = f[2] - sq * sq - f[1] * f[3];
            result[1] = f[4] - f[3] - Felt.One;
        }

        public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom) =>
            [new(0, 0, a0), new(0, 1, a1), new(1, 0, Felt.Zero)];

        public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom) => [];

        public static Felt[][] Trace(int n, Felt a0, Felt a1)
        {
            var a = new Felt[n];
            var b = new Felt[n];
            a[0] = a0;
            a[1] = a1;
            for (int i = 0; i < n; i++) b[i] = Felt.FromUInt64((ulong)i);
            for (int i = 0; i + 2 < n; i++)
            {
                Felt sq = a[i] * a[i];
                a[i + 2] = sq * sq + a[i + 1] * b[i];
            }
            return [a, b];
        }
    }

    [Fact]
    public void Quartic_FourChunksTwoRowsAhead_Verifies()
    {
        var air = new QuarticAir(128, Felt.FromUInt64(3), Felt.FromUInt64(5));
        Assert.Equal(4, AirDomain.CompositionChunks(air));
        StarkProof proof = StarkTestKit.Prove(air, QuarticAir.Trace(128, Felt.FromUInt64(3), Felt.FromUInt64(5)), StarkTestKit.Small(7));
        Assert.Equal(4, proof.OodComposition.Length);
        VerifyResult r = StarkVerifier.Verify(air, proof, 0);
        Assert.True(r.IsValid, r.ToString());
    }

    [Fact]
    public void Quartic_BlowupTwo_RefusedAsTooSmall()
    {
        var air = new QuarticAir(64, Felt.FromUInt64(3), Felt.FromUInt64(5));
        var e = Assert.Throws<ArgumentException>(() =>
            StarkTestKit.Prove(air, QuarticAir.Trace(64, Felt.FromUInt64(3), Felt.FromUInt64(5)), StarkTestKit.Small(6, logBlowup: 1)));
        Assert.Contains("blowup ≥ 4", e.Message);
    }

    [Fact]
    public void Quartic_BadRow_ForcedProofRejected()
    {
        var air = new QuarticAir(64, Felt.FromUInt64(3), Felt.FromUInt64(5));
        Felt[][] trace = QuarticAir.Trace(64, Felt.FromUInt64(3), Felt.FromUInt64(5));
        trace[0][40] += Felt.One;
        Assert.Throws<InvalidOperationException>(() => StarkTestKit.Prove(air, trace, StarkTestKit.Small(6)));
        var prover = new StarkProver(StarkTestKit.Small(6), ProverBackends.Cpu(1)) { CheckDegrees = false };
        Assert.False(StarkVerifier.Verify(air, prover.Prove(air, trace), 0).IsValid);
    }

    [Theory]
    [InlineData(2)] // d = blowup: the domain misses the trace domain, C is evaluated on all of it
    [InlineData(3)] // d < blowup: the domain contains the trace domain, C on every other point off it
    public void Quartic_LowDegreeConstraintsOnHalfThePoints_SameProofBytes(int logBlowup)
    {
        var air = new QuarticAir(128, Felt.FromUInt64(3), Felt.FromUInt64(5));
        Felt[][] trace = QuarticAir.Trace(128, Felt.FromUInt64(3), Felt.FromUInt64(5));
        StarkParameters p = StarkTestKit.Small(7, logBlowup: logBlowup);
        StarkProof split = new StarkProver(p, ProverBackends.Cpu(2)).Prove(air, trace);
        StarkProof whole = new StarkProver(p, ProverBackends.Cpu(2)) { SplitByDegree = false }.Prove(air, trace);
        Assert.Equal(ProofSerializer.Write(whole), ProofSerializer.Write(split));
        Assert.True(StarkVerifier.Verify(air, split, 0).IsValid);
    }

    [Fact]
    public void Quartic_LowDegreeConstraintBroken_RefusedAndForcedProofRejected()
    {
        // b's step (degree 1, evaluated on half the points) broken on one row.
        var air = new QuarticAir(64, Felt.FromUInt64(3), Felt.FromUInt64(5));
        Felt[][] trace = QuarticAir.Trace(64, Felt.FromUInt64(3), Felt.FromUInt64(5));
        trace[1][30] += Felt.One;
        StarkParameters p = StarkTestKit.Small(6, logBlowup: 3);
        Assert.Throws<InvalidOperationException>(() => StarkTestKit.Prove(air, trace, p));
        var prover = new StarkProver(p, ProverBackends.Cpu(1)) { CheckDegrees = false };
        Assert.False(StarkVerifier.Verify(air, prover.Prove(air, trace), 0).IsValid);
    }
}
