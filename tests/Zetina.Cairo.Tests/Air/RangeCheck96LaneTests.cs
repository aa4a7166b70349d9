using System.Diagnostics;
using System.Numerics;
using Xunit.Abstractions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The range_check96 lane: stwo's all_cairo case (50 values) proved under the default rules, and a value of 2^96
/// refused by the trace builder, caught by the checker and rejected by the verifier when a prover bypasses both.
/// </summary>
public sealed class RangeCheck96LaneTests(ITestOutputHelper output)
{
    private const string Case = "c0_stwo_range_check96_all_cairo";
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x96"), Felt.Parse("0x97"));
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x1234"), Felt.Parse("0x5678"), Felt.Parse("0x9abc"));
    private static readonly Felt s_two96 = Felt.FromBigInteger(BigInteger.One << 96);

    /// <summary>The lane's table index (its lanes' columns in the shape).</summary>
    private static int LaneIndex => CairoTraceShape.LaneBuiltins.ToList().IndexOf("range_check96");

    [Fact]
    public void Prove_StwoRangeCheck96Case_VerifiesUnderProofModeRules()
    {
        CairoRun run = ReferenceRun.ProverInput(Case);
        Assert.Equal("all_cairo", run.PublicInput.Layout);
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2);
        double prove = sw.Elapsed.TotalMilliseconds;
        Assert.Equal(1, proof.Statement.Shape.LaneCount("range_check96"));
        CairoVerifyResult r = CairoVerifier.Verify(proof.ToJsonBytes(), s_binding);
        output.WriteLine($"{Case}: {run.Trace.Length} steps, prove {prove:F0} ms, stark proof {proof.StarkProof.Length} bytes");
        Assert.True(r.IsValid, r.Message);
        Assert.Equal(CairoStatementRules.ProofMode, r.Rules);
        Assert.Equal("all_cairo", r.Layout);
    }

    [Fact]
    public void Build_ValueOf2To96InMemory_ThrowsNamingTheInstance()
    {
        ReferenceRun run = ReferenceRun.Load(Case);
        ulong cell = run.PublicInput.Segment("range_check96").BeginAddr + 3;
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(run.Trace, run.Memory.With(cell, s_two96), run.PublicInput));
        Assert.Contains("range_check96 instance 3", e.Message);
        Assert.Contains("2^96", e.Message);
    }

    [Fact]
    public void Prove_AllCairoRunUsingBuiltinWithoutLane_RefusedNamingTheBuiltin()
    {
        // The same all_cairo run claiming one instance of a builtin this AIR has no lane for (its keccak segment
        // renamed): refused before proving.
        CairoRun run = ReferenceRun.ProverInput(Case);
        AirPublicInput pi = run.PublicInput;
        var segs = pi.MemorySegments.Select(s => s.Name == "keccak" ? new MemorySegment("blake2s", s.BeginAddr, s.BeginAddr + 16) : s).ToList();
        var withOther = new AirPublicInput { Layout = pi.Layout, RcMin = pi.RcMin, RcMax = pi.RcMax, NSteps = pi.NSteps, MemorySegments = segs, PublicMemory = pi.PublicMemory };
        var e = Assert.Throws<CairoTraceException>(() => CairoProver.Prove(run with { PublicInput = withOther }, s_binding, maxThreads: 2));
        Assert.Contains("builtin 'blake2s'", e.Message);
    }

    /// <summary>
    /// The 512-step fibonacci run with a range_check96 segment of three values appended after its last address,
    /// laid out as all_cairo; each value's parts lie in the run's [rc_min, rc_max].
    /// </summary>
    private static (RegisterState[] Trace, MemoryImage Memory, AirPublicInput Input, ulong Begin) SplicedRun()
    {
        ReferenceRun basis = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        AirPublicInput b = basis.PublicInput;
        ulong begin = 0;
        foreach (MemorySegment seg in b.MemorySegments) begin = Math.Max(begin, seg.StopPtr);
        var segs = b.MemorySegments.Where(x => x.Name != "range_check96").ToList();
        segs.Add(new MemorySegment("range_check96", begin, begin + 3));
        var pi = new AirPublicInput { Layout = "all_cairo", RcMin = b.RcMin, RcMax = b.RcMax, NSteps = b.NSteps, MemorySegments = segs, PublicMemory = b.PublicMemory };
        var values = new Felt[3];
        for (int v = 0; v < values.Length; v++)
        {
            BigInteger x = 0;
            for (int i = 5; i >= 0; i--) x = (x << 16) + b.RcMin + ((v + i) % (b.RcMax - b.RcMin + 1));
            values[v] = Felt.FromBigInteger(x);
        }
        ulong[] addrs = [.. basis.Memory.Addresses.ToArray(), begin, begin + 1, begin + 2];
        Felt[] vals = [.. basis.Memory.Values.ToArray(), .. values];
        return (basis.Trace, MemoryImage.FromCells(addrs, vals), pi, begin);
    }

    [Fact]
    public void Check_ValueForgedTo2To96_FailsOnTheInstanceRow()
    {
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, _) = SplicedRun();
        CairoTrace t = CairoTraceBuilder.Build(trace, mem, pi);
        Assert.Equal(1, t.Shape.LaneCount("range_check96"));
        CairoAir air = ReferenceRun.AirFor(t, pi);
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.True(f.Count == 0, string.Join("; ", f.Take(10)));
        // Instance 1 (lane 0, row 1) claims its cell holds 2^96.
        t.Columns[t.Shape.LaneBase(LaneIndex, 0) + RangeCheck96Lane.Value][1] = s_two96;
        f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Row == 1 && x.Constraint == "range_check96[0]_value");
    }

    [Fact]
    public void Check_PartForgedAbove2To16_FailsTheRangeCheckPermutation()
    {
        // The forger keeps value = Σ part_i·2^(16 i) with part 5 = 2^16 (value 2^96 + the rest): the value constraint
        // holds, the range-check permutation does not.
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, _) = SplicedRun();
        CairoTrace t = CairoTraceBuilder.Build(trace, mem, pi);
        CairoAir air = ReferenceRun.AirFor(t, pi);
        int c = t.Shape.LaneBase(LaneIndex, 0);
        Felt old = t.Columns[c + RangeCheck96Lane.Part0 + 5][1];
        t.Columns[c + RangeCheck96Lane.Part0 + 5][1] = 1UL << 16;
        t.Columns[c + RangeCheck96Lane.Value][1] += Felt.FromBigInteger(BigInteger.One << 80) * ((Felt)(1UL << 16) - old);
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.DoesNotContain(f, x => x.Constraint == "range_check96[0]_value");
        Assert.Contains(f, x => x.Constraint.StartsWith("rc_", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_ValueForgedTo2To96InTrace_Rejects()
    {
        // A prover that skips the builder's and checker's checks (and the STARK prover's degree checks).
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, _) = SplicedRun();
        CairoTrace t = CairoTraceBuilder.Build(trace, mem, pi);
        var statement = new CairoStatement { PublicInput = pi, Shape = t.Shape, Binding = s_binding };
        var air = new CairoAir(statement);
        t.Columns[t.Shape.LaneBase(LaneIndex, 0) + RangeCheck96Lane.Value][1] = s_two96;
        StarkParameters p = CairoProver.DefaultParameters(t.Shape.LogRows) with { NQueries = 8, ProofOfWorkBits = 0 };
        StarkProof proof = new StarkProver(p, ProverBackends.Cpu(2)) { CheckDegrees = false }.Prove(air, t.Columns);
        var doc = new CairoProof { Statement = statement, StarkProof = ProofSerializer.Write(proof) };
        Assert.Equal(CairoVerifyError.ProofInvalid, CairoVerifier.Verify(doc.ToJsonBytes(), s_binding, minimumSecurityBits: 0, rules: CairoStatementRules.AirOnly).Error);
    }
}
