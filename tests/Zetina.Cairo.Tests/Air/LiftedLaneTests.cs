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

    /// <summary>The case as the prover's input, with the ecdsa signatures of its private input.</summary>
    private static CairoRun Input() => ReferenceRun.ProverInput(Case) with
    {
        EcdsaSignatures = AirPrivateInput.Read(Zetina.Tests.Shared.RepoPaths.SharedFile("testdata", "cairo", Case, "air_private_input.json")).EcdsaSignatures,
    };

    /// <summary>
    /// The lane heights worked out by hand from each lane's rows per instance: 50 instances need 50·512 = 25,600
    /// pedersen rows (a lane of 2^15), 6,400 poseidon rows (2^13), 12,800 bitwise and ec_op rows (2^14), 51 ecdsa
    /// blocks of 256 with the spare (2^14), 51 mod blocks of 128 (2^13), 51 range_check96 rows (the 64-row floor);
    /// keccak's 102,400 rows take the whole trace.
    /// </summary>
    [Fact]
    public void LaneHeights_AllBuiltinsCase_EachLaneAsTallAsItsInstances()
    {
        AirPublicInput pi = ReferenceRun.Load(Case).PublicInput;
        int n = (int)pi.NSteps;
        Assert.Equal(1 << 17, n);
        var expected = new Dictionary<string, int[]>
        {
            ["pedersen"] = [1 << 15], ["poseidon"] = [1 << 13], ["bitwise"] = [1 << 14], ["ecdsa"] = [1 << 14], ["range_check96"] = [64],
            ["ec_op"] = [1 << 14], ["add_mod"] = [1 << 13], ["mul_mod"] = [1 << 13], ["keccak"] = [1 << 17],
        };
        foreach (IBuiltinLane lane in BuiltinLanes.All)
        {
            BuiltinInstances used = BuiltinInstances.From(lane, pi);
            Assert.Equal(50, used.Count);
            int[] heights = used.LaneHeights(n);
            Assert.Equal(expected[lane.Builtin], heights);
            // Every instance in exactly one lane, in order.
            int next = 0;
            for (int l = 0; l < heights.Length; l++)
            {
                BuiltinInstances share = used.InLane(l, heights);
                Assert.Equal(next, share.First);
                Assert.Equal(used.Cell(next), share.Cell(0));
                next += share.Count;
            }
            Assert.Equal(50, next);
        }
    }

    [Fact]
    public void LaneHeights_MoreInstancesThanOneLaneHolds_FullHeightLanesThenTheRest()
    {
        // 17 pedersen instances in 2^13 rows: one full lane holds 16, the 17th a lane of its own 512 rows.
        var used = new BuiltinInstances(new PedersenLane(), 100, 17);
        Assert.Equal([1 << 13, 512], used.LaneHeights(1 << 13));
        // One instance: the lane is the 512 rows it needs; none: no lanes.
        Assert.Equal([512], new BuiltinInstances(new PedersenLane(), 100, 1).LaneHeights(1 << 13));
        Assert.Empty(new BuiltinInstances(new PedersenLane(), 100, 0).LaneHeights(1 << 13));
        // 9 pedersen instances need 4,608 rows: the lane of 2^13; 33 in 2^13 rows: two full lanes and one of 512.
        Assert.Equal([1 << 13], new BuiltinInstances(new PedersenLane(), 100, 9).LaneHeights(1 << 13));
        Assert.Equal([1 << 13, 1 << 13, 512], new BuiltinInstances(new PedersenLane(), 100, 33).LaneHeights(1 << 13));
        // The modular lanes keep a never-active last block: 40 instances need 41 blocks of 128 rows, 2^13.
        Assert.Equal([1 << 13], new BuiltinInstances(new ModLane(ModOperation.Add), 100, 40).LaneHeights(1 << 13));
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

    /// <summary>
    /// A lifted lane's short memory product (the pedersen run: one lane of 2^12 rows in 2^14): started anywhere but where
    /// the trace-long product ends, the row-0 link fails; changed on one row, the product's own constraint fails there; a
    /// short entry changed with its product recomputed (so the chain holds) leaves the end assertion off.
    /// </summary>
    [Fact]
    public void Check_ShortProductForged_NamesTheLinkTheRowOrTheEnd()
    {
        ReferenceRun run = ReferenceRun.Load("c1_dipdup_hash_pedersen_recursive_large_output");
        CairoTrace t = run.BuildTrace();
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        Felt[] r = [s_ch.MemoryZ, s_ch.MemoryAlpha, s_ch.RangeCheckZ];
        int i = air.Shape.ShortMemorySlots.ToList().FindIndex(x => x.Name == "pedersen[0]");
        ShortSlot slot = air.Shape.ShortMemorySlots[i];
        int q = air.Shape.ShortMemoryProduct(i);
        Assert.Equal(4, slot.Lift);
        Felt[][] Aux() => air.BuildAuxColumns(t.Columns, r);
        Assert.Empty(CairoTraceChecker.Check(air, t.Columns, Aux(), r));

        Felt[][] aux = Aux();
        for (int row = 0; row < aux[q].Length; row++) aux[q][row] *= Felt.FromUInt64(2);
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t.Columns, aux, r);
        Assert.Contains(new ConstraintFailure(0, $"pedersen[0]_column{slot.Column}_memory_product_link"), f);
        Assert.Contains(f, x => x.Constraint == "memory_public_product_end");

        aux = Aux();
        aux[q][100] += Felt.One;
        f = CairoTraceChecker.Check(air, t.Columns, aux, r);
        Assert.Contains(new ConstraintFailure(99, $"pedersen[0]_column{slot.Column}_memory_product"), f);

        // The lane's hash cell of instance 0 claims another value, and the short product is rebuilt from it: every
        // transition of the chain holds, the lane's own memory_value does not, nor does the public end.
        t.Columns[slot.Column + 1][PedersenLane.OutputRow] += Felt.One;
        f = CairoTraceChecker.Check(air, t.Columns, Aux(), r);
        Assert.DoesNotContain(f, x => x.Constraint.Contains("_memory_product", StringComparison.Ordinal));
        Assert.Contains(f, x => x.Constraint == "memory_public_product_end");
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
