using System.Diagnostics;
using Xunit.Abstractions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// Lifted lanes (docs/cairo-air.md, "Lifted lanes") on stwo's all-builtins run: every builtin 50 times in 2^17 steps,
/// so every lane but keccak's is a short table repeated down the trace.
/// </summary>
public sealed class LiftedLaneTests(ITestOutputHelper output)
{
    private const string Case = "c0_stwo_all_builtins_all_cairo";
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x1234567890abcdef1234567890abcdef"), Felt.Parse("0x777777777777777777"), Felt.Parse("0x3141592653589793238462643383279"));
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x10b"), Felt.Parse("0xe1e"));

    /// <summary>
    /// The lifts worked out by hand from each lane's rows per instance: 50 instances need 50·512 = 25,600 pedersen rows
    /// (a lane of 2^15, lift 4), 6,400 poseidon rows (2^13, lift 16), 12,800 bitwise and ec_op rows (2^14, lift 8), 51
    /// ecdsa blocks of 256 with the spare (2^14), 51 mod blocks of 128 (2^13, lift 16), 51 range_check96 rows (the 64-row
    /// floor, lift 2048); keccak's 102,400 rows need the whole trace.
    /// </summary>
    /// <summary>The case as the prover's input, with the ecdsa signatures of its private input.</summary>
    private static CairoRun Input() => ReferenceRun.ProverInput(Case) with
    {
        EcdsaSignatures = AirPrivateInput.Read(Zetina.Tests.Shared.RepoPaths.SharedFile("testdata", "cairo", Case, "air_private_input.json")).EcdsaSignatures,
    };

    [Fact]
    public void Lift_AllBuiltinsCase_EachLaneAsTallAsItsInstances()
    {
        AirPublicInput pi = ReferenceRun.Load(Case).PublicInput;
        int n = (int)pi.NSteps;
        Assert.Equal(1 << 17, n);
        var expected = new Dictionary<string, int>
        {
            ["pedersen"] = 4, ["poseidon"] = 16, ["bitwise"] = 8, ["ecdsa"] = 8, ["range_check96"] = 2048,
            ["ec_op"] = 8, ["add_mod"] = 16, ["mul_mod"] = 16, ["keccak"] = 1,
        };
        foreach (IBuiltinLane lane in BuiltinLanes.All)
        {
            BuiltinInstances used = BuiltinInstances.From(lane, pi);
            Assert.Equal(50, used.Count);
            Assert.Equal(expected[lane.Builtin], used.Lift(n));
            Assert.Equal(1, used.Lanes(used.LaneRows(n)));
        }
    }

    [Fact]
    public void Lift_MoreInstancesThanOneLaneHolds_FullHeightLanes()
    {
        // 17 pedersen instances in 2^13 rows: one lane holds 16, so two lanes of the whole trace.
        var used = new BuiltinInstances(new PedersenLane(), 100, 17);
        Assert.Equal(1, used.Lift(1 << 13));
        Assert.Equal(2, used.Lanes(used.LaneRows(1 << 13)));
        // One instance: the lane is the 512 rows it needs.
        Assert.Equal(16, new BuiltinInstances(new PedersenLane(), 100, 1).Lift(1 << 13));
        Assert.Equal(1, new BuiltinInstances(new PedersenLane(), 100, 0).Lift(1 << 13));
    }

    [Fact]
    public void Check_AllBuiltinsCase_ShortLanesPassUntilAShortRowIsForged()
    {
        CairoRun run = Input();
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput, run.EcdsaSignatures);
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        int n = t.Shape.Rows;
        ReadOnlySpan<int> lifts = air.ColumnLifts;
        for (int c = 0; c < t.Columns.Length; c++) Assert.Equal(n / lifts[c], t.Columns[c].Length);
        int bitwise = t.Shape.LaneBase(2, 0);
        Assert.Equal(8, lifts[bitwise]);
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.True(f.Count == 0, string.Join("\n", f.Take(20)));

        // Instance 3's x ∧ y cell, in the bitwise lane's short rows: every copy of that row fails alike.
        t.Columns[bitwise + BitwiseLane.MemoryAddress + 1][3 * BitwiseLane.InstanceRows + 2] += Felt.One;
        f = CairoTraceChecker.Check(air, t, s_ch);
        int row0 = 3 * BitwiseLane.InstanceRows, laneRows = n / 8;
        Assert.Contains(new ConstraintFailure(row0, "bitwise[0]_memory_value[2]"), f);
        Assert.Contains(new ConstraintFailure(row0 + 5 * laneRows, "bitwise[0]_memory_value[2]"), f);
    }

    [Fact]
    public void Prove_AllBuiltinsCase_VerifiesUnderProofModeRules()
    {
        CairoRun run = Input();
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2);
        double prove = sw.Elapsed.TotalMilliseconds;
        foreach (IBuiltinLane lane in BuiltinLanes.All) Assert.Equal(1, proof.Statement.Shape.LaneCount(lane.Builtin));
        CairoVerifyResult r = CairoVerifier.Verify(proof.ToJsonBytes(), s_binding);
        output.WriteLine($"{Case}: {run.Trace.Length} steps, prove {prove:F0} ms, stark proof {proof.StarkProof.Length} bytes");
        Assert.True(r.IsValid, r.Message);
        Assert.Equal(CairoStatementRules.ProofMode, r.Rules);
    }
}
