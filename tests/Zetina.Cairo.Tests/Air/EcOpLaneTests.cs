using System.Numerics;
using System.Text;
using Xunit.Abstractions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Crypto;
using FeltValue = Zetina.Stark.Air.FeltValue;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The ec_op lane: random instances computed by our VM's ec_op (the oracle) satisfy every constraint; a forged
/// result is caught by the builder, the checker and the verifier; points off the curve and scalar patterns ≥ p fail
/// their named constraints; our VM's proof-mode run that calls ec_op once proves and verifies under the default rules.
/// </summary>
public sealed class EcOpLaneTests(ITestOutputHelper output)
{
    private static readonly EcOpLane s_lane = new();
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x1234"), Felt.Parse("0x5678"), Felt.Parse("0x9abc"));
    private static readonly CairoBinding s_binding = new(Felt.Parse("0xec"), Felt.Parse("0x0b"));
    private static readonly BigInteger s_p = (BigInteger.One << 251) + 17 * (BigInteger.One << 192) + 1;

    /// <summary>The lane's table index (its lanes' columns in the shape).</summary>
    private static int LaneIndex => CairoTraceShape.LaneBuiltins.ToList().IndexOf("ec_op");

    private static BigInteger RandomBelow(Random rng, BigInteger bound)
    {
        var bytes = new byte[33];
        rng.NextBytes(bytes);
        bytes[^1] = 0;
        return new BigInteger(bytes) % bound;
    }

    /// <summary>Seven cells (p_x, p_y, q_x, q_y, m, r_x, r_y) with R from our VM's ec_op.</summary>
    private static Felt[] Cells(EcPoint p, EcPoint q, in Felt m)
    {
        (Felt rx, Felt ry) = CryptoPrimitives.EcOp(p.X, p.Y, q.X, q.Y, m, new Zetina.Cairo.Vm.Relocatable(0, 0));
        return [p.X, p.Y, q.X, q.Y, m, rx, ry];
    }

    /// <summary>Random instances: P, Q random multiples of G, m uniform below p; the first two m are p − 1 and 0.</summary>
    private static List<Felt[]> RandomInstances(int seed, int count)
    {
        var rng = new Random(seed);
        var list = new List<Felt[]>();
        for (int i = 0; i < count; i++)
        {
            EcPoint p = StarkCurve.Multiply(StarkCurve.Generator, 1 + RandomBelow(rng, StarkCurve.Order - 1));
            EcPoint q = StarkCurve.Multiply(StarkCurve.Generator, 1 + RandomBelow(rng, StarkCurve.Order - 1));
            BigInteger m = i == 0 ? s_p - 1 : i == 1 ? BigInteger.Zero : RandomBelow(rng, s_p);
            list.Add(Cells(p, q, Felt.FromBigInteger(m)));
        }
        return list;
    }

    /// <summary>
    /// The 512-step fibonacci run with an ec_op segment of the given instances appended after its last address,
    /// laid out as all_cairo (a 512-row trace: two instances a lane).
    /// </summary>
    private static (RegisterState[] Trace, MemoryImage Memory, AirPublicInput Input, ulong Begin) SplicedRun(List<Felt[]> instances)
    {
        ReferenceRun basis = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        AirPublicInput b = basis.PublicInput;
        ulong begin = 0;
        foreach (MemorySegment seg in b.MemorySegments) begin = Math.Max(begin, seg.StopPtr);
        ulong cells = (ulong)(EcOpLane.CellsPerInstance * instances.Count);
        var segs = b.MemorySegments.Where(x => x.Name != "ec_op").ToList();
        segs.Add(new MemorySegment("ec_op", begin, begin + cells));
        var pi = new AirPublicInput { Layout = "all_cairo", RcMin = b.RcMin, RcMax = b.RcMax, NSteps = b.NSteps, MemorySegments = segs, PublicMemory = b.PublicMemory };
        var addrs = basis.Memory.Addresses.ToArray().ToList();
        var vals = basis.Memory.Values.ToArray().ToList();
        for (int k = 0; k < instances.Count; k++)
            for (int j = 0; j < EcOpLane.CellsPerInstance; j++)
            {
                addrs.Add(begin + (ulong)(EcOpLane.CellsPerInstance * k + j));
                vals.Add(instances[k][j]);
            }
        return (basis.Trace, MemoryImage.FromCells([.. addrs], [.. vals]), pi, begin);
    }

    [Fact]
    public void Check_RandomInstancesComputedByVmEcOp_SatisfiesAllConstraints()
    {
        int seed = Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, _) = SplicedRun(RandomInstances(seed, 5));
        CairoTrace t = CairoTraceBuilder.Build(trace, mem, pi);
        Assert.True(t.Shape.LaneCount("ec_op") == 3, $"seed {seed}: {t.Shape.LaneCount("ec_op")} lanes");
        List<ConstraintFailure> f = CairoTraceChecker.Check(ReferenceRun.AirFor(t, pi), t, s_ch);
        Assert.True(f.Count == 0, $"seed {seed}: " + string.Join("; ", f.Take(10)));
    }

    [Fact]
    public void Check_SharedCairo1EcdsaRun_SatisfiesAllConstraints()
    {
        // cairo1-run's check_ecdsa_signature in the starknet layout: three ec_op instances from cairo-vm's runner.
        ReferenceRun run = ReferenceRun.Load("c1_dipdup_ecdsa_starknet");
        CairoTrace t = run.BuildTrace();
        Assert.Equal(1, t.Shape.LaneCount("ec_op"));
        // Challenges far from the run's small addresses and values (0x1234 is an address holding 0 here).
        var ch = new CairoChallenges(Felt.Parse("0x3a1f5e9c27b4d8061fe2c3b5a7d9e1f2"), Felt.Parse("0x5c7e9a1b3d5f70819ab2c4d6e8f0a1b3"), Felt.Parse("0x2b4d6f8091a3c5e7f9b1d3e5a7c9e0f1"));
        List<ConstraintFailure> f = CairoTraceChecker.Check(ReferenceRun.AirFor(t, run.PublicInput), t, ch);
        Assert.True(f.Count == 0, string.Join("; ", f.Take(10)));
    }

    [Fact]
    public void Check_ResultXForgedInTrace_FailsNamingTheInstance()
    {
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, _) = SplicedRun(RandomInstances(7, 4));
        CairoTrace t = CairoTraceBuilder.Build(trace, mem, pi);
        CairoAir air = ReferenceRun.AirFor(t, pi);
        // Instance 3 is lane 1's block 1 (rows 256–511); its r_x sits in the memory slot on the block's row 5.
        t.Columns[t.Shape.LaneBase(LaneIndex, 1) + EcOpLane.MemoryAddress + 1][EcOpLane.InstanceRows + 5] += Felt.One;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Row == EcOpLane.InstanceRows && x.Constraint == "ec_op[1]_memory_value[5]");
    }

    [Fact]
    public void Build_ResultXForgedInMemory_ThrowsNamingTheInstance()
    {
        List<Felt[]> inst = RandomInstances(11, 4);
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, ulong begin) = SplicedRun(inst);
        ulong rx = begin + 7 * 2 + 5;
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(trace, mem.With(rx, inst[2][5] + Felt.One), pi));
        Assert.Contains("ec_op instance 2", e.Message);
    }

    [Fact]
    public void Build_POffTheCurve_ThrowsNamingTheInstance()
    {
        List<Felt[]> inst = RandomInstances(13, 3);
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, ulong begin) = SplicedRun(inst);
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(trace, mem.With(begin + 7 + 1, inst[1][1] + Felt.One), pi));
        Assert.Contains("ec_op instance 1", e.Message);
        Assert.Contains("not on the curve", e.Message);
    }

    [Fact]
    public void Verify_ResultXForgedInTrace_Rejects()
    {
        // A prover that skips the builder's and checker's checks (and the STARK prover's degree checks).
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, _) = SplicedRun(RandomInstances(17, 2));
        CairoTrace t = CairoTraceBuilder.Build(trace, mem, pi);
        var statement = new CairoStatement { PublicInput = pi, Shape = t.Shape, Binding = s_binding };
        var air = new CairoAir(statement);
        t.Columns[t.Shape.LaneBase(LaneIndex, 0) + EcOpLane.MemoryAddress + 1][5] += Felt.One;
        StarkParameters p = CairoProver.DefaultParameters(t.Shape.LogRows) with { NQueries = 8, ProofOfWorkBits = 0 };
        StarkProof proof = new StarkProver(p, ProverBackends.Cpu(2)) { CheckDegrees = false }.Prove(air, t.Columns);
        var doc = new CairoProof { Statement = statement, StarkProof = ProofSerializer.Write(proof) };
        Assert.Equal(CairoVerifyError.ProofInvalid, CairoVerifier.Verify(doc.ToJsonBytes(), s_binding, minimumSecurityBits: 0, rules: CairoStatementRules.AirOnly).Error);
    }

    /// <summary>
    /// One lane of two blocks evaluated alone: block 0 computes <paramref name="first"/> (active, its memory slot
    /// holding its cells at begin 100; written by <see cref="FillBlockAllowingEqualX"/> when <paramref name="onEqualX"/>
    /// is given), block 1 the dummy. Returns the failures as "row:name".
    /// </summary>
    private static List<string> CheckLane(EcOpLane.Instance first, Action<Felt[][], int>? onEqualX = null)
    {
        const int n = 2 * EcOpLane.InstanceRows;
        var cols = new Felt[EcOpLane.Width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = new Felt[n];
        EcPoint r = onEqualX is null ? EcOpLane.FillBlock(cols, 0, 0, first, "test") : FillBlockAllowingEqualX(cols, first, onEqualX);
        EcOpLane.FillBlock(cols, 0, EcOpLane.InstanceRows, EcOpLane.Dummy, "test");
        EcOpLane.FillHelpers(cols, 0, n);
        Felt[] e = [first.P.X, first.P.Y, first.Q.X, first.Q.Y, Felt.FromBigInteger(first.M % s_p), r.X, r.Y];
        for (int row = 0; row < n; row++) cols[EcOpLane.Cell][row] = row < EcOpLane.InstanceRows ? 100UL : 107UL;
        for (int j = 0; j < EcOpLane.InstanceRows; j++) cols[EcOpLane.Active][j] = Felt.One;
        cols[EcOpLane.Selector][0] = Felt.One;
        for (int j = 0; j < e.Length; j++) { cols[EcOpLane.MemoryAddress][j] = 100UL + (ulong)j; cols[EcOpLane.MemoryAddress + 1][j] = e[j]; }
        var names = new List<string>();
        s_lane.AddConstraints(0, (name, _) => names.Add(name));
        IReadOnlyList<(int Column, int Row)> next = s_lane.NextEntries;
        IReadOnlyList<Felt[]> per = s_lane.Periodic;
        var frame = new Felt[cols.Length + next.Count];
        int[] at = Enumerable.Range(cols.Length, next.Count).ToArray();
        var p = new Felt[per.Count];
        var result = new Felt[names.Count];
        var failures = new List<string>();
        for (int row = 0; row < n - 1; row++)
        {
            for (int c = 0; c < cols.Length; c++) frame[c] = cols[c][row];
            for (int i = 0; i < next.Count; i++) frame[cols.Length + i] = cols[next[i].Column][(row + next[i].Row) % n];
            for (int j = 0; j < p.Length; j++) p[j] = per[j][row % per[j].Length];
            int o = 0;
            s_lane.Evaluate(FeltValue.Of(frame), 0, at, FeltValue.Of(p), FeltValue.Of(result.AsSpan()), ref o);
            Assert.Equal(names.Count, o);
            for (int k = 0; k < result.Length; k++) if (!result[k].IsZero) failures.Add($"{row}:{names[k]}");
        }
        return failures;
    }

    private static EcOpLane.Instance Instance(BigInteger a, BigInteger b, BigInteger m) =>
        new(StarkCurve.Multiply(StarkCurve.Generator, a), StarkCurve.Multiply(StarkCurve.Generator, b), m);

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("p-1")]
    [InlineData("p-2")]
    [InlineData("2^251+2^196-1")]
    [InlineData("2^251+2^196")]
    public void Lane_CanonicalScalar_SatisfiesAll(string scalar)
    {
        BigInteger m = scalar switch
        {
            "p-1" => s_p - 1,
            "p-2" => s_p - 2,
            "2^251+2^196-1" => (BigInteger.One << 251) + (BigInteger.One << 196) - 1,
            "2^251+2^196" => (BigInteger.One << 251) + (BigInteger.One << 196),
            _ => BigInteger.Parse(scalar),
        };
        EcOpLane.Instance inst = Instance(12345, 67890, m);
        List<string> f = CheckLane(inst);
        Assert.True(f.Count == 0, string.Join("; ", f.Take(10)));
        // The block's result is our VM's ec_op.
        (Felt rx, _) = CryptoPrimitives.EcOp(inst.P.X, inst.P.Y, inst.Q.X, inst.Q.Y, Felt.FromBigInteger(m), default);
        Assert.Equal(rx, EcOpLane.FillBlock(CheckLaneColumns(), 0, 0, inst, "test").X);
    }

    private static Felt[][] CheckLaneColumns()
    {
        var cols = new Felt[EcOpLane.Width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = new Felt[EcOpLane.InstanceRows];
        return cols;
    }

    [Theory]
    [InlineData(0, "canonical_low")]        // p itself: bits 251, 196, 192 and 0
    [InlineData(5, "canonical_low")]        // p + 5
    [InlineData(-1, "canonical_mid")]       // 2^251 + 2^196 + 2^193 (bits 251, 196 and 193)
    [InlineData(-2, "canonical_high")]      // 2^251 + 2^197
    public void Lane_ScalarPatternAtLeastP_FailsCanonicalCheck(int offset, string constraint)
    {
        // The bits of an integer ≥ p that is m + p for a field element m: without the check, the lane would compute
        // P + (m + p)·Q, a different point than P + m·Q.
        BigInteger pattern = offset switch
        {
            -1 => (BigInteger.One << 251) + (BigInteger.One << 196) + (BigInteger.One << 193),
            -2 => (BigInteger.One << 251) + (BigInteger.One << 197),
            _ => s_p + offset,
        };
        List<string> f = CheckLane(Instance(999, 1001, pattern));
        Assert.Contains(f, x => x.EndsWith("_" + constraint, StringComparison.Ordinal));
    }

    [Fact]
    public void Lane_POffTheCurve_FailsOnCurveConstraint()
    {
        EcOpLane.Instance inst = Instance(3, 5, 77);
        List<string> f = CheckLane(inst with { P = new EcPoint(inst.P.X, inst.P.Y + Felt.One) });
        Assert.Contains("0:ec_op[0]_p_on_curve", f);
        Assert.Throws<CairoTraceException>(() => EcOpLane.Make(inst.P.X, inst.P.Y + Felt.One, inst.Q.X, inst.Q.Y, 77UL, "test"));
    }

    [Fact]
    public void Lane_QOffTheCurve_FailsOnCurveConstraint()
    {
        EcOpLane.Instance inst = Instance(3, 5, 77);
        List<string> f = CheckLane(inst with { Q = new EcPoint(inst.Q.X, inst.Q.Y + Felt.One) });
        Assert.Contains("0:ec_op[0]_q_on_curve", f);
    }

    [Fact]
    public void Fill_AdditionMeetingEqualX_ThrowsNamingTheBit()
    {
        // P = Q and m odd: bit 0 adds Q to P = Q, a doubling the lane cannot prove (cairo-lang raises here too).
        EcOpLane.Instance inst = Instance(42, 42, 3);
        var e = Assert.Throws<CairoTraceException>(() => EcOpLane.FillBlock(CheckLaneColumns(), 0, 0, inst, "ec_op instance 0"));
        Assert.Contains("bit 0", e.Message);
    }

    [Fact]
    public void Fill_EqualXAtAnUnsetBit_ThrowsNamingTheBit()
    {
        // cairo-lang's test_ec_op_invalid_input: P = Q and m = 8. Bit 0 is clear, so no addition meets the equal x,
        // but cairo-lang's ec_op_impl checks every one of its 256 rounds and refuses it; so do our VM and the lane.
        EcOpLane.Instance inst = Instance(42, 42, 8);
        var e = Assert.Throws<CairoTraceException>(() => EcOpLane.FillBlock(CheckLaneColumns(), 0, 0, inst, "ec_op instance 0"));
        Assert.Contains("bit 0", e.Message);
        var vm = Assert.Throws<Zetina.Cairo.Errors.CairoException>(() => CryptoPrimitives.EcOp(inst.P.X, inst.P.Y, inst.Q.X, inst.Q.Y, 8UL, default));
        Assert.Contains("same x coordinate at bit 0", vm.Message);
    }

    [Fact]
    public void Lane_EqualXAtAnUnsetBit_FailsOnlyXDiffer()
    {
        // The trace an adversary would write for P = Q, m = 8 (the correct result 9P, every step the group law; the
        // equal x on row 0 sits on a clear bit, where no addition happens): everything holds but x_differ on row 0,
        // (A.x − D.x)·Inv − 1 = −1 there whatever Inv is. So the lane proves no instance cairo-lang's runner refuses.
        EcOpLane.Instance inst = Instance(42, 42, 8);
        foreach (Felt inv in (Felt[])[Felt.Zero, Felt.One, Felt.Parse("0x1234567")])
        {
            List<string> f = CheckLane(inst, (cols, row) => cols[EcOpLane.Inv][row] = inv);
            Assert.Equal(["0:ec_op[0]_x_differ"], f);
        }
    }

    /// <summary>
    /// Writes block 0 as the lane's filler does but without refusing equal x-coordinates where the bit is clear: Inv
    /// is the inverse where the x differ and <paramref name="onEqualX"/> chooses it where they do not.
    /// </summary>
    private static EcPoint FillBlockAllowingEqualX(Felt[][] cols, in EcOpLane.Instance inst, Action<Felt[][], int> onEqualX)
    {
        Felt suffix = Felt.Zero;
        for (int j = EcOpLane.InstanceRows - 1; j >= 0; j--)
        {
            ulong bit = j < EcOpLane.Bits && !(inst.M >> j).IsEven ? 1UL : 0UL;
            suffix = suffix + suffix + bit;
            cols[EcOpLane.Suffix][j] = suffix;
            cols[EcOpLane.Bit][j] = bit;
        }
        Felt ax = inst.P.X, ay = inst.P.Y;
        EcPoint d = inst.Q;
        for (int j = 0; j < EcOpLane.InstanceRows; j++)
        {
            Felt dx = d.X, dy = d.Y;
            Felt mu = (3UL * dx * dx + Felt.One) * (dy + dy).Inverse();
            Felt nx = mu * mu - (dx + dx), ny = mu * (dx - nx) - dy;
            cols[EcOpLane.Dx][j] = dx; cols[EcOpLane.Dy][j] = dy; cols[EcOpLane.Dxx][j] = dx * dx;
            cols[EcOpLane.Mu][j] = mu; cols[EcOpLane.Nx][j] = nx; cols[EcOpLane.Ny][j] = ny;
            d = new EcPoint(nx, ny);
            cols[EcOpLane.Ax][j] = ax; cols[EcOpLane.Ay][j] = ay; cols[EcOpLane.Axx][j] = ax * ax;
            if (ax == dx) { Assert.True(cols[EcOpLane.Bit][j].IsZero); onEqualX(cols, j); continue; }
            Felt inv = (ax - dx).Inverse();
            cols[EcOpLane.Inv][j] = inv;
            if (cols[EcOpLane.Bit][j].IsZero) continue;
            Felt lam = (ay - dy) * inv, nax = lam * lam - ax - dx;
            ay = lam * (ax - nax) - ay;
            ax = nax;
            cols[EcOpLane.Slope][j] = lam;
        }
        return new EcPoint(ax, ay);
    }

    /// <summary>
    /// <c>main{ec_op_ptr}</c> (pointer at fp − 3): writes p_x, p_y, q_x, q_y, m into [[fp − 3] + 0 … 4], reads
    /// r_x, r_y from [[fp − 3] + 5], [[fp − 3] + 6] and returns ec_op_ptr + 7.
    /// </summary>
    private static CairoProgram EcOpProgram(Felt[] inputs)
    {
        var words = new List<string>();
        for (int j = 0; j < inputs.Length; j++)
        {
            words.Add("0x480680017fff8000"); // [ap] = imm, ap++
            words.Add(inputs[j].ToHexString());
            words.Add($"0x4002{0x8000 + j:x4}7ffd7fff"); // [ap − 1] = [[fp − 3] + j]
        }
        words.Add("0x480280057ffd8000"); // [ap] = [[fp − 3] + 5], ap++
        words.Add("0x480280067ffd8000"); // [ap] = [[fp − 3] + 6], ap++
        words.AddRange(["0x482680017ffd8000", "0x7", "0x208b7fff7fff7ffe"]); // [ap] = [fp − 3] + 7, ap++; ret
        string json = "{\"prime\":\"0x800000000000011000000000000000000000000000000000000000000000001\",\"builtins\":[\"ec_op\"],\"data\":["
            + string.Join(",", words.Select(w => "\"" + w + "\"")) + "],\"hints\":{},\"main_scope\":\"__main__\","
            + "\"identifiers\":{\"__main__.main\":{\"pc\":0,\"type\":\"function\"}},\"reference_manager\":{\"references\":[]},\"attributes\":[],\"debug_info\":null}";
        return ProgramLoader.Load(Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public void Prove_OwnVmRunCallingEcOp_VerifiesUnderProofModeRules()
    {
        // lambdaclass cairo-vm's cairo_programs/ec_op.cairo: P + 34·Q with its asserted result.
        Felt[] inputs =
        [
            Felt.Parse("0x6a4beaef5a93425b973179cdba0c9d42f30e01a5f1e2db73da0884b8d6756fc"),
            Felt.Parse("0x72565ec81bc09ff53fbfad99324a92aa5b39fb58267e395e8abe36290ebf24f"),
            Felt.Parse("0x654fd7e67a123dd13868093b3b7777f1ffef596c2e324f25ceaf9146698482c"),
            Felt.Parse("0x4fad269cbf860980e38768fe9cb6b0b9ab03ee3fe84cfde2eccce597c874fd8"),
            34UL,
        ];
        var runner = new CairoRunner(EcOpProgram(inputs), new RunOptions { ProofMode = true, Layout = CairoLayout.AllCairo });
        runner.Run();
        CairoRun run = runner.Result;
        ulong begin = run.PublicInput.Segment("ec_op").BeginAddr;
        Assert.True(run.Memory.TryGet(begin + 5, out Felt rx));
        Assert.True(run.Memory.TryGet(begin + 6, out Felt ry));
        Assert.Equal(Felt.FromBigInteger(BigInteger.Parse("108925483682366235368969256555281508851459278989259552980345066351008608800")), rx);
        Assert.Equal(Felt.FromBigInteger(BigInteger.Parse("1592365885972480102953613056006596671718206128324372995731808913669237079419")), ry);
        var lines = new List<string>();
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2, progress: lines.Add);
        foreach (string l in lines) output.WriteLine(l);
        Assert.Equal(1, proof.Statement.Shape.LaneCount("ec_op"));
        CairoVerifyResult v = CairoVerifier.Verify(proof.ToJsonBytes(), s_binding);
        Assert.True(v.IsValid, v.Message);
        Assert.Equal(CairoStatementRules.ProofMode, v.Rules);
        Assert.Equal("all_cairo", v.Layout);
    }
}
