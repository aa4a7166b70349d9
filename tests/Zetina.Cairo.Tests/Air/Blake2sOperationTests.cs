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
using Zetina.Stark.Hashing;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The Blake2s opcode extension in the AIR: our VM's proof-mode runs of hand-assembled programs with Blake2s and
/// Blake2s finalize instructions (op1 from fp and from ap, chained states) pass the checker and prove and verify, the
/// words they write are BLAKE2s compressions; a forged output is refused by the builder, the checker (naming the
/// instance's constraint) and the verifier; a run without Blake2s states no Blake2s lanes.
/// </summary>
public sealed class Blake2sOperationTests(ITestOutputHelper output)
{
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x3a1f5e9c27b4d8061fe2c3b5a7d9e1f2"), Felt.Parse("0x5c7e9a1b3d5f70819ab2c4d6e8f0a1b3"), Felt.Parse("0x2b4d6f8091a3c5e7f9b1d3e5a7c9e0f1"));
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x61"), Felt.Parse("0x62"));

    private const ulong DstFp = 0x1, Op0Fp = 0x2, Op1Imm = 0x4, Op1Fp = 0x8, Op1Ap = 0x10, ResAdd = 0x20, ApAdd = 0x400, ApAdd1 = 0x800, AssertEq = 0x4000;

    /// <summary>An instruction word: biased offsets, flags, + extension·2^63.</summary>
    private static string Word(int offDst, int offOp0, int offOp1, ulong flags, int extension = 0)
    {
        ulong low = (ulong)(uint)(offDst + 0x8000) | (ulong)(uint)(offOp0 + 0x8000) << 16 | (ulong)(uint)(offOp1 + 0x8000) << 32 | flags << 48;
        return "0x" + (new BigInteger(low) + (new BigInteger(extension) << 63)).ToString("x");
    }

    /// <summary>One compression the program runs: its counter, the finalize form, and whether op1 is read from ap.</summary>
    private sealed record Step(uint Counter, bool Finalize, bool Op1FromAp);

    /// <summary>
    /// main (fp = the caller's fp + 2, so [fp − 2] + 2 + k is the address fp + k): push the 8 state and 16 message words;
    /// for each step push the counter, the state and message pointers and (ap unchanged) the output pointer, run the
    /// Blake2s instruction with ap++, and skip the 8 output cells (ap += 8); the next step's state is this output.
    /// </summary>
    private static CairoProgram Program(uint[] state, uint[] message, IReadOnlyList<Step> steps)
    {
        var words = new List<string>();
        int c = 0; // ap − fp
        void Push(ulong v) { words.Add("0x480680017fff8000"); words.Add("0x" + v.ToString("x")); c++; }
        void PushAddress(int offset, bool advance) // [ap] = [fp − 2] + 2 + offset
        {
            words.Add(Word(0, -2, 1, AssertEq | Op0Fp | Op1Imm | ResAdd | (advance ? ApAdd1 : 0)));
            words.Add("0x" + (2 + offset).ToString("x"));
            if (advance) c++;
        }
        int s = c;
        foreach (uint w in state) Push(w);
        int m = c;
        foreach (uint w in message) Push(w);
        foreach (Step step in steps)
        {
            int t = c; Push(step.Counter);
            int p0 = c; PushAddress(s, true);
            int p1 = c; PushAddress(m, true);
            PushAddress(c + 1, false); // [ap] = the cell after it: where the output goes
            int extension = step.Finalize ? Blake2sOperations.FinalizeExtension : Blake2sOperations.Extension;
            words.Add(step.Op1FromAp
                ? Word(t, p0, p1 - c, DstFp | Op0Fp | Op1Ap | ApAdd1, extension)
                : Word(t, p0, p1, DstFp | Op0Fp | Op1Fp | ApAdd1, extension));
            c++;
            s = c;
            words.Add(Word(-1, -1, 1, ApAdd | Op1Imm)); words.Add("0x8"); c += 8; // ap += 8
        }
        words.Add("0x208b7fff7fff7ffe");
        string json = "{\"prime\":\"0x800000000000011000000000000000000000000000000000000000000000001\",\"builtins\":[],\"data\":["
            + string.Join(",", words.Select(w => "\"" + w + "\"")) + "],\"hints\":{},\"main_scope\":\"__main__\","
            + "\"identifiers\":{\"__main__.main\":{\"pc\":0,\"type\":\"function\"}},\"reference_manager\":{\"references\":[]},\"attributes\":[],\"debug_info\":null}";
        return ProgramLoader.Load(Encoding.UTF8.GetBytes(json));
    }

    private static (uint[] State, uint[] Message, Step[] Steps) Inputs(int seed)
    {
        var rng = new Random(seed);
        var state = new uint[8];
        var message = new uint[16];
        for (int i = 0; i < 8; i++) state[i] = (uint)rng.NextInt64(1L << 32);
        for (int i = 0; i < 16; i++) message[i] = (uint)rng.NextInt64(1L << 32);
        message[3] = uint.MaxValue;
        return (state, message, [new(64, false, false), new(128, false, true), new(uint.MaxValue, true, false)]);
    }

    private static CairoRun Run(uint[] state, uint[] message, Step[] steps, CairoLayout layout)
    {
        var runner = new CairoRunner(Program(state, message, steps), new RunOptions { ProofMode = true, Layout = layout });
        runner.Run();
        return runner.Result;
    }

    private static CairoRun Run(int seed) { var (h, m, s) = Inputs(seed); return Run(h, m, s, CairoLayout.Small); }

    /// <summary>The rows of the run's Blake2s steps.</summary>
    private static List<int> BlakeRows(CairoRun run)
    {
        var rows = new List<int>();
        for (int i = 0; i < run.Trace.Length; i++)
        {
            Assert.True(run.Memory.TryGet(run.Trace[i].Pc, out Felt word));
            Assert.True(CairoInstruction.TryDecode(word, out _, out int ext));
            if (ext is Blake2sOperations.Extension or Blake2sOperations.FinalizeExtension) rows.Add(i);
        }
        return rows;
    }

    [Fact]
    public void Check_OwnVmRun_SatisfiesAllConstraints_AndWritesTheCompressions()
    {
        var (state, message, steps) = Inputs(1);
        CairoRun run = Run(state, message, steps, CairoLayout.Small);
        List<int> rows = BlakeRows(run);
        Assert.Equal(steps.Length, rows.Count);
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        Assert.Equal(1, t.Shape.Blake2sLanes);
        Assert.Contains(Blake2sOperations.Name, t.Shape.StatedLaneBuiltins());
        Assert.Empty(CairoTraceChecker.Check(ReferenceRun.AirFor(t, run.PublicInput), t, s_ch));

        // The lane's output slots hold the chained compressions, as Blake2s256.Compress computes them.
        var h = (uint[])state.Clone();
        int lane = t.Shape.Blake2sColumn + Blake2sOperations.LaneOffset(0);
        for (int i = 0; i < steps.Length; i++)
        {
            Blake2s256.Compress(h, message, steps[i].Counter, 0, steps[i].Finalize ? uint.MaxValue : 0u, 0);
            for (int k = 0; k < 8; k++)
                Assert.Equal((Felt)(ulong)h[k], t.Columns[lane + Blake2sLane.Value1][i * Blake2sLane.InstanceRows + Blake2sLane.FinalRow + k]);
            RegisterState at = run.Trace[rows[i]];
            Assert.True(run.Memory.TryGet(at.Ap, out Felt outputPointer));
            outputPointer.ToCanonical(out ulong o, out _, out _, out _);
            for (int k = 0; k < 8; k++)
            {
                Assert.True(run.Memory.TryGet(o + (ulong)k, out Felt written));
                Assert.Equal((Felt)(ulong)h[k], written);
            }
        }
    }

    [Fact]
    public void Check_OutputForgedInLane_FailsNamingTheInstance()
    {
        CairoRun run = Run(2);
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        // Instance 1 writes output word 5 + 1.
        int lane = t.Shape.Blake2sColumn + Blake2sOperations.LaneOffset(0);
        int row = Blake2sLane.InstanceRows + Blake2sLane.FinalRow + 5;
        t.Columns[lane + Blake2sLane.Value1][row] += Felt.One;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Row == row && x.Constraint == "blake[0]_output[value]");
    }

    [Fact]
    public void Check_CounterForgedOnTheCpuRow_FailsTheLookup()
    {
        // The CPU tuple claims another counter (dst and tuple consistent): no lane instance has that tuple.
        CairoRun run = Run(3);
        int row = BlakeRows(run)[0];
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        t.Columns[t.Shape.Blake2sColumn + Blake2sOperations.Tuple0 + 2][row] += Felt.One;
        t.Columns[CairoColumns.Dst][row] += Felt.One;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Constraint == "blake_lookup_end");
        Assert.DoesNotContain(f, x => x.Constraint.StartsWith("blake_tuple", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_OutputForgedInMemory_ThrowsNamingTheStep()
    {
        CairoRun run = Run(4);
        int row = BlakeRows(run)[1];
        Assert.True(run.Memory.TryGet(run.Trace[row].Ap, out Felt outputPointer));
        outputPointer.ToCanonical(out ulong o, out _, out _, out _);
        Assert.True(run.Memory.TryGet(o + 2, out Felt word));
        MemoryImage forged = run.Memory.With(o + 2, word + Felt.One);
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(run.Trace, forged, run.PublicInput));
        Assert.Contains($"step {row}: the Blake2s instruction", e.Message);
    }

    [Fact]
    public void Verify_OutputForgedInLane_Rejects()
    {
        // A prover that skips the builder's and checker's checks (and the STARK prover's degree checks).
        CairoRun run = Run(5);
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        var statement = new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = s_binding };
        var air = new CairoAir(statement);
        int lane = t.Shape.Blake2sColumn + Blake2sOperations.LaneOffset(0);
        t.Columns[lane + Blake2sLane.Value1][Blake2sLane.FinalRow] += Felt.One;
        StarkParameters p = CairoProver.DefaultParameters(t.Shape.LogRows) with { NQueries = 8, ProofOfWorkBits = 0 };
        StarkProof proof = new StarkProver(p, ProverBackends.Cpu(2)) { CheckDegrees = false }.Prove(air, t.Columns);
        var doc = new CairoProof { Statement = statement, StarkProof = ProofSerializer.Write(proof) };
        Assert.Equal(CairoVerifyError.ProofInvalid, CairoVerifier.Verify(doc.ToJsonBytes(), s_binding, minimumSecurityBits: 0, rules: CairoStatementRules.AirOnly).Error);
    }

    [Fact]
    public void Prove_OwnVmRunUsingBlake2s_VerifiesUnderProofModeRules()
    {
        CairoRun run = Run(6);
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2);
        byte[] bytes = proof.ToJsonBytes();
        output.WriteLine($"{run.Trace.Length} steps, prove {sw.ElapsedMilliseconds} ms, {bytes.Length} B");
        Assert.Equal(1, proof.Statement.Shape.LaneCount(Blake2sOperations.Name));
        CairoVerifyResult v = CairoVerifier.Verify(bytes, s_binding);
        Assert.True(v.IsValid, v.Message);
        Assert.Contains("\"blake2s_operation\":1", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Prove_StwoOpcodeExtensionsProgram_VerifiesUnderProofModeRules_LongRunning()
    {
        // stwo-cairo's all-opcode program (QM31 and Blake2s, all_cairo, padded to 2^15 steps): it checks its own results.
        CairoProgram program = ProgramLoader.Load(TestData.Read("c0_stwo_opcode_extensions_program", "program.json"));
        var runner = new CairoRunner(program, new RunOptions { ProofMode = true, Layout = CairoLayout.AllCairo });
        runner.Run();
        CairoRun run = runner.Result;
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2);
        byte[] bytes = proof.ToJsonBytes();
        output.WriteLine($"{run.Trace.Length} steps, {BlakeRows(run).Count} Blake2s steps, prove {sw.ElapsedMilliseconds} ms, {bytes.Length} B");
        Assert.True(proof.Statement.Shape.LaneCount(Blake2sOperations.Name) > 0);
        Assert.True(proof.Statement.Shape.LaneCount(Qm31Operations.Name) > 0);
        sw.Restart();
        CairoVerifyResult v = CairoVerifier.Verify(bytes, s_binding);
        output.WriteLine($"verify {sw.ElapsedMilliseconds} ms");
        Assert.True(v.IsValid, v.Message);
    }

    [Fact]
    public void Build_RunWithoutBlake2s_StatesNoBlake2sLanes()
    {
        ReferenceRun run = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        CairoTrace t = run.BuildTrace();
        Assert.Equal(0, t.Shape.Blake2sLanes);
        Assert.DoesNotContain(Blake2sOperations.Name, t.Shape.StatedLaneBuiltins());
        var statement = new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = s_binding };
        Assert.Equal(statement.ToFelts().Length + 2, new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape.WithLanes(Blake2sOperations.Name, 1), Binding = s_binding }.ToFelts().Length);
    }
}
