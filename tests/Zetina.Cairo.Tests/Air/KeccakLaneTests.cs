using System.Text;
using Xunit.Abstractions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Builtins;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using FeltValue = Zetina.Stark.Air.FeltValue;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The keccak lane: random instances whose outputs our VM's keccak builtin deduced satisfy every constraint and the
/// lane computes those outputs; a forged output or state bit fails its named constraint; the builder refuses a memory
/// file whose output differs and an input of 2^200; a proof of a forged lane is rejected; our VM's proof-mode run
/// of a hand-assembled program that calls keccak proves and verifies under the default rules.
/// </summary>
public sealed class KeccakLaneTests(ITestOutputHelper output)
{
    private static readonly KeccakLane s_lane = new();
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x3a1f5e9c27b4d8061fe2c3b5a7d9e1f2"), Felt.Parse("0x5c7e9a1b3d5f70819ab2c4d6e8f0a1b3"), Felt.Parse("0x2b4d6f8091a3c5e7f9b1d3e5a7c9e0f1"));
    private static readonly CairoBinding s_binding = new(Felt.Parse("0xcc"), Felt.Parse("0x0b"));

    private static int LaneIndex => CairoTraceShape.LaneBuiltins.ToList().IndexOf("keccak");

    /// <summary>Eight random cells below 2^200 (the first instance of seed 0 is the zero state).</summary>
    private static Felt[] RandomInputs(Random rng)
    {
        var cells = new Felt[KeccakLane.Felts];
        var word = new byte[32];
        for (int j = 0; j < cells.Length; j++)
        {
            Array.Clear(word);
            rng.NextBytes(word.AsSpan(0, 25));
            Felt.TryFromBytesLittleEndian(word, out cells[j]);
        }
        return cells;
    }

    /// <summary>
    /// <c>main{keccak_ptr}</c> (pointer at fp − 3): for each instance writes its eight inputs into
    /// [[fp − 3] + 16i + j], reads the eight outputs [[fp − 3] + 16i + 8 + j] (so the VM deduces them) and returns
    /// keccak_ptr + 16·count.
    /// </summary>
    private static CairoProgram KeccakProgram(IReadOnlyList<Felt[]> instances)
    {
        var words = new List<string>();
        for (int i = 0; i < instances.Count; i++)
        {
            for (int j = 0; j < KeccakLane.Felts; j++)
            {
                words.Add("0x480680017fff8000"); // [ap] = imm, ap++
                words.Add(instances[i][j].ToHexString());
                words.Add($"0x4002{0x8000 + 16 * i + j:x4}7ffd7fff"); // [ap − 1] = [[fp − 3] + 16i + j]
            }
            for (int j = 0; j < KeccakLane.Felts; j++) words.Add($"0x4802{0x8000 + 16 * i + 8 + j:x4}7ffd8000"); // [ap] = [[fp − 3] + 16i + 8 + j], ap++
        }
        words.AddRange(["0x482680017ffd8000", $"0x{16 * instances.Count:x}", "0x208b7fff7fff7ffe"]); // [ap] = [fp − 3] + 16n, ap++; ret
        string json = "{\"prime\":\"0x800000000000011000000000000000000000000000000000000000000000001\",\"builtins\":[\"keccak\"],\"data\":["
            + string.Join(",", words.Select(w => "\"" + w + "\"")) + "],\"hints\":{},\"main_scope\":\"__main__\","
            + "\"identifiers\":{\"__main__.main\":{\"pc\":0,\"type\":\"function\"}},\"reference_manager\":{\"references\":[]},\"attributes\":[],\"debug_info\":null}";
        return ProgramLoader.Load(Encoding.UTF8.GetBytes(json));
    }

    private static CairoRun Run(IReadOnlyList<Felt[]> instances)
    {
        var runner = new CairoRunner(KeccakProgram(instances), new RunOptions { ProofMode = true, Layout = CairoLayout.StarknetWithKeccak });
        runner.Run();
        return runner.Result;
    }

    /// <summary>The eight output cells our VM's keccak builtin deduced for instance <paramref name="k"/>.</summary>
    private static Felt[] VmOutputs(CairoRun run, int k)
    {
        ulong begin = run.PublicInput.Segment("keccak").BeginAddr + 16UL * (ulong)k + 8;
        var o = new Felt[KeccakLane.Felts];
        for (int j = 0; j < o.Length; j++) Assert.True(run.Memory.TryGet(begin + (ulong)j, out o[j]));
        return o;
    }

    [Fact]
    public void Check_RandomInstancesDeducedByVm_SatisfyAllConstraintsAndMatchTheLane()
    {
        int seed = Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        List<Felt[]> instances = [new Felt[KeccakLane.Felts], RandomInputs(rng), RandomInputs(rng)];
        CairoRun run = Run(instances);
        for (int k = 0; k < instances.Count; k++)
        {
            var cols = new Felt[KeccakLane.Width][];
            for (int c = 0; c < cols.Length; c++) cols[c] = new Felt[KeccakLane.InstanceRows];
            (ulong[] state, _) = KeccakLane.FillRounds(cols, 0, KeccakLane.Unpack(instances[k], "test"));
            Assert.True(VmOutputs(run, k).SequenceEqual(KeccakLane.Pack(state)), $"seed {seed}: instance {k}");
        }
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        int capacity = t.Shape.Rows / KeccakLane.InstanceRows;
        Assert.Equal((instances.Count + capacity - 1) / capacity, t.Shape.LaneCount("keccak"));
        List<ConstraintFailure> f = CairoTraceChecker.Check(ReferenceRun.AirFor(t, run.PublicInput), t, s_ch);
        Assert.True(f.Count == 0, $"seed {seed}: " + string.Join("; ", f.Take(10)));
    }

    /// <summary>
    /// One lane of two instances (4096 rows) evaluated alone, the first active with its cells at begin 100: returns
    /// the failures as "row:name", after <paramref name="forge"/> changed the columns.
    /// </summary>
    private static List<string> CheckLane(Felt[] inputs, Action<Felt[][]>? forge = null)
    {
        const int n = 2 * KeccakLane.InstanceRows;
        var cols = new Felt[KeccakLane.Width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = new Felt[n];
        ulong[] load = KeccakLane.Unpack(inputs, "test"), zero = new ulong[25];
        (ulong[] result, ulong[] end0) = KeccakLane.FillRounds(cols, 0, load);
        (_, ulong[] end1) = KeccakLane.FillRounds(cols, KeccakLane.InstanceRows, zero);
        KeccakLane.FillLoad(cols, 0, end1, load);
        KeccakLane.FillLoad(cols, KeccakLane.InstanceRows, end0, zero);
        Felt[] outputs = KeccakLane.Pack(result);
        for (int row = 0; row < n; row++) cols[KeccakLane.Cell][row] = row < KeccakLane.InstanceRows ? 100UL : 116UL;
        for (int j = 0; j < KeccakLane.InstanceRows; j++) cols[KeccakLane.Active][j] = Felt.One;
        int input = KeccakLane.InputBlock * KeccakLane.BlockRows, outRow = KeccakLane.OutputBlock * KeccakLane.BlockRows;
        for (int j = 0; j < KeccakLane.Felts; j++)
        {
            cols[KeccakLane.MemoryAddress][input + j] = 100UL + (ulong)j;
            cols[KeccakLane.MemoryAddress + 1][input + j] = inputs[j];
            cols[KeccakLane.MemoryAddress][outRow + j] = 108UL + (ulong)j;
            cols[KeccakLane.MemoryAddress + 1][outRow + j] = outputs[j];
        }
        forge?.Invoke(cols);
        var names = new List<string>();
        s_lane.AddConstraints(0, (name, _) => names.Add(name));
        IReadOnlyList<(int Column, int Row)> next = s_lane.NextEntries;
        IReadOnlyList<Felt[]> per = s_lane.Periodic;
        var frame = new Felt[cols.Length + next.Count];
        int[] at = Enumerable.Range(cols.Length, next.Count).ToArray();
        var p = new Felt[per.Count];
        var r = new Felt[names.Count];
        var failures = new List<string>();
        for (int row = 0; row < n - 1; row++)
        {
            for (int c = 0; c < cols.Length; c++) frame[c] = cols[c][row];
            for (int i = 0; i < next.Count; i++) frame[cols.Length + i] = cols[next[i].Column][((row + next[i].Row) % n + n) % n];
            for (int j = 0; j < p.Length; j++) p[j] = per[j][row % per[j].Length];
            int o = 0;
            s_lane.Evaluate(FeltValue.Of(frame), 0, at, FeltValue.Of(p), FeltValue.Of(r.AsSpan()), ref o);
            Assert.Equal(names.Count, o);
            for (int k = 0; k < r.Length; k++) if (!r[k].IsZero) failures.Add($"{row}:{names[k]}");
        }
        return failures;
    }

    [Fact]
    public void Lane_RandomInstance_SatisfiesAllAndComputesKeccakF1600()
    {
        int seed = Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        Felt[] inputs = RandomInputs(new Random(seed));
        List<string> f = CheckLane(inputs);
        Assert.True(f.Count == 0, $"seed {seed}: " + string.Join("; ", f.Take(10)));
        // The oracle: the byte permutation our VM's keccak builtin runs.
        var bytes = new byte[200];
        var word = new byte[32];
        for (int j = 0; j < 8; j++) { inputs[j].WriteBytesLittleEndian(word); word.AsSpan(0, 25).CopyTo(bytes.AsSpan(25 * j)); }
        CryptoPrimitives.KeccakF1600(bytes);
        var cols = new Felt[KeccakLane.Width][];
        for (int c = 0; c < cols.Length; c++) cols[c] = new Felt[KeccakLane.InstanceRows];
        (ulong[] state, _) = KeccakLane.FillRounds(cols, 0, KeccakLane.Unpack(inputs, "test"));
        Felt[] lane = KeccakLane.Pack(state);
        for (int j = 0; j < 8; j++)
        {
            Array.Clear(word);
            bytes.AsSpan(25 * j, 25).CopyTo(word);
            Assert.True(Felt.TryFromBytesLittleEndian(word, out Felt expected));
            Assert.True(expected == lane[j], $"seed {seed}: output {j}");
        }
    }

    [Theory]
    [InlineData(1, 5, "chi[5]")]       // a state bit of round 1's input: round 0's χ no longer gives it
    [InlineData(24, 0, "chi[0]")]     // a state bit of round 23's input, lane (0, 0) (ι's lane)
    [InlineData(25, 12, "pack[")]     // a state bit of the output: the output cells no longer pack it
    public void Lane_StateBitFlipped_FailsNamedConstraint(int block, int lane, string constraint)
    {
        int row = block * KeccakLane.BlockRows + 17;
        List<string> f = CheckLane(new Felt[8], cols =>
        {
            ref Felt v = ref cols[KeccakLane.State + lane][row];
            v = v.IsZero ? Felt.One : Felt.Zero;
        });
        Assert.Contains(f, x => x.Contains("_" + constraint, StringComparison.Ordinal));
    }

    [Fact]
    public void Lane_RotatedBitForged_FailsRhoPi()
    {
        // B[1, 0] on slice 3 of round 0: χ consistent with it would need a different ρπ of θ's output.
        int row = KeccakLane.InputBlock * KeccakLane.BlockRows + 3;
        List<string> f = CheckLane(new Felt[8], cols =>
        {
            ref Felt v = ref cols[KeccakLane.Pi + 1][row];
            v = v.IsZero ? Felt.One : Felt.Zero;
        });
        Assert.Contains($"{row}:keccak[0]_rho_pi[1]", f);
    }

    [Fact]
    public void Lane_NonBitState_FailsStateBit()
    {
        // 2 is not a bit, though it keeps the parity: Σ_y A = C + 2K still holds with K raised.
        int row = KeccakLane.InputBlock * KeccakLane.BlockRows + 9;
        List<string> f = CheckLane(new Felt[8], cols => cols[KeccakLane.State + 3][row] = 2UL);
        Assert.Contains($"{row}:keccak[0]_state_bit[3]", f);
    }

    [Fact]
    public void Unpack_InputOf2To200_ThrowsNamingTheCell()
    {
        var cells = new Felt[8];
        cells[6] = Felt.FromBigInteger(System.Numerics.BigInteger.One << 200);
        var e = Assert.Throws<CairoTraceException>(() => KeccakLane.Unpack(cells, "keccak instance 4"));
        Assert.Contains("keccak instance 4", e.Message);
        Assert.Contains("s6", e.Message);
        Assert.Contains("2^200", e.Message);
    }

    [Fact]
    public void Check_OutputForgedInTrace_FailsNamingTheInstance()
    {
        CairoRun run = Run([RandomInputs(new Random(5)), RandomInputs(new Random(6))]);
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        CairoAir air = ReferenceRun.AirFor(t, run.PublicInput);
        // The last instance: lane (k / cap), block (k mod cap); its output cell 3 sits in the memory slot on row 1600 + 3.
        int cap = t.Shape.Rows / KeccakLane.InstanceRows, k = 1, lane = k / cap, row0 = k % cap * KeccakLane.InstanceRows;
        int outRow = row0 + KeccakLane.OutputBlock * KeccakLane.BlockRows;
        t.Columns[t.Shape.LaneBase(LaneIndex, lane) + KeccakLane.MemoryAddress + 1][outRow + 3] += Felt.One;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Row == outRow && x.Constraint == $"keccak[{lane}]_memory_value[3]");
    }

    [Fact]
    public void Build_OutputForgedInMemory_ThrowsNamingTheInstance()
    {
        CairoRun run = Run([RandomInputs(new Random(7)), RandomInputs(new Random(8))]);
        ulong cell = run.PublicInput.Segment("keccak").BeginAddr + 16 + 8 + 5;
        Assert.True(run.Memory.TryGet(cell, out Felt v));
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(run.Trace, run.Memory.With(cell, v + Felt.One), run.PublicInput));
        Assert.Contains("keccak instance 1", e.Message);
    }

    [Fact]
    public void Verify_StateBitForgedInTrace_Rejects()
    {
        // A prover that skips the builder's and checker's checks (and the STARK prover's degree checks): one output
        // state bit flipped, the output cells left as memory has them.
        CairoRun run = Run([RandomInputs(new Random(9))]);
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        var statement = new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = s_binding };
        var air = new CairoAir(statement);
        ref Felt bit = ref t.Columns[t.Shape.LaneBase(LaneIndex, 0) + KeccakLane.State + 7][KeccakLane.OutputBlock * KeccakLane.BlockRows + 40];
        bit = bit.IsZero ? Felt.One : Felt.Zero;
        StarkParameters p = CairoProver.DefaultParameters(t.Shape.LogRows) with { NQueries = 8, ProofOfWorkBits = 0 };
        StarkProof proof = new StarkProver(p, ProverBackends.Cpu(2)) { CheckDegrees = false }.Prove(air, t.Columns);
        var doc = new CairoProof { Statement = statement, StarkProof = ProofSerializer.Write(proof) };
        Assert.Equal(CairoVerifyError.ProofInvalid, CairoVerifier.Verify(doc.ToJsonBytes(), s_binding, minimumSecurityBits: 0, rules: CairoStatementRules.AirOnly).Error);
    }

    [Fact]
    public void Prove_KeccakLaneOfDegreeThree_LowDegreeConstraintsOnHalfThePointsSameBytes()
    {
        // The lane's constraints of degree 3 give the composition two chunks; the prover evaluates the others (the
        // CPU's, the lane's of degree ≤ 2, the boundaries) on half the points, in recorded programs, and extends them.
        CairoRun run = Run([RandomInputs(new Random(11))]);
        CairoTrace t = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
        var air = new CairoAir(new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = s_binding });
        Assert.Equal(2, Zetina.Stark.Air.AirDomain.CompositionChunks(air));
        StarkParameters p = CairoProver.DefaultParameters(t.Shape.LogRows) with { NQueries = 8, ProofOfWorkBits = 0 };
        byte[] split = ProofSerializer.Write(new StarkProver(p, ProverBackends.Cpu(2)).Prove(air, Copy(t.Columns)));
        byte[] whole = ProofSerializer.Write(new StarkProver(p, ProverBackends.Cpu(2)) { SplitByDegree = false }.Prove(air, Copy(t.Columns)));
        Assert.Equal(whole, split);

        static Felt[][] Copy(Felt[][] columns) => [.. columns.Select(c => (Felt[])c.Clone())];
    }

    [Fact]
    public void Prove_OwnVmRunCallingKeccak_VerifiesUnderProofModeRules()
    {
        CairoRun run = Run([RandomInputs(new Random(1)), RandomInputs(new Random(2))]);
        var lines = new List<string>();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2, progress: lines.Add);
        double prove = sw.Elapsed.TotalMilliseconds;
        foreach (string l in lines) output.WriteLine(l);
        output.WriteLine($"{run.Trace.Length} steps, {proof.Statement.Shape.LaneCount("keccak")} keccak lanes, prove {prove:F0} ms, stark proof {proof.StarkProof.Length} bytes");
        Assert.True(proof.Statement.Shape.LaneCount("keccak") >= 1);
        CairoVerifyResult v = CairoVerifier.Verify(proof.ToJsonBytes(), s_binding);
        Assert.True(v.IsValid, v.Message);
        Assert.Equal(CairoStatementRules.ProofMode, v.Rules);
        Assert.Equal("starknet_with_keccak", v.Layout);
    }
}
