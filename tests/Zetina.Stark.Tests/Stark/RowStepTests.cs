using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>Transitions with a row step hold on every step-th row only (divisor x^(n/step) − 1).</summary>
public class RowStepTests
{
    /// <summary>a_{i+1} = a_i + 1 on every row but the last; b_i = a_i² on rows i ≡ 0 (mod 4) only.</summary>
    private sealed class StepAir(int n) : IAir
    {
        private static readonly MaskEntry[] s_mask = [new(0, 0), new(1, 0), new(0, 1)];
        private static readonly int[] s_degrees = [1, 2];
        private static readonly int[] s_steps = [1, 4];
        public string Name => "row-step-test";
        public int TraceLength => n;
        public int MainWidth => 2;
        public int AuxWidth => 0;
        public int AuxRandomCount => 0;
        public ReadOnlySpan<MaskEntry> Mask => s_mask;
        public ReadOnlySpan<int> TransitionDegrees => s_degrees;
        public ReadOnlySpan<int> TransitionRowSteps => s_steps;
        public int TransitionExemptions => 1;
        public IReadOnlyList<Felt[]> PeriodicColumns => [];
        public ReadOnlySpan<Felt> PublicInput => default;

        public void EvaluateTransition(ReadOnlySpan<Felt> frame, ReadOnlySpan<Felt> periodic, ReadOnlySpan<Felt> auxRandom, Span<Felt> result)
        {
            result[0] = frame[2] - frame[0] - Felt.One;
            result[1] = frame[1] - frame[0] * frame[0];
        }

        public IReadOnlyList<BoundaryConstraint> BoundaryConstraints(ReadOnlySpan<Felt> auxRandom) => [new(0, 0, Felt.FromUInt64(5))];

        public Felt[][] BuildAuxColumns(IReadOnlyList<Felt[]> mainColumns, ReadOnlySpan<Felt> auxRandom) => [];

        public static Felt[][] Trace(int n)
        {
            var a = new Felt[n];
            var b = new Felt[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = Felt.FromUInt64((ulong)(5 + i));
                b[i] = i % 4 == 0 ? a[i] * a[i] : Felt.FromUInt64((ulong)(1000 + 7 * i));
            }
            return [a, b];
        }
    }

    [Fact]
    public void RowStep_OffRowsFree_Verifies()
    {
        var air = new StepAir(64);
        Assert.Equal(2, AirDomain.CompositionChunks(air)); // 2·(n − 1) − n/4 ≥ n: two chunks
        StarkProof proof = StarkTestKit.Prove(air, StepAir.Trace(64), StarkTestKit.Small(6));
        VerifyResult r = StarkVerifier.Verify(air, proof, 0);
        Assert.True(r.IsValid, r.ToString());
    }

    [Fact]
    public void RowStep_ViolatedOnStepRow_Rejected()
    {
        var air = new StepAir(64);
        Felt[][] trace = StepAir.Trace(64);
        trace[1][8] += Felt.One;
        Assert.Contains(new ConstraintFailure(8, false, 1), TraceChecker.Check(air, trace, []));
        Assert.Throws<InvalidOperationException>(() => StarkTestKit.Prove(air, trace, StarkTestKit.Small(6)));
        var prover = new StarkProver(StarkTestKit.Small(6), ProverBackends.Cpu(1)) { CheckDegrees = false };
        Assert.False(StarkVerifier.Verify(air, prover.Prove(air, trace), 0).IsValid);
    }
}
