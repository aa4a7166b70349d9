using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>Changing any single part of a valid proof, or the statement, gets the proof rejected.</summary>
public class StarkSoundnessTests
{
    private static readonly Lazy<(PermutationAir Air, StarkProof Proof)> s_valid = new(() =>
    {
        var (air, trace) = StarkTestKit.Permutation(64);
        return (air, StarkTestKit.Prove(air, trace, StarkTestKit.Small(6)));
    });

    private static void AssertRejected(StarkProof tampered, string what)
    {
        VerifyResult r = StarkVerifier.Verify(s_valid.Value.Air, tampered, 0);
        Assert.False(r.IsValid, $"accepted with {what} changed");
    }

    private static byte[] Flip(byte[] d)
    {
        var c = (byte[])d.Clone();
        c[5] ^= 0x10;
        return c;
    }

    private static Felt[] Bump(Felt[] xs, int i)
    {
        var c = (Felt[])xs.Clone();
        c[i] += Felt.One;
        return c;
    }

    private static byte[][] FlipAt(byte[][] ds, int i)
    {
        var c = (byte[][])ds.Clone();
        c[i] = Flip(ds[i]);
        return c;
    }

    [Fact]
    public void Valid_Baseline_Accepted() => Assert.True(StarkVerifier.Verify(s_valid.Value.Air, s_valid.Value.Proof, 0).IsValid);

    [Fact]
    public void AnyRoot_Changed_Rejected()
    {
        StarkProof p = s_valid.Value.Proof;
        AssertRejected(p with { MainRoot = Flip(p.MainRoot) }, "main root");
        AssertRejected(p with { AuxRoot = Flip(p.AuxRoot!) }, "interaction root");
        AssertRejected(p with { CompositionRoot = Flip(p.CompositionRoot) }, "composition root");
        for (int i = 0; i < p.FriRoots.Length; i++) AssertRejected(p with { FriRoots = FlipAt(p.FriRoots, i) }, $"FRI root {i}");
    }

    [Fact]
    public void AnyMerkleNode_Changed_Rejected()
    {
        StarkProof p = s_valid.Value.Proof;
        for (int i = 0; i < p.MainOpening.Siblings.Length; i++)
            AssertRejected(p with { MainOpening = p.MainOpening with { Siblings = FlipAt(p.MainOpening.Siblings, i) } }, $"main node {i}");
        for (int i = 0; i < p.AuxOpening!.Siblings.Length; i++)
            AssertRejected(p with { AuxOpening = p.AuxOpening with { Siblings = FlipAt(p.AuxOpening.Siblings, i) } }, $"aux node {i}");
        for (int i = 0; i < p.CompositionOpening.Siblings.Length; i++)
            AssertRejected(p with { CompositionOpening = p.CompositionOpening with { Siblings = FlipAt(p.CompositionOpening.Siblings, i) } }, $"composition node {i}");
        for (int l = 0; l < p.FriOpenings.Length; l++)
            for (int i = 0; i < p.FriOpenings[l].Siblings.Length; i++)
            {
                var layers = (FriLayerOpening[])p.FriOpenings.Clone();
                layers[l] = layers[l] with { Siblings = FlipAt(layers[l].Siblings, i) };
                AssertRejected(p with { FriOpenings = layers }, $"FRI layer {l} node {i}");
            }
    }

    [Fact]
    public void AnyOpenedValue_Changed_Rejected()
    {
        StarkProof p = s_valid.Value.Proof;
        for (int i = 0; i < p.MainOpening.Values.Length; i += 3)
            AssertRejected(p with { MainOpening = p.MainOpening with { Values = Bump(p.MainOpening.Values, i) } }, $"main value {i}");
        for (int i = 0; i < p.AuxOpening!.Values.Length; i += 3)
            AssertRejected(p with { AuxOpening = p.AuxOpening with { Values = Bump(p.AuxOpening.Values, i) } }, $"aux value {i}");
        for (int i = 0; i < p.CompositionOpening.Values.Length; i += 3)
            AssertRejected(p with { CompositionOpening = p.CompositionOpening with { Values = Bump(p.CompositionOpening.Values, i) } }, $"composition value {i}");
        for (int l = 0; l < p.FriOpenings.Length; l++)
            for (int i = 0; i < p.FriOpenings[l].Values.Length; i++)
            {
                var layers = (FriLayerOpening[])p.FriOpenings.Clone();
                layers[l] = layers[l] with { Values = Bump(layers[l].Values, i) };
                AssertRejected(p with { FriOpenings = layers }, $"FRI layer {l} value {i}");
            }
    }

    [Fact]
    public void LastLayerOodOrNonce_Changed_Rejected()
    {
        StarkProof p = s_valid.Value.Proof;
        for (int i = 0; i < p.FriLastLayer.Length; i++) AssertRejected(p with { FriLastLayer = Bump(p.FriLastLayer, i) }, $"last layer {i}");
        for (int i = 0; i < p.OodTrace.Length; i++) AssertRejected(p with { OodTrace = Bump(p.OodTrace, i) }, $"OOD trace {i}");
        for (int i = 0; i < p.OodComposition.Length; i++) AssertRejected(p with { OodComposition = Bump(p.OodComposition, i) }, $"OOD composition {i}");
        for (ulong d = 1; d <= 3; d++) AssertRejected(p with { PowNonce = p.PowNonce + d }, $"nonce + {d}");
    }

    [Fact]
    public void Parameters_Changed_Rejected()
    {
        StarkProof p = s_valid.Value.Proof;
        AssertRejected(p with { Parameters = p.Parameters with { NQueries = p.Parameters.NQueries - 1 } }, "n_queries");
        AssertRejected(p with { Parameters = p.Parameters with { ProofOfWorkBits = 0 } }, "proof_of_work_bits");
        AssertRejected(p with { Parameters = p.Parameters with { Hash = "blake2s256" } }, "hash");
        AssertRejected(p with { LogTraceLength = 7 }, "trace length");
        Assert.Equal(VerifyError.SecurityTooLow, StarkVerifier.Verify(s_valid.Value.Air, p, 96).Error);
    }

    [Fact]
    public void PublicInput_Changed_Rejected()
    {
        StarkProof p = s_valid.Value.Proof;
        var otherExecutor = new PermutationAir(64, StarkTestKit.JobId, StarkTestKit.Executor + Felt.One);
        Assert.False(StarkVerifier.Verify(otherExecutor, p, 0).IsValid);
        var otherJob = new PermutationAir(64, StarkTestKit.JobId + Felt.One, StarkTestKit.Executor);
        Assert.False(StarkVerifier.Verify(otherJob, p, 0).IsValid);

        var (fib, trace) = StarkTestKit.Fibonacci(64);
        StarkProof fp = StarkTestKit.Prove(fib, trace, StarkTestKit.Small(6));
        Assert.True(StarkVerifier.Verify(fib, fp, 0).IsValid);
        var wrongResult = new FibonacciAir(64, Felt.One, Felt.One, fib.Result + Felt.One, StarkTestKit.JobId, StarkTestKit.Executor);
        Assert.False(StarkVerifier.Verify(wrongResult, fp, 0).IsValid);
    }

    [Fact]
    public void ViolatedConstraint_ProverRefuses()
    {
        var (air, trace) = StarkTestKit.Fibonacci(64);
        trace[1][20] += Felt.One;
        Assert.Throws<InvalidOperationException>(() => StarkTestKit.Prove(air, trace, StarkTestKit.Small(6)));
    }

    [Theory]
    [InlineData(20)]
    [InlineData(63)]
    [InlineData(0)]
    public void ViolatedConstraint_ForcedProof_Rejected(int row)
    {
        var (air, trace) = StarkTestKit.Fibonacci(64);
        trace[0][row] += Felt.One;
        var prover = new StarkProver(StarkTestKit.Small(6), ProverBackends.Cpu(1)) { CheckDegrees = false };
        StarkProof proof = prover.Prove(air, trace);
        Assert.False(StarkVerifier.Verify(air, proof, 0).IsValid);
    }

    [Fact]
    public void NotAPermutation_ForcedProof_Rejected()
    {
        var (air, trace) = StarkTestKit.Permutation(64);
        trace[1][7] = trace[1][8];
        var prover = new StarkProver(StarkTestKit.Small(6), ProverBackends.Cpu(1)) { CheckDegrees = false };
        Assert.False(StarkVerifier.Verify(air, prover.Prove(air, trace), 0).IsValid);
    }
}

/// <summary>The row-by-row oracle.</summary>
public class TraceCheckerTests
{
    [Fact]
    public void Check_HonestTraces_NoFailures()
    {
        var (fib, ft) = StarkTestKit.Fibonacci(32);
        Assert.Empty(Zetina.Stark.Air.TraceChecker.Check(fib, ft, []));
        var (perm, pt) = StarkTestKit.Permutation(32);
        Felt[] gamma = [Felt.FromUInt64(99)];
        Felt[][] all = [.. pt, .. perm.BuildAuxColumns(pt, gamma)];
        Assert.Empty(Zetina.Stark.Air.TraceChecker.Check(perm, all, gamma));
    }

    [Fact]
    public void Check_OneBadCell_NamesRowsAndConstraints()
    {
        var (fib, ft) = StarkTestKit.Fibonacci(32);
        ft[1][10] += Felt.One;
        var failures = Zetina.Stark.Air.TraceChecker.Check(fib, ft, []);
        Assert.Contains(new Zetina.Stark.Air.ConstraintFailure(9, false, 1), failures);
        Assert.Contains(new Zetina.Stark.Air.ConstraintFailure(10, false, 0), failures);
        var e = Assert.Throws<InvalidOperationException>(() => StarkTestKit.Prove(fib, ft, StarkTestKit.Small(5)));
        Assert.Contains("transition constraint 1 at row 9", e.Message);
    }
}
