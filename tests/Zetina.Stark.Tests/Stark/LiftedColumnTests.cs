using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// Lifted columns (short columns repeated down the trace) committed in short tables: proofs verify across sizes, blowups,
/// domains and FRI arities; changed short tables, roots and lifted constraints are rejected; the v5 encoding is strict.
/// </summary>
public class LiftedColumnTests
{
    private static readonly Lazy<(LiftedAir Air, StarkProof Proof)> s_valid = new(() =>
    {
        var air = new LiftedAir(64, interaction: true);
        return (air, StarkTestKit.Prove(air, air.Trace(), StarkTestKit.Small(6)));
    });

    private static VerifyResult Check(StarkProof p) => StarkVerifier.Verify(s_valid.Value.Air, p, 0);

    public static TheoryData<int, bool, bool, int, int[]> Shapes() => new()
    {
        // n, interaction, cubic (2 chunks: at blowup 2 the domain is the coset 3·⟨ω_N⟩), log blowup, FRI steps
        { 32, false, false, 1, [2, 1] },
        { 64, true, false, 1, [1, 1, 2] },
        { 64, false, false, 2, [3, 1] },
        { 128, true, false, 2, [2, 2, 1] },
        { 64, true, true, 1, [2, 2] },
        { 128, false, true, 2, [1, 2, 2] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Prove_LiftedColumns_Verifies(int n, bool interaction, bool cubic, int logBlowup, int[] steps)
    {
        var air = new LiftedAir(n, interaction, cubic);
        Felt[] random = [Felt.FromUInt64(99)];
        Assert.Empty(TraceChecker.Check(air, WithInteraction(air, air.Trace(), random), random));
        int logN = System.Numerics.BitOperations.Log2((uint)n);
        StarkParameters p = StarkTestKit.Small(logN, steps: steps, logBlowup: logBlowup);
        StarkProof proof = StarkTestKit.Prove(air, air.Trace(), p);
        Assert.Equal(new[] { 2, 4 }, Array.ConvertAll(proof.ShortTables, t => t.Lift));
        Assert.Equal(3, proof.MainOpening.Width);
        Assert.Equal(new[] { 1, 2 }, Array.ConvertAll(proof.ShortTables, t => t.Opening.Width));
        VerifyResult r = StarkVerifier.Verify(air, proof, 0);
        Assert.True(r.IsValid, r.ToString());
        VerifyResult fromBytes = StarkVerifier.Verify(air, ProofSerializer.Write(proof), 0);
        Assert.True(fromBytes.IsValid, fromBytes.ToString());
    }

    [Fact]
    public void CompositionChunks_DegreeTwoLiftedConstraints_OneChunk()
    {
        // Lift s, degree 2, E = 1: 2·(n − s) + s − n = n − s < n. Read as lift 1 (inputs of degree n − 1 over the lifted
        // divisor of degree n − s), the same constraint would need 2(n − 1) − (n − s) = n + s − 2 ≥ n: two chunks.
        Assert.Equal(1, AirDomain.CompositionChunks(new LiftedAir(64)));
        Assert.Equal(1, AirDomain.CompositionChunks(new LiftedAir(64, interaction: true)));
        Assert.Equal(2, AirDomain.CompositionChunks(new LiftedAir(64, cubic: true)));
        var domain = EvaluationDomain.For(new LiftedAir(64), 1);
        Assert.True(domain.ContainsTrace);
    }

    [Fact]
    public void TransitionGroups_Lifted_ExemptTheShortTablesLastRow()
    {
        TransitionGroup[] groups = AirDomain.TransitionGroups(new LiftedAir(64));
        Assert.Equal(new[] { 1, 2, 4 }, Array.ConvertAll(groups, g => g.Lift));
        Assert.Equal(new[] { 63 }, groups[0].ExemptRows);
        Assert.Equal(new[] { 31 }, groups[1].ExemptRows);
        Assert.Equal(new[] { 15 }, groups[2].ExemptRows);
        Assert.Equal(new[] { 2 }, groups[1].Constraints);
        Assert.Equal(new[] { 3, 4 }, groups[2].Constraints);
    }

    [Fact]
    public void ShortTableLeaves_EveryBigRow_FoundAtItsShortLeafAndSlot()
    {
        foreach (int logBig in new[] { 4, 6, 9 })
            foreach (int logArity in new[] { 0, 1, 2, 3 })
                foreach (int logLift in new[] { 1, 2, 3 })
                {
                    int bigN = 1 << logBig, arity = 1 << logArity, lift = 1 << logLift;
                    if (bigN / lift < arity) continue;
                    int m = bigN / arity, shortM = ShortTableLeaves.LeafCount(bigN, lift, arity);
                    Assert.Equal(m / lift, shortM);
                    for (int leaf = 0; leaf < m; leaf++)
                        for (int c = 0; c < arity; c++)
                        {
                            int shortRow = (leaf + c * m) % (bigN / lift);
                            int slot = ShortTableLeaves.Slot(leaf, c, lift, shortM, arity);
                            Assert.Equal(shortRow, leaf % shortM + slot * shortM);
                        }
                }
    }

    [Fact]
    public void ProofSizeModel_LiftedProof_AnUpperBoundWithinTenPercent()
    {
        var air = new LiftedAir(1 << 9, interaction: true);
        var p = new StarkParameters(1, 30, 0, [2, 3, 2], 4, "keccak256");
        byte[] proof = ProofSerializer.Write(StarkTestKit.Prove(air, air.Trace(), p, threads: 2));
        var shape = new ProofShape(9, 3, air.AuxWidth, AirDomain.CompositionChunks(air), air.Mask.Length, [(2, 1), (4, 2)]);
        double model = ProofSizeModel.Bytes(p, shape);
        // The model counts every opened value at 32 bytes; the rows opened on the trace are narrower.
        Assert.InRange(proof.Length, model * 0.7, model * 1.1);
    }

    [Fact]
    public void ShortTable_OpenedValueChanged_RejectedByMerkleCheck() =>
        ShortTableTamper.OpenedValueChanged_Rejected(s_valid.Value.Proof, p => p.ShortTables, (p, t) => p with { ShortTables = t }, "short table", Check);

    [Fact]
    public void ShortTable_RootSwappedOrDropped_Rejected() =>
        ShortTableTamper.RootsSwappedDroppedOrReordered_Rejected(s_valid.Value.Proof, p => p.ShortTables, (p, t) => p with { ShortTables = t },
            s_valid.Value.Proof.MainRoot, Check);

    [Theory]
    [InlineData(1, false)] // the domain contains the trace's: the cheat interpolates, the identity at z fails
    [InlineData(1, true)]  // two chunks at blowup 2: the coset 3·⟨ω_N⟩, composition evaluated on the whole domain
    [InlineData(2, false)]
    public void LiftedConstraintViolated_CheatingProver_Rejected(int logBlowup, bool cubic)
    {
        var air = new LiftedAir(64, interaction: !cubic, cubic);
        Felt[][] trace = air.Trace();
        trace[LiftedAir.X][5] += Felt.One;
        air.RecomputeProducts(trace);
        Felt[] random = [Felt.FromUInt64(99)];
        List<ConstraintFailure> failures = TraceChecker.Check(air, WithInteraction(air, trace, random), random, limit: 64);
        // Short rows 4 and 5 of x fail on both copies; nothing else does.
        Assert.Equal(new ConstraintFailure[] { new(4, false, 2), new(5, false, 2), new(36, false, 2), new(37, false, 2) }, failures);
        StarkParameters p = StarkTestKit.Small(6, logBlowup: logBlowup);
        Assert.Throws<InvalidOperationException>(() => StarkTestKit.Prove(air, trace, p));
        var prover = new StarkProver(p, ProverBackends.Cpu(1)) { CheckDegrees = false };
        Assert.False(StarkVerifier.Verify(air, prover.Prove(air, trace), 0).IsValid);
    }

    [Fact]
    public void TraceChecker_LiftedBoundaryAndLastShortRow_ReportedOnlyWhereViolated()
    {
        var air = new LiftedAir(64);
        Felt[][] trace = air.Trace();
        // y wraps from its last short row (15) to 0 and w is free there: exempt on every copy.
        Assert.Empty(TraceChecker.Check(air, trace, [], limit: 64));
        trace[LiftedAir.Y][3] = Felt.FromUInt64(4);
        List<ConstraintFailure> failures = TraceChecker.Check(air, trace, [], limit: 64);
        Assert.Contains(new ConstraintFailure(19, true, 2), failures); // the boundary at row n/4 + 3 reads short row 3
        Assert.Contains(new ConstraintFailure(2, false, 3), failures);
        Assert.Contains(new ConstraintFailure(51, false, 3), failures);
        Assert.DoesNotContain(failures, f => !f.IsBoundary && f.Row % 16 == 15);
    }

    [Fact]
    public void Prove_LiftedColumnAtFullLength_Refused()
    {
        var air = new LiftedAir(64);
        Felt[][] trace = air.Trace();
        trace[LiftedAir.X] = new Felt[64];
        ArgumentException e = Assert.Throws<ArgumentException>(() => StarkTestKit.Prove(air, trace, StarkTestKit.Small(6)));
        Assert.Contains("column 2 has lift 2", e.Message);
    }

    [Fact]
    public void Prove_ShortTableBelowArity_Refused()
    {
        // n = 32, lift 4, blowup 2: the short table has 16 rows, FRI's first step folds 32.
        var air = new LiftedAir(32);
        ArgumentException e = Assert.Throws<ArgumentException>(() =>
            StarkTestKit.Prove(air, air.Trace(), StarkTestKit.Small(5, steps: [5], lastBound: 1, logBlowup: 1)));
        Assert.Contains("short table of lift 4", e.Message);
    }

    [Fact]
    public void Binary_RoundTrip_Version5()
    {
        StarkProof p = s_valid.Value.Proof;
        byte[] bytes = ProofSerializer.Write(p);
        Assert.Equal(ProofSerializer.VersionWithShortTables, bytes[0]);
        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? read, out _, out string? msg), msg);
        Assert.Equal(bytes, ProofSerializer.Write(read!));
        Assert.Equal(new[] { 2, 4 }, Array.ConvertAll(read!.ShortTables, t => t.Lift));
        Assert.True(StarkVerifier.Verify(s_valid.Value.Air, bytes, 0).IsValid);
    }

    [Fact]
    public void Json_RoundTrip_CarriesShortTables()
    {
        StarkProof p = s_valid.Value.Proof;
        Assert.True(Check(StarkTestKit.Version5JsonRoundTrip(p, "short_tables")).IsValid);
        var (fib, trace) = StarkTestKit.Fibonacci(32);
        Assert.DoesNotContain("short_tables", ProofJson.Write(StarkTestKit.Prove(fib, trace, StarkTestKit.Small(5))));
    }

    [Fact]
    public void Binary_Version4RelabelledAsVersion5_Refused()
    {
        // Its interaction flag is read as the short-table count, its root as lifts and roots: refused, never accepted
        // (LiftedAuxColumnTests has version 5 with empty counts).
        var (fib, trace) = StarkTestKit.Fibonacci(32);
        byte[] v4 = ProofSerializer.Write(StarkTestKit.Prove(fib, trace, StarkTestKit.Small(5)));
        Assert.Equal(ProofSerializer.Version, v4[0]);
        v4[0] = ProofSerializer.VersionWithShortTables;
        Assert.False(ProofSerializer.TryRead(v4, out _, out _, out _));
    }

    [Theory]
    [InlineData(0, 0)] // lift 1
    [InlineData(1, 1)] // lift 2 after lift 2
    [InlineData(1, 0)] // lift 1 after lift 2
    [InlineData(0, 3)] // lift 8 before lift 4
    [InlineData(0, 40)]
    public void Binary_LiftsNotAscendingPowersOfTwoAboveOne_Refused(int table, byte logLift)
    {
        byte[] b = ProofSerializer.Write(s_valid.Value.Proof);
        int at = StarkTestKit.ShortCountAt(b) + 1 + table * 33;
        b[at] = logLift;
        Assert.False(ProofSerializer.TryRead(b, out _, out ProofFormatError e, out _));
        Assert.Equal(ProofFormatError.InvalidField, e);
        Assert.Equal(VerifyError.Malformed, StarkVerifier.Verify(s_valid.Value.Air, b, 0).Error);
    }

    [Fact]
    public void Binary_EveryTruncation_Refused()
    {
        byte[] b = ProofSerializer.Write(s_valid.Value.Proof);
        for (int len = 0; len < b.Length; len += 1 + len / 64)
            Assert.Equal(VerifyError.Malformed, StarkVerifier.Verify(s_valid.Value.Air, b.AsSpan(0, len), 0).Error);
    }

    [Theory]
    [InlineData(new[] { 3, 1 }, new int[0], "lifts for")]
    [InlineData(new[] { 1, 1, 3, 4, 4, 1 }, new int[0], "column lift 3")]
    [InlineData(new[] { 1, 1, 2, 16, 4, 1 }, new int[0], "column lift 16")]
    [InlineData(new[] { 2, 2, 2, 4, 4, 2 }, new int[0], "at least one must have lift 1")]
    [InlineData(new[] { 1, 1, 2, 4, 4, 1 }, new[] { 1, 1, 2 }, "transition lifts for")]
    [InlineData(new[] { 1, 1, 2, 4, 4, 1 }, new[] { 1, 1, 2, 4, 32, 1 }, "transition 4's lift 32")]
    public void Check_BadLifts_Named(int[] columnLifts, int[] transitionLifts, string expected)
    {
        string? error = AirDomain.Check(new RelabelledAir(new LiftedAir(64), columnLifts, transitionLifts.Length == 0 ? [1, 1, 2, 4, 4, 1] : transitionLifts));
        Assert.NotNull(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Check_LiftedConstraintWithRowStep_Refused()
    {
        var air = new RelabelledAir(new LiftedAir(64), [1, 1, 2, 4, 4, 1], [1, 1, 2, 4, 4, 1], steps: [1, 1, 2, 1, 1, 1]);
        Assert.Contains("row step", AirDomain.Check(air));
    }

    /// <summary>The main columns followed by the interaction columns built with <paramref name="random"/> (none without).</summary>
    private static Felt[][] WithInteraction(LiftedAir air, Felt[][] trace, Felt[] random) =>
        air.AuxWidth > 0 ? [.. trace, .. air.BuildAuxColumns(trace, random)] : trace;
}
