using System.Diagnostics;
using System.Numerics;
using System.Text;
using Xunit.Abstractions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Lanes;
using Zetina.Cairo.Hints;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Vm;
using MemorySegment = Zetina.Cairo.Run.MemorySegment;
using FeltValue = Zetina.Stark.Air.FeltValue;
using Zetina.Stark.Field;
using Zetina.Stark.Parameters;
using Zetina.Stark.Proof;
using Zetina.Stark.Prover;
using static Zetina.Cairo.Tests.Hints.HintHarness;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The add_mod and mul_mod lanes: batches filled by our VM's <c>run_mod_p_circuit</c> (cairo-lang's
/// <c>ModBuiltinRunner.fill_memory</c>, the oracle) satisfy every constraint; a changed result is caught by the
/// builder, the checker and the verifier; a result that holds only modulo the field cannot be laid out with integer
/// carries; our VM's proof-mode run of a hand-assembled program using both builtins proves and verifies.
/// </summary>
public sealed class ModLaneTests(ITestOutputHelper output)
{
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x3a1f5e9c27b4d8061fe2c3b5a7d9e1f2"), Felt.Parse("0x5c7e9a1b3d5f70819ab2c4d6e8f0a1b3"), Felt.Parse("0x2b4d6f8091a3c5e7f9b1d3e5a7c9e0f1"));
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x3d"), Felt.Parse("0x3e"));
    private static readonly BigInteger s_word = BigInteger.One << 96;

    private static int LaneIndex(string builtin) => CairoTraceShape.LaneBuiltins.ToList().IndexOf(builtin);

    private static BigInteger RandomBits(Random rng, int bits)
    {
        var bytes = new byte[bits / 8 + 2];
        rng.NextBytes(bytes);
        bytes[^1] = 0;
        return new BigInteger(bytes) & ((BigInteger.One << bits) - 1);
    }

    /// <summary>One batch of each builtin as our VM's run_mod_p_circuit leaves it: cells by segment, relocatable or felt.</summary>
    private sealed record VmBatches(Dictionary<(int Segment, long Offset), MaybeRelocatable> Cells, int AddSegment, int MulSegment, int Gates);

    /// <summary>
    /// Runs our VM's run_mod_p_circuit on <paramref name="gates"/> add gates and as many mul gates over one random p
    /// (seeded): each gate's a and b random below p, c left for the hint; the hint writes c and instances 1 … n − 1.
    /// </summary>
    private static VmBatches RunVmCircuit(int seed, int gates)
    {
        var rng = new Random(seed);
        BigInteger p = 0;
        while (p < 2) p = RandomBits(rng, 1 + rng.Next(384));
        var cells = new Dictionary<(int, long), MaybeRelocatable>();
        Relocatable addBase = default, mulBase = default, values = default, addOff = default, mulOff = default;
        void Setup(Memory m, Relocatable b)
        {
            addBase = m.GetRelocatable(new Relocatable(1, 0));
            mulBase = m.GetRelocatable(new Relocatable(1, 1));
            values = m.AddSegment();
            addOff = m.AddSegment();
            mulOff = m.AddSegment();
            for (int g = 0; g < 2 * gates; g++)
            {
                Relocatable table = g < gates ? addOff : mulOff;
                int at = 3 * (g % gates);
                for (int x = 0; x < 3; x++) m.Insert(table.Add(at + x), F(12 * g + 4 * x));
                for (int x = 0; x < 2; x++)
                {
                    BigInteger v = g == 0 && x == 0 ? p - 1 : RandomBits(rng, 384) % p;
                    for (int i = 0; i < 4; i++) m.Insert(values.Add(12 * g + 4 * x + i), F((v >> (96 * i)) & (s_word - 1)));
                }
            }
            foreach ((Relocatable inst, Relocatable offsets) in new[] { (addBase, addOff), (mulBase, mulOff) })
            {
                for (int i = 0; i < 4; i++) m.Insert(inst.Add(i), F((p >> (96 * i)) & (s_word - 1)));
                m.Insert(inst.Add(4), MaybeRelocatable.FromRelocatable(values));
                m.Insert(inst.Add(5), MaybeRelocatable.FromRelocatable(offsets));
                m.Insert(inst.Add(6), F(gates));
            }
            m.Insert(b, MaybeRelocatable.FromRelocatable(addBase.Add(7 * gates)));
            m.Insert(b.Add(1), MaybeRelocatable.FromRelocatable(mulBase.Add(7 * gates)));
            m.Insert(b.Add(2), MaybeRelocatable.FromRelocatable(addBase));
            m.Insert(b.Add(3), MaybeRelocatable.FromRelocatable(mulBase));
            m.Insert(b.Add(4), F(gates));
            m.Insert(b.Add(5), F(gates));
        }
        (string, string)[] ids = [("add_end", "felt*"), ("mul_end", "felt*"), ("add_mod_ptr", "felt*"), ("mul_mod_ptr", "felt*"), ("add_mod_n", "felt"), ("mul_mod_n", "felt")];
        CairoRunner r = RunAll([ModuloHints.RunModPCircuit], ids, Setup, builtins: ["add_mod", "mul_mod"]);
        void Copy(Relocatable from, long count)
        {
            for (long o = 0; o < count; o++)
            {
                MaybeRelocatable v = r.Vm.Memory.Get(from.Add(o));
                Assert.False(v.IsEmpty, $"seed {seed}: the VM left cell {from.Add(o)} empty");
                cells[(from.Segment, from.Offset + o)] = v;
            }
        }
        Copy(addBase, 7 * gates);
        Copy(mulBase, 7 * gates);
        Copy(values, 24 * gates);
        Copy(addOff, 3 * gates);
        Copy(mulOff, 3 * gates);
        return new VmBatches(cells, addBase.Segment, mulBase.Segment, gates);
    }

    /// <summary>
    /// The 512-step fibonacci run (all_cairo) with the VM's batches placed after its last address: each VM segment
    /// at its own base (add_mod first, mul_mod next, then the values and offsets tables).
    /// </summary>
    private static (RegisterState[] Trace, MemoryImage Memory, AirPublicInput Input, ulong AddBegin, ulong MulBegin) SplicedRun(VmBatches batches, string basisCase = "c1_stone_e2e_fibonacci_small")
    {
        ReferenceRun basis = ReferenceRun.Load(basisCase);
        AirPublicInput b = basis.PublicInput;
        ulong next = 0;
        foreach (MemorySegment seg in b.MemorySegments) next = Math.Max(next, seg.StopPtr);
        var bases = new Dictionary<int, ulong>();
        foreach (int s in batches.Cells.Keys.Select(k => k.Segment).Distinct().Order())
        {
            bases[s] = next;
            next += 100 + 30 * (ulong)batches.Gates;
        }
        ulong Address(int segment, long offset) => bases[segment] + (ulong)offset;
        var addrs = basis.Memory.Addresses.ToArray().ToList();
        var vals = basis.Memory.Values.ToArray().ToList();
        foreach (((int seg, long off), MaybeRelocatable v) in batches.Cells)
        {
            addrs.Add(Address(seg, off));
            vals.Add(v.IsRelocatable ? (Felt)Address(v.Relocatable.Segment, v.Relocatable.Offset) : v.Felt);
        }
        ulong addBegin = bases[batches.AddSegment], mulBegin = bases[batches.MulSegment];
        ulong cells = (ulong)(ModLane.CellsPerInstance * batches.Gates);
        var segs = b.MemorySegments.Where(x => x.Name is not ("add_mod" or "mul_mod")).ToList();
        segs.Add(new MemorySegment("add_mod", addBegin, addBegin + cells));
        segs.Add(new MemorySegment("mul_mod", mulBegin, mulBegin + cells));
        var pi = new AirPublicInput { Layout = "all_cairo", RcMin = b.RcMin, RcMax = b.RcMax, NSteps = b.NSteps, MemorySegments = segs, PublicMemory = b.PublicMemory };
        return (basis.Trace, MemoryImage.FromCells([.. addrs], [.. vals]), pi, addBegin, mulBegin);
    }

    [Fact]
    public void Check_RandomBatchesFilledByVmCircuit_SatisfiesAllConstraints()
    {
        for (int i = 0; i < 3; i++)
        {
            int seed = Random.Shared.Next();
            output.WriteLine($"seed {seed}");
            (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, _, _) = SplicedRun(RunVmCircuit(seed, 3));
            CairoTrace t = CairoTraceBuilder.Build(trace, mem, pi);
            Assert.True(t.Shape.LaneCount("add_mod") == 1 && t.Shape.LaneCount("mul_mod") == 1, $"seed {seed}: lanes {t.Shape.LaneCount("add_mod")}, {t.Shape.LaneCount("mul_mod")}");
            List<ConstraintFailure> f = CairoTraceChecker.Check(ReferenceRun.AirFor(t, pi), t, s_ch);
            Assert.True(f.Count == 0, $"seed {seed}: " + string.Join("; ", f.Take(10)));
        }
    }

    [Theory]
    [InlineData("add_mod")]
    [InlineData("mul_mod")]
    public void Check_ResultWordForgedInTrace_FailsNamingTheInstance(string builtin)
    {
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, _, _) = SplicedRun(RunVmCircuit(5, 3));
        CairoTrace t = CairoTraceBuilder.Build(trace, mem, pi);
        CairoAir air = ReferenceRun.AirFor(t, pi);
        // Instance 1 (block 1, rows 128–255): its c0 is the memory slot's value on the block's row 18.
        t.Columns[t.Shape.LaneBase(LaneIndex(builtin), 0) + ModLane.MemoryValue][ModLane.InstanceRows + 18] += Felt.One;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Row == ModLane.InstanceRows && x.Constraint == $"{builtin}[0]_memory_value[18]");
    }

    [Theory]
    [InlineData("add_mod")]
    [InlineData("mul_mod")]
    public void Build_ResultWordForgedInMemory_ThrowsNamingTheInstance(string builtin)
    {
        VmBatches batches = RunVmCircuit(7, 3);
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, ulong addBegin, ulong mulBegin) = SplicedRun(batches);
        // Instance 2's c0: values_ptr + c_offset, both read back from the spliced memory.
        ulong inst = (builtin == "add_mod" ? addBegin : mulBegin) + 14;
        Assert.True(mem.TryGet(inst + 4, out Felt valuesPtr));
        Assert.True(mem.TryGet(inst + 5, out Felt offsetsPtr));
        Assert.True(mem.TryGet(Addr(offsetsPtr) + 2, out Felt cOffset));
        ulong c0 = Addr(valuesPtr) + Addr(cOffset);
        Assert.True(mem.TryGet(c0, out Felt old));
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(trace, mem.With(c0, old + Felt.One), pi));
        Assert.Contains($"{builtin} instance 2", e.Message);
    }

    private static ulong Addr(in Felt v)
    {
        v.ToCanonical(out ulong x0, out _, out _, out _);
        return x0;
    }

    [Fact]
    public void Build_BatchNextOffsetsPointerForged_ThrowsNamingTheInstance()
    {
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, ulong addBegin, _) = SplicedRun(RunVmCircuit(9, 3));
        Assert.True(mem.TryGet(addBegin + 7 + 5, out Felt offsetsPtr));
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(trace, mem.With(addBegin + 7 + 5, offsetsPtr + 3UL), pi));
        Assert.Contains("add_mod instance 0", e.Message);
        Assert.Contains("offsets_ptr", e.Message);
    }

    [Fact]
    public void Check_BatchNextNForgedInTrace_FailsTheChain()
    {
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, _, _) = SplicedRun(RunVmCircuit(11, 3));
        CairoTrace t = CairoTraceBuilder.Build(trace, mem, pi);
        CairoAir air = ReferenceRun.AirFor(t, pi);
        // Instance 1 claims n = 1 (it is 2): the batch would end one gate early.
        t.Columns[t.Shape.LaneBase(LaneIndex("mul_mod"), 0) + ModLane.MemoryValue][ModLane.InstanceRows + 6] = Felt.One;
        List<ConstraintFailure> f = CairoTraceChecker.Check(air, t, s_ch);
        Assert.Contains(f, x => x.Row == 0 && x.Constraint == "mul_mod[0]_chain_n");
    }

    [Fact]
    public void Verify_ResultWordForgedInTrace_Rejects()
    {
        // A prover that skips the builder's and checker's checks (and the STARK prover's degree checks).
        (RegisterState[] trace, MemoryImage mem, AirPublicInput pi, _, _) = SplicedRun(RunVmCircuit(13, 2));
        CairoTrace t = CairoTraceBuilder.Build(trace, mem, pi);
        var statement = new CairoStatement { PublicInput = pi, Shape = t.Shape, Binding = s_binding };
        var air = new CairoAir(statement);
        t.Columns[t.Shape.LaneBase(LaneIndex("add_mod"), 0) + ModLane.MemoryValue][18] += Felt.One;
        StarkParameters p = CairoProver.DefaultParameters(t.Shape.LogRows) with { NQueries = 8, ProofOfWorkBits = 0 };
        StarkProof proof = new StarkProver(p, ProverBackends.Cpu(2)) { CheckDegrees = false }.Prove(air, t.Columns);
        var doc = new CairoProof { Statement = statement, StarkProof = ProofSerializer.Write(proof) };
        Assert.Equal(CairoVerifyError.ProofInvalid, CairoVerifier.Verify(doc.ToJsonBytes(), s_binding, minimumSecurityBits: 0, rules: CairoStatementRules.AirOnly).Error);
    }

    /// <summary>Failing "row:name" pairs of one lane of two blocks evaluated alone (the AIR's transition rows).</summary>
    private static List<string> CheckLane(ModLane lane, Felt[][] cols)
    {
        int n = cols[0].Length;
        var names = new List<string>();
        lane.AddConstraints(0, (name, _) => names.Add(name));
        IReadOnlyList<(int Column, int Row)> next = lane.NextEntries;
        IReadOnlyList<Felt[]> per = lane.Periodic;
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
            lane.Evaluate(FeltValue.Of(frame), 0, at, FeltValue.Of(p), FeltValue.Of(result.AsSpan()), ref o);
            Assert.Equal(names.Count, o);
            for (int k = 0; k < result.Length; k++) if (!result[k].IsZero) failures.Add($"{row}:{names[k]}");
        }
        return failures;
    }

    /// <summary>One instance's 22 reads at fixed addresses (cell 100, values at 200, offsets at 300), n = 1.</summary>
    private static (ulong[] Addresses, Felt[] Values) Reads(BigInteger p, BigInteger a, BigInteger b, BigInteger c)
    {
        var addresses = new ulong[ModLane.Reads];
        var values = new Felt[ModLane.Reads];
        for (int j = 0; j < 7; j++) addresses[j] = 100UL + (ulong)j;
        for (int i = 0; i < 4; i++) values[i] = Felt.FromBigInteger((p >> (96 * i)) & (s_word - 1));
        values[4] = 200UL; values[5] = 300UL; values[6] = Felt.One;
        BigInteger[] xs = [a, b, c];
        for (int x = 0; x < 3; x++)
        {
            addresses[7 + x] = 300UL + (ulong)x;
            values[7 + x] = (ulong)(4 * x);
            for (int i = 0; i < 4; i++)
            {
                addresses[10 + 4 * x + i] = 200UL + (ulong)(4 * x + i);
                values[10 + 4 * x + i] = Felt.FromBigInteger((xs[x] >> (96 * i)) & (s_word - 1));
            }
        }
        return (addresses, values);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lane_ExtremeWords_SatisfiesAll(bool mul)
    {
        ModOperation op = mul ? ModOperation.Mul : ModOperation.Add;
        // p = 2^384 − 1 and a = b = p − 1: every word 2^96 − 1 or 2^96 − 2, the largest products and carries.
        BigInteger p = (BigInteger.One << 384) - 1, a = p - 1, b = p - 1;
        BigInteger c = op == ModOperation.Add ? a + b - p : a * b % p;
        (ulong[] addresses, Felt[] values) = Reads(p, a, b, c);
        ModInstance inst = ModInstance.Solve(op, addresses, values, "test");
        List<string> f = CheckLane(new ModLane(op), ModLane.FillLane(op, 2 * ModLane.InstanceRows, 100, [inst], null));
        Assert.True(f.Count == 0, string.Join("; ", f.Take(10)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lane_ResultCorrectOnlyModuloTheField_FailsTheCarryBits(bool mul)
    {
        ModOperation op = mul ? ModOperation.Mul : ModOperation.Add;
        // c' = c + q (q the Stark field's prime): a op b − c' − k·p = −q ≡ 0 in the field, so one field equation over
        // the whole values would accept it. The lane's word equations do too if the carries may be any field elements:
        // d_t = (S_t + d_(t−1))/2^96 in the field. Those are not integers below 2^99, so their bits fail.
        var rng = new Random(21);
        BigInteger p = RandomBits(rng, 300) | 1, a = RandomBits(rng, 299), b = RandomBits(rng, 299);
        BigInteger c = op == ModOperation.Add ? (a + b) % p : a * b % p;
        BigInteger k = ((op == ModOperation.Add ? a + b : a * b) - c) / p, forged = c + Felt.Modulus;
        (ulong[] addresses, Felt[] values) = Reads(p, a, b, forged);
        Assert.Throws<CairoTraceException>(() => ModInstance.Solve(op, addresses, values, "test"));
        (ulong[] honestAddresses, Felt[] honestValues) = Reads(p, a, b, c);
        ModInstance honest = ModInstance.Solve(op, honestAddresses, honestValues, "test");
        ModInstance cheat = honest with { Values = values, C = forged };
        const int n = 2 * ModLane.InstanceRows;
        Felt[][] cols = ModLane.FillLane(op, n, 100, [cheat], null);
        // The field carries, written as the carry's value on row 0 (s = d + 2^99 + 2^100·s[+100]).
        BigInteger[] W(BigInteger x) => Enumerable.Range(0, 4).Select(i => (x >> (96 * i)) & (s_word - 1)).ToArray();
        BigInteger[] pw = W(p), aw = W(a), bw = W(b), cw = W(forged), kw = W(k);
        Felt inv = Felt.FromBigInteger(s_word).Inverse(), d = Felt.Zero;
        for (int t = 0; t < ModLane.Carries; t++)
        {
            BigInteger s = t < 4 ? -cw[t] : 0;
            if (op == ModOperation.Add && t < 4) s += aw[t] + bw[t];
            for (int i = Math.Max(0, t - 3); i <= Math.Min(t, 3); i++) s += (op == ModOperation.Mul ? aw[i] * bw[t - i] : 0) - kw[i] * pw[t - i];
            d = (Felt.FromBigInteger(s) + d) * inv;
            cols[ModLane.Carry(t)][0] = d + Felt.FromBigInteger(ModLane.CarryBias) + Felt.FromBigInteger(BigInteger.One << 100) * cols[ModLane.Carry(t)][100];
        }
        List<string> f = CheckLane(new ModLane(op), cols);
        string name = op == ModOperation.Add ? "add_mod" : "mul_mod";
        // Every word equation holds in the field; only the carries' bits (their range) refuse the instance.
        Assert.DoesNotContain(f, x => x.Contains("_result[", StringComparison.Ordinal));
        Assert.DoesNotContain(f, x => x.Contains("_memory_value[", StringComparison.Ordinal));
        Assert.Contains($"0:{name}[0]_bit[carry0]", f);
    }

    [Fact]
    public void Lane_AddQuotientTwo_FailsKBit()
    {
        // a + b = c + 2p holds over the integers with every word below 2^96, but add_mod's k_bound is 2.
        BigInteger p = 1000, a = 2500, b = 600, c = 1100;
        (ulong[] addresses, Felt[] values) = Reads(p, a, b, c);
        Assert.Throws<CairoTraceException>(() => ModInstance.Solve(ModOperation.Add, addresses, values, "test"));
        ModInstance inst = new(Felt.One, addresses, values, p, a, b, c, 2, ModInstance.CarriesOf(ModOperation.Add, p, a, b, c, 2));
        List<string> f = CheckLane(new ModLane(ModOperation.Add), ModLane.FillLane(ModOperation.Add, 2 * ModLane.InstanceRows, 100, [inst], null));
        Assert.Equal(["0:add_mod[0]_k_bit"], f);
    }

    [Fact]
    public void Lane_ZeroModulus_FailsPNonzero()
    {
        (ulong[] addresses, Felt[] values) = Reads(0, 5, 7, 12);
        Assert.Throws<CairoTraceException>(() => ModInstance.Solve(ModOperation.Add, addresses, values, "test"));
        ModInstance inst = new(Felt.One, addresses, values, 0, 5, 7, 12, 0, ModInstance.CarriesOf(ModOperation.Add, 0, 5, 7, 12, 0));
        List<string> f = CheckLane(new ModLane(ModOperation.Add), ModLane.FillLane(ModOperation.Add, 2 * ModLane.InstanceRows, 100, [inst], null));
        Assert.Equal(["0:add_mod[0]_p_nonzero"], f);
    }

    /// <summary>
    /// <c>main{add_mod_ptr, mul_mod_ptr}</c> (pointers at fp − 4, fp − 3): pushes the values table and the offsets
    /// tables onto its frame (fp = [fp − 2] + 4 in proof mode), writes every instance's seven cells, and returns the
    /// pointers advanced past them.
    /// </summary>
    private static CairoProgram ModProgram(BigInteger[] valueTable, long[] addOffsets, long[] mulOffsets,
        (BigInteger P, int Gate, long N)[] addInstances, (BigInteger P, int Gate, long N)[] mulInstances)
    {
        var words = new List<string>();
        void Push(BigInteger imm) { words.Add("0x480680017fff8000"); words.Add("0x" + imm.ToString("x")); }
        foreach (BigInteger v in valueTable)
            for (int i = 0; i < 4; i++) Push((v >> (96 * i)) & (s_word - 1));
        foreach (long o in addOffsets.Concat(mulOffsets)) Push(o);
        int values = 4 * valueTable.Length;
        void Instances((BigInteger P, int Gate, long N)[] list, string ptr, int offsetsBase)
        {
            for (int k = 0; k < list.Length; k++)
            {
                void Store(int j) => words.Add($"0x4002{0x8000 + 7 * k + j:x4}{ptr}7fff"); // [ap − 1] = [[fp + ptr] + 7k + j]
                for (int i = 0; i < 4; i++) { Push((list[k].P >> (96 * i)) & (s_word - 1)); Store(i); }
                words.Add("0x482680017ffe8000"); words.Add("0x4"); Store(4);                                   // values_ptr = fp
                words.Add("0x482680017ffe8000"); words.Add("0x" + (4 + offsetsBase + 3 * list[k].Gate).ToString("x")); Store(5);
                Push(list[k].N); Store(6);
            }
        }
        Instances(addInstances, "7ffc", values);
        Instances(mulInstances, "7ffd", values + addOffsets.Length);
        words.Add("0x482680017ffc8000"); words.Add("0x" + (7 * addInstances.Length).ToString("x"));
        words.Add("0x482680017ffd8000"); words.Add("0x" + (7 * mulInstances.Length).ToString("x"));
        words.Add("0x208b7fff7fff7ffe");
        string json = "{\"prime\":\"0x800000000000011000000000000000000000000000000000000000000000001\",\"builtins\":[\"add_mod\",\"mul_mod\"],\"data\":["
            + string.Join(",", words.Select(w => "\"" + w + "\"")) + "],\"hints\":{},\"main_scope\":\"__main__\","
            + "\"identifiers\":{\"__main__.main\":{\"pc\":0,\"type\":\"function\"}},\"reference_manager\":{\"references\":[]},\"attributes\":[],\"debug_info\":null}";
        return ProgramLoader.Load(Encoding.UTF8.GetBytes(json));
    }

    [Fact]
    public void Prove_OwnVmRunUsingAddModAndMulMod_VerifiesUnderProofModeRules()
    {
        // add_mod: a batch of two gates over p1 (n = 2, then 1) and a one-gate batch over p2; mul_mod: two gates over p1.
        var rng = new Random(31);
        BigInteger p1 = RandomBits(rng, 381) | 1, p2 = RandomBits(rng, 200) | 1;
        BigInteger x0 = p1 - 1, x1 = RandomBits(rng, 380) % p1, x2 = (x0 + x1) % p1, x3 = RandomBits(rng, 370) % p1;
        BigInteger x4 = (x2 + x3) % p1, x5 = RandomBits(rng, 199) % p2, x6 = RandomBits(rng, 199) % p2, x7 = (x5 + x6) % p2;
        BigInteger x8 = x2 * x4 % p1, x9 = x8 * x8 % p1;
        BigInteger[] table = [x0, x1, x2, x3, x4, x5, x6, x7, x8, x9];
        long[] addOffsets = [0, 4, 8, 8, 12, 16, 20, 24, 28];        // x2 = x0 + x1, x4 = x2 + x3, x7 = x5 + x6
        long[] mulOffsets = [8, 16, 32, 32, 32, 36];                 // x8 = x2·x4, x9 = x8·x8
        CairoProgram program = ModProgram(table, addOffsets, mulOffsets, [(p1, 0, 2), (p1, 1, 1), (p2, 2, 1)], [(p1, 0, 2), (p1, 1, 1)]);
        var runner = new CairoRunner(program, new RunOptions { ProofMode = true, Layout = CairoLayout.AllCairo });
        runner.Run();
        CairoRun run = runner.Result;
        Assert.Equal(21UL, run.PublicInput.Segment("add_mod").StopPtr - run.PublicInput.Segment("add_mod").BeginAddr);
        Assert.Equal(14UL, run.PublicInput.Segment("mul_mod").StopPtr - run.PublicInput.Segment("mul_mod").BeginAddr);
        var lines = new List<string>();
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2, progress: lines.Add);
        output.WriteLine($"{run.Trace.Length} steps, prove {sw.ElapsedMilliseconds} ms");
        foreach (string l in lines) output.WriteLine(l);
        Assert.Equal(1, proof.Statement.Shape.LaneCount("add_mod"));
        Assert.Equal(1, proof.Statement.Shape.LaneCount("mul_mod"));
        CairoVerifyResult v = CairoVerifier.Verify(proof.ToJsonBytes(), s_binding);
        Assert.True(v.IsValid, v.Message);
        Assert.Equal(CairoStatementRules.ProofMode, v.Rules);
        Assert.Equal("all_cairo", v.Layout);
    }

    [Fact]
    public void Prove_RunWithoutModBuiltins_DocumentNamesNeither()
    {
        // The statement names a lane added after format 3 only when used, so older proofs keep their transcript.
        ReferenceRun run = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        CairoTrace t = run.BuildTrace();
        var statement = new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape, Binding = s_binding };
        Assert.DoesNotContain("add_mod", t.Shape.StatedLaneBuiltins());
        Assert.Contains("ec_op", t.Shape.StatedLaneBuiltins());
        Assert.Contains("mul_mod", t.Shape.WithLanes("mul_mod", 1).StatedLaneBuiltins());
        Assert.Equal(statement.ToFelts().Length + 2, new CairoStatement { PublicInput = run.PublicInput, Shape = t.Shape.WithLanes("mul_mod", 1), Binding = s_binding }.ToFelts().Length);
    }
}
