using Zetina.Stark.Air;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// Lifted interaction columns committed in short interaction tables: proofs verify across sizes, blowups and FRI arities;
/// changed openings, roots and recurrences are rejected; the v5 encoding carries the short interaction tables strictly.
/// </summary>
public class LiftedAuxColumnTests
{
    private static readonly Felt[] s_random = [Felt.FromUInt64(99)];

    private static readonly Lazy<(LiftedAuxAir Air, StarkProof Proof)> s_valid = new(() =>
    {
        var air = new LiftedAuxAir(64, 4);
        return (air, StarkTestKit.Prove(air, air.Trace(), StarkTestKit.Small(6)));
    });

    private static VerifyResult Check(StarkProof p) => StarkVerifier.Verify(s_valid.Value.Air, p, 0);

    public static TheoryData<int, int, int, int[]> Shapes() => new()
    {
        // n, lift of q and x, log blowup (1: D ⊇ H, shift 1), FRI steps
        { 32, 2, 1, [2, 1] },
        { 64, 4, 1, [1, 1, 2] },
        { 64, 2, 2, [3, 1] },
        { 128, 4, 2, [2, 2, 1] },
        { 128, 2, 1, [2, 3] },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Prove_LiftedAuxColumns_Verifies(int n, int liftQ, int logBlowup, int[] steps)
    {
        var air = new LiftedAuxAir(n, liftQ);
        Assert.Null(AirDomain.Check(air));
        Assert.Empty(TraceChecker.Check(air, WithInteraction(air, air.Trace()), s_random));
        Assert.Equal(1, AirDomain.CompositionChunks(air));
        int logN = System.Numerics.BitOperations.Log2((uint)n);
        StarkParameters p = StarkTestKit.Small(logN, steps: steps, logBlowup: logBlowup);
        if (logBlowup == 1) Assert.True(EvaluationDomain.For(air, 1).ContainsTrace);
        StarkProof proof = StarkTestKit.Prove(air, air.Trace(), p);
        Assert.Equal(new[] { liftQ }, Array.ConvertAll(proof.ShortTables, t => t.Lift));
        Assert.Equal(new[] { 2, 4 }, Array.ConvertAll(proof.ShortAuxTables, t => t.Lift));
        Assert.Equal(1, proof.AuxOpening!.Width);
        Assert.Equal(new[] { 1, 1 }, Array.ConvertAll(proof.ShortAuxTables, t => t.Opening.Width));
        VerifyResult r = StarkVerifier.Verify(air, proof, 0);
        Assert.True(r.IsValid, r.ToString());
        byte[] bytes = ProofSerializer.Write(proof);
        Assert.Equal(ProofSerializer.VersionWithShortTables, bytes[0]);
        VerifyResult fromBytes = StarkVerifier.Verify(air, bytes, 0);
        Assert.True(fromBytes.IsValid, fromBytes.ToString());
    }

    [Fact]
    public void ShortAuxTable_OpenedValueChanged_RejectedNamingTheTable() =>
        ShortTableTamper.OpenedValueChanged_Rejected(s_valid.Value.Proof, p => p.ShortAuxTables, (p, t) => p with { ShortAuxTables = t },
            "short interaction table", Check);

    [Fact]
    public void ShortAuxTable_RootDroppedSwappedOrReordered_Rejected()
    {
        StarkProof p = s_valid.Value.Proof;
        ShortTableTamper.RootsSwappedDroppedOrReordered_Rejected(p, q => q.ShortAuxTables, (q, t) => q with { ShortAuxTables = t }, p.AuxRoot!, Check);
        // The main and interaction short tables of lift 4 exchanged: each root is absorbed in the other's place.
        Assert.False(Check(p with { ShortTables = [p.ShortAuxTables[1]], ShortAuxTables = [p.ShortAuxTables[0], p.ShortTables[0]] }).IsValid);
        Assert.Contains("short interaction table", Check(p with { ShortAuxTables = [p.ShortAuxTables[1], p.ShortAuxTables[0]] }).Message);
    }

    [Theory]
    [InlineData(1)] // the domain contains the trace's: the cheat interpolates, the identity at z fails
    [InlineData(2)]
    public void LiftedAuxRecurrenceBroken_CheatingProver_Rejected(int logBlowup)
    {
        var air = new LiftedAuxAir(64, 4, breakQAt: 5);
        Felt[][] trace = air.Trace();
        StarkParameters p = StarkTestKit.Small(6, logBlowup: logBlowup);
        Assert.Throws<InvalidOperationException>(() => StarkTestKit.Prove(air, trace, p));
        var prover = new StarkProver(p, ProverBackends.Cpu(1)) { CheckDegrees = false };
        VerifyResult r = StarkVerifier.Verify(air, prover.Prove(air, trace), 0);
        Assert.False(r.IsValid);
    }

    [Fact]
    public void TraceChecker_BrokenLiftedAuxRow_ReportedOnEveryCopyButNotTheExemptLastShortRow()
    {
        // q has 16 short rows and wraps from its last (15) to row 0 without q₀ = q₁₅·(x₁₅ + r): exempt on every copy.
        var clean = new LiftedAuxAir(64, 4);
        Assert.Empty(TraceChecker.Check(clean, WithInteraction(clean, clean.Trace()), s_random, limit: 64));
        var air = new LiftedAuxAir(64, 4, breakQAt: 5);
        List<ConstraintFailure> failures = TraceChecker.Check(air, WithInteraction(air, air.Trace()), s_random, limit: 64);
        Assert.Equal(new ConstraintFailure[]
        {
            new(4, false, 2), new(5, false, 2), new(20, false, 2), new(21, false, 2),
            new(36, false, 2), new(37, false, 2), new(52, false, 2), new(53, false, 2),
        }, failures);
        // The last short row changed: the link (row 0 reads q at row n − 1, short row 15) still holds, since p starts from
        // it; only the recurrence into short row 15 fails, and the wrap out of it is exempt.
        var last = new LiftedAuxAir(64, 4, breakQAt: 15);
        failures = TraceChecker.Check(last, WithInteraction(last, last.Trace()), s_random, limit: 64);
        Assert.Equal(new ConstraintFailure[] { new(14, false, 2), new(30, false, 2), new(46, false, 2), new(62, false, 2) }, failures);
    }

    [Fact]
    public void Prove_LiftedAuxColumnAtFullLength_Refused()
    {
        var air = new LiftedAuxAir(64, 4, qAtFullLength: true);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => StarkTestKit.Prove(air, air.Trace(), StarkTestKit.Small(6)));
        Assert.Contains("interaction column 0 of lift 4", e.Message);
    }

    [Fact]
    public void Check_EveryAuxColumnLifted_Refused()
    {
        Assert.Contains("every interaction column is lifted", AirDomain.Check(new RelabelledAir(new LiftedAuxAir(64, 4), auxLifts: [4, 2, 2])));
    }

    [Fact]
    public void Binary_RoundTrip_Version5WithShortAuxTables()
    {
        StarkProof p = s_valid.Value.Proof;
        byte[] bytes = ProofSerializer.Write(p);
        Assert.Equal(ProofSerializer.VersionWithShortTables, bytes[0]);
        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? read, out _, out string? msg), msg);
        Assert.Equal(bytes, ProofSerializer.Write(read!));
        Assert.Equal(new[] { 4 }, Array.ConvertAll(read!.ShortTables, t => t.Lift));
        Assert.Equal(new[] { 2, 4 }, Array.ConvertAll(read.ShortAuxTables, t => t.Lift));
        Assert.True(StarkVerifier.Verify(s_valid.Value.Air, bytes, 0).IsValid);
    }

    [Fact]
    public void Binary_OnlyShortAuxTables_Version5RoundTrips()
    {
        StarkProof p = s_valid.Value.Proof with { ShortTables = [] };
        byte[] bytes = ProofSerializer.Write(p);
        Assert.Equal(ProofSerializer.VersionWithShortTables, bytes[0]);
        Assert.Equal(0, bytes[StarkTestKit.ShortCountAt(bytes)]);
        Assert.True(ProofSerializer.TryRead(bytes, out StarkProof? read, out _, out string? msg), msg);
        Assert.Empty(read!.ShortTables);
        Assert.Equal(new[] { 2, 4 }, Array.ConvertAll(read.ShortAuxTables, t => t.Lift));
        Assert.Equal(bytes, ProofSerializer.Write(read));
        Assert.Equal(VerifyError.ShapeMismatch, Check(read).Error);
    }

    [Fact]
    public void Json_RoundTrip_CarriesShortAuxTables()
    {
        StarkProof p = s_valid.Value.Proof;
        Assert.True(Check(StarkTestKit.Version5JsonRoundTrip(p, "short_aux_tables")).IsValid);
        // Only short interaction tables: still version 5.
        StarkProof auxOnly = p with { ShortTables = [] };
        Assert.DoesNotContain("\"short_tables\"", ProofJson.Write(auxOnly));
        Assert.Equal(2, StarkTestKit.Version5JsonRoundTrip(auxOnly, "short_aux_tables").ShortAuxTables.Length);
        // Short interaction tables out of order are refused.
        string reordered = ProofJson.Write(p with { ShortAuxTables = [p.ShortAuxTables[1], p.ShortAuxTables[0]] });
        Assert.False(ProofJson.TryRead(reordered, out _, out string? error));
        Assert.Contains("short interaction table 1", error);
    }

    [Fact]
    public void Binary_EveryTruncation_Refused()
    {
        byte[] b = ProofSerializer.Write(s_valid.Value.Proof);
        for (int len = 0; len < b.Length; len += 1 + len / 64)
        {
            Assert.False(ProofSerializer.TryRead(b.AsSpan(0, len), out _, out ProofFormatError e, out _));
            Assert.NotEqual(ProofFormatError.None, e);
        }
    }

    [Theory]
    [InlineData(0, 0)] // lift 1
    [InlineData(1, 1)] // lift 2 after lift 2
    [InlineData(0, 2)] // lift 4 before lift 4
    [InlineData(1, 40)]
    public void Binary_AuxLiftsNotAscendingPowersOfTwoAboveOne_Refused(int table, byte logLift)
    {
        byte[] b = ProofSerializer.Write(s_valid.Value.Proof);
        int at = AuxShortCountAt(b);
        Assert.Equal(2, b[at]);
        b[at + 1 + table * 33] = logLift;
        Assert.False(ProofSerializer.TryRead(b, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.InvalidField, e);
        Assert.Contains("short interaction table", msg);
    }

    [Fact]
    public void Binary_Version5WithNoShortTableOfEitherKind_Refused()
    {
        // Version-4 proofs with and without an interaction, given version 5 and an empty main short-table count.
        var (fib, fibTrace) = StarkTestKit.Fibonacci(32);
        var (perm, permTrace) = StarkTestKit.Permutation(32);
        foreach (byte[] v4 in new[] { ProofSerializer.Write(StarkTestKit.Prove(fib, fibTrace, StarkTestKit.Small(5))),
                     ProofSerializer.Write(StarkTestKit.Prove(perm, permTrace, StarkTestKit.Small(5))) })
        {
            Assert.Equal(ProofSerializer.Version, v4[0]);
            var b = new List<byte>(v4);
            b.Insert(StarkTestKit.ShortCountAt(v4), 0);
            b[0] = ProofSerializer.VersionWithShortTables;
            Assert.False(ProofSerializer.TryRead(b.ToArray(), out _, out ProofFormatError e, out string? msg));
            Assert.Equal(ProofFormatError.InvalidField, e);
            Assert.Contains("no short table", msg);
        }
    }

    [Fact]
    public void Binary_InteractionFlagTwoWithoutShortAuxTables_Refused()
    {
        // The valid proof with its short interaction tables' count set to 0: flag 2 announces at least one.
        byte[] b = ProofSerializer.Write(s_valid.Value.Proof);
        int at = AuxShortCountAt(b);
        Assert.Equal(2, b[at - 33]);
        b[at] = 0;
        Assert.False(ProofSerializer.TryRead(b, out _, out ProofFormatError e, out string? msg));
        Assert.Equal(ProofFormatError.InvalidField, e);
        Assert.Contains("flag 2", msg);
        // Flag 2 in version 4 is refused too: version 4 has no short tables.
        var (perm, permTrace) = StarkTestKit.Permutation(32);
        byte[] v4 = ProofSerializer.Write(StarkTestKit.Prove(perm, permTrace, StarkTestKit.Small(5)));
        Assert.Equal(1, v4[StarkTestKit.ShortCountAt(v4)]);
        v4[StarkTestKit.ShortCountAt(v4)] = 2;
        Assert.False(ProofSerializer.TryRead(v4, out _, out e, out _));
        Assert.Equal(ProofFormatError.InvalidField, e);
    }

    [Fact]
    public void Binary_NoShortAuxTables_InteractionFlagOneAndNoCount()
    {
        // Main lifts with an interaction (the Cairo lanes' shape): flag 1 right after the main short tables, the
        // composition root right after the interaction root — the bytes a version-5 proof had before lifted interaction.
        var air = new LiftedAir(64, interaction: true);
        StarkProof p = StarkTestKit.Prove(air, air.Trace(), StarkTestKit.Small(6));
        byte[] b = ProofSerializer.Write(p);
        int at = StarkTestKit.ShortCountAt(b);
        int flagAt = at + 1 + b[at] * 33;
        Assert.Equal(1, b[flagAt]);
        Assert.Equal(p.CompositionRoot, b[(flagAt + 1 + 32)..(flagAt + 1 + 64)]);
    }

    [Fact]
    public void ProofSizeModel_LiftedAuxProof_AnUpperBoundWithinTenPercent()
    {
        var air = new LiftedAuxAir(1 << 9, 4);
        var p = new StarkParameters(1, 30, 0, [2, 3, 2], 4, "keccak256");
        byte[] proof = ProofSerializer.Write(StarkTestKit.Prove(air, air.Trace(), p, threads: 2));
        var shape = new ProofShape(9, 1, 1, AirDomain.CompositionChunks(air), air.Mask.Length, [(4, 1)], [(2, 1), (4, 1)]);
        double model = ProofSizeModel.Bytes(p, shape);
        Assert.InRange(proof.Length, model * 0.7, model * 1.1);
    }

    /// <summary>The byte of the short interaction table count: after the main short tables, the interaction flag (2) and root.</summary>
    private static int AuxShortCountAt(byte[] b)
    {
        int at = StarkTestKit.ShortCountAt(b);
        return at + 1 + b[at] * 33 + 1 + 32;
    }

    /// <summary>The main columns followed by the interaction columns (the lifted ones at their short rows).</summary>
    private static Felt[][] WithInteraction(LiftedAuxAir air, Felt[][] trace) => [.. trace, .. air.BuildAuxColumns(trace, s_random)];
}
