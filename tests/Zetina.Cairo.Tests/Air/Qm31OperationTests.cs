using System.Diagnostics;
using System.Numerics;
using System.Text;
using Xunit.Abstractions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Opcodes;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The QM31 opcode extension in the AIR: our VM's proof-mode runs of hand-assembled programs with QM31 add and mul
/// instructions (op1 from ap and immediate, dst deduced and checked) prove and verify; the lanes hold the extreme
/// coordinates; a forged result is refused by the builder, the checker (naming the instance's constraint) and the
/// verifier; a run without QM31 states no QM31 lanes.
/// </summary>
public sealed class Qm31OperationTests(ITestOutputHelper output)
{
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x3a1f5e9c27b4d8061fe2c3b5a7d9e1f2"), Felt.Parse("0x5c7e9a1b3d5f70819ab2c4d6e8f0a1b3"), Felt.Parse("0x2b4d6f8091a3c5e7f9b1d3e5a7c9e0f1"));
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x51"), Felt.Parse("0x52"));
    private const uint P = Qm31.P;

    /// <summary>A word with opcode extension 3 (QM31): offsets and flags as a plain instruction, + 3·2^63.</summary>
    private static string Qm31Word(int off0, int off1, int off2, ulong flags)
    {
        ulong low = (ulong)(uint)(off0 + 0x8000) | (ulong)(uint)(off1 + 0x8000) << 16 | (ulong)(uint)(off2 + 0x8000) << 32 | flags << 48;
        BigInteger w = low;
        return "0x" + (w + (new BigInteger(3) << 63)).ToString("x");
    }

    private const ulong AssertEq = 0x4000, ApAdd1 = 0x800, ResAdd = 0x20, ResMul = 0x40, Op1Ap = 0x10, Op1Imm = 0x4;

    /// <summary>
    /// main: for each (x, y, multiply): push x, push y; [ap] = [ap − 2] ∘ [ap − 1], ap++ (dst deduced); push x again and
    /// [ap] = [ap − 1] ∘ y as an immediate, ap++; then [ap − 1] = [ap − 5] ∘ [ap − 4] with dst known (checked); return.
    /// </summary>
    private static CairoProgram Program(IReadOnlyList<(Qm31 X, Qm31 Y, bool Multiply)> ops)
    {
        var words = new List<string>();
        void Push(Felt v) { words.Add("0x480680017fff8000"); words.Add(v.ToHexString()); }
        foreach ((Qm31 x, Qm31 y, bool mul) in ops)
        {
            ulong res = mul ? ResMul : ResAdd;
            Push(x.Pack());
            Push(y.Pack());
            words.Add(Qm31Word(0, -2, -1, AssertEq | ApAdd1 | res | Op1Ap));              // [ap] = [ap−2] ∘ [ap−1]; ap++
            Push(x.Pack());
            words.Add(Qm31Word(0, -1, 1, AssertEq | ApAdd1 | res | Op1Imm));              // [ap] = [ap−1] ∘ y; ap++
            words.Add(y.Pack().ToHexString());
            words.Add(Qm31Word(-1, -5, -4, AssertEq | res | Op1Ap));                      // [ap−1] = [ap−5] ∘ [ap−4]
        }
        words.Add("0x208b7fff7fff7ffe");
        string json = "{\"prime\":\"0x800000000000011000000000000000000000000000000000000000000000001\",\"builtins\":[],\"data\":["
            + string.Join(",", words.Select(w => "\"" + w + "\"")) + "],\"hints\":{},\"main_scope\":\"__main__\","
            + "\"identifiers\":{\"__main__.main\":{\"pc\":0,\"type\":\"function\"}},\"reference_manager\":{\"references\":[]},\"attributes\":[],\"debug_info\":null}";
        return ProgramLoader.Load(Encoding.UTF8.GetBytes(json));
    }

    private static Qm31 Random(Random rng) =>
        new((uint)rng.NextInt64(P), (uint)rng.NextInt64(P), (uint)rng.NextInt64(P), (uint)rng.NextInt64(P));

    private static List<(Qm31, Qm31, bool)> Operations(int seed)
    {
        var rng = new Random(seed);
        Qm31 top = new(P - 1, P - 1, P - 1, P - 1);
        var ops = new List<(Qm31, Qm31, bool)> { (top, top, true), (top, top, false), (default, Random(rng), true) };
        for (int i = 0; i < 4; i++) ops.Add((Random(rng), Random(rng), i % 2 == 0));
        return ops;
    }

    private static CairoRun Run(IReadOnlyList<(Qm31, Qm31, bool)> ops)
    {
        var runner = new CairoRunner(Program(ops), new RunOptions { ProofMode = true, Layout = CairoLayout.AllCairo });
        runner.Run();
        return runner.Result;
    }

    /// <summary>The rows of the run's QM31 steps.</summary>
    private static List<int> Qm31Rows(CairoRun run)
    {
        var rows = new List<int>();
        for (int i = 0; i < run.Trace.Length; i++)
        {
            Assert.True(run.Memory.TryGet(run.Trace[i].Pc, out Felt word));
            Assert.True(CairoInstruction.TryDecode(word, out _, out int ext));
            if (ext == Qm31Operations.Extension) rows.Add(i);
        }
        return rows;
    }

    [Fact]
    public void Check_OwnVmRun_SatisfiesAllConstraints()
    {
        CairoRun run = Run(Operations(7));
        Assert.Equal(21, Qm31Rows(run).Count);
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        Assert.Equal(1, t.Shape.Qm31Lanes);
        Assert.Contains(Qm31Operations.Name, t.Shape.StatedLaneBuiltins());
        List<ConstraintFailure> f = CairoTraceChecker.Check(ReferenceRun.AirFor(t, run.PublicInput), t, s_ch);
        Assert.Empty(f);
    }

    [Fact]
    public void Check_ResultForgedInLane_FailsNamingTheInstance()
    {
        CairoRun run = Run(Operations(8));
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        // Instance 4 (row 256 of lane 0) claims res + 1: its packing no longer matches its coordinates.
        int lane = t.Shape.Qm31Column + Qm31Operations.LaneOffset(0);
        t.Columns[lane + Qm31Lane.Packed0 + 2][4 * Qm31Lane.InstanceRows] += Felt.One;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Row == 4 * Qm31Lane.InstanceRows && x.Constraint == "qm31[0]_pack[res]");
    }

    [Fact]
    public void Check_ResultCoordinateForgedInLane_FailsTheArithmetic()
    {
        CairoRun run = Run(Operations(9));
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        // Instance 0 (a product): flip bit 0 of res.a. The suffix, the packing and the inverse are made consistent, so
        // only the reduction equation can see it.
        int lane = t.Shape.Qm31Column + Qm31Operations.LaneOffset(0);
        Felt[] s = t.Columns[lane + Qm31Lane.Suffix(8)];
        bool set = (s[0] - (s[1] + s[1])) == Felt.One;
        Felt delta = set ? Felt.Zero - Felt.One : Felt.One;
        s[0] += delta;
        t.Columns[lane + Qm31Lane.Packed0 + 2][0] += delta;
        Felt w = s[0] - (Felt)(1UL << 31) * s[31];
        t.Columns[lane + Qm31Lane.Inverse0 + 8][0] = (w - (ulong)P).Inverse();
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Row == 0 && x.Constraint == "qm31[0]_mul_result[0]");
        Assert.DoesNotContain(f, x => x.Constraint.StartsWith("qm31[0]_bit", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_CpuResultForged_FailsTheLookup()
    {
        // The CPU row's res, dst and tuple claim another value (consistent with each other): no lane instance has that
        // tuple, so the lookup's product does not end where the boundary says.
        CairoRun run = Run(Operations(10));
        int row = Qm31Rows(run)[0];
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        int q = t.Shape.Qm31Column;
        t.Columns[CairoColumns.Res][row] += Felt.One;
        t.Columns[q + Qm31Operations.ResDelta][row] += Felt.One;
        t.Columns[q + Qm31Operations.Tuple0 + 2][row] += Felt.One;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Constraint == "qm31_lookup_end");
        Assert.DoesNotContain(f, x => x.Constraint.StartsWith("qm31_tuple", StringComparison.Ordinal) || x.Constraint == "res");
    }

    [Fact]
    public void Build_ResultForgedInMemory_ThrowsNamingTheStep()
    {
        CairoRun run = Run(Operations(11));
        int row = Qm31Rows(run)[0];
        MemoryImage memory = run.Memory;
        Assert.True(memory.TryGet(run.Trace[row].Ap, out Felt dst));
        MemoryImage forged = memory.With(run.Trace[row].Ap, dst + Felt.One);
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(run.Trace, forged, run.PublicInput));
        Assert.Contains($"step {row}: the QM31 instruction", e.Message);
    }

    [Fact]
    public void Lane_NonCanonicalCoordinate_FailsCanonical()
    {
        // A coordinate of p = 2^31 − 1 (a felt the VM refuses as QM31): the lane cannot exhibit the inverse.
        CairoRun run = Run(Operations(12));
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        int lane = t.Shape.Qm31Column + Qm31Operations.LaneOffset(0);
        // Instance 2 has op0 = 0: make op0.a = p by setting bits 0 … 30 (suffix values 2^31 − 1 − (2^k − 1)… rebuilt).
        int row0 = 2 * Qm31Lane.InstanceRows;
        Felt[] s = t.Columns[lane + Qm31Lane.Suffix(0)];
        Felt acc = s[row0 + 31];
        for (int r = row0 + 30; r >= row0; r--) { acc = acc + acc + Felt.One; s[r] = acc; }
        t.Columns[lane + Qm31Lane.Inverse0][row0] = Felt.Zero;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Row == row0 && x.Constraint == "qm31[0]_canonical[op0.a]");
    }

    [Fact]
    public void Verify_ResultForgedInLane_Rejects()
    {
        // A prover that skips the builder's and checker's checks (and the STARK prover's degree checks).
        CairoRun run = Run(Operations(13));
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        var statement = new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = s_binding };
        var air = new CairoAir(statement);
        int lane = t.Shape.Qm31Column + Qm31Operations.LaneOffset(0);
        t.Columns[lane + Qm31Lane.Packed0 + 2][Qm31Lane.InstanceRows] += Felt.One;
        StarkParameters p = CairoProver.DefaultParameters(t.Shape.LogRows) with { NQueries = 8, ProofOfWorkBits = 0 };
        StarkProof proof = new StarkProver(p, ProverBackends.Cpu(2)) { CheckDegrees = false }.Prove(air, t.Columns);
        var doc = new CairoProof { Statement = statement, StarkProof = ProofSerializer.Write(proof) };
        Assert.Equal(CairoVerifyError.ProofInvalid, CairoVerifier.Verify(doc.ToJsonBytes(), s_binding, minimumSecurityBits: 0, rules: CairoStatementRules.AirOnly).Error);
    }

    [Fact]
    public void Prove_OwnVmRunUsingQm31_VerifiesUnderProofModeRules()
    {
        CairoRun run = Run(Operations(14));
        var lines = new List<string>();
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2, progress: lines.Add);
        output.WriteLine($"{run.Trace.Length} steps, prove {sw.ElapsedMilliseconds} ms, {proof.ToJsonBytes().Length} B");
        foreach (string l in lines) output.WriteLine(l);
        Assert.Equal(1, proof.Statement.Shape.LaneCount(Qm31Operations.Name));
        CairoVerifyResult v = CairoVerifier.Verify(proof.ToJsonBytes(), s_binding);
        Assert.True(v.IsValid, v.Message);
        Assert.Equal(CairoStatementRules.ProofMode, v.Rules);
        // The document round-trips the lane count, and a statement claiming no QM31 lanes cannot be verified.
        Assert.Contains("\"qm31_operation\":1", Encoding.UTF8.GetString(proof.ToJsonBytes()));
    }

    [Fact]
    public void Prove_RunWithoutQm31_StatesNoQm31Lanes()
    {
        ReferenceRun run = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        CairoTrace t = run.BuildTrace();
        Assert.Equal(0, t.Shape.Qm31Lanes);
        Assert.DoesNotContain(Qm31Operations.Name, t.Shape.StatedLaneBuiltins());
        var statement = new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = s_binding };
        Assert.Equal(statement.ToFelts().Length + 2, new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape.WithLanes(Qm31Operations.Name, 1), Binding = s_binding }.ToFelts().Length);
    }
}
