using System.Text;
using Zetina.Cairo.Air;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Cairo.Tests.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Security;

/// <summary>
/// What a dishonest executor sends instead of an honest statement. The two attacks that were paid before the
/// statement was pinned are proved here with the AIR-only rules (the STARK accepts them: the attack is real) and
/// then refused by the default rules, by name.
/// </summary>
public sealed class StatementAttackTests
{
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x5ec"), Felt.Parse("0xbad"));

    private static AirPublicInput With(AirPublicInput pi, IReadOnlyList<MemorySegment>? segments = null, IReadOnlyList<PublicMemoryEntry>? memory = null, long? nSteps = null) =>
        new() { Layout = pi.Layout, RcMin = pi.RcMin, RcMax = pi.RcMax, NSteps = nSteps ?? pi.NSteps, MemorySegments = segments ?? pi.MemorySegments, PublicMemory = memory ?? pi.PublicMemory };

    private static List<MemorySegment> Moved(AirPublicInput pi, string name, ulong begin, ulong stop) =>
        pi.MemorySegments.Select(s => s.Name == name ? new MemorySegment(name, begin, stop) : s).ToList();

    /// <summary>The memory with one more cell written (the forger's fresh output cell).</summary>
    private static MemoryImage WithCell(MemoryImage m, ulong address, Felt value)
    {
        var cells = new SortedDictionary<ulong, Felt>();
        for (int i = 0; i < m.Count; i++) cells[m.Addresses[i]] = m.Values[i];
        cells[address] = value;
        return MemoryImage.FromCells(cells.Keys.ToArray(), cells.Values.ToArray());
    }

    private static StatementRefusal Check(CairoRun run, AirPublicInput pi, out string? reason) =>
        StatementCheck.Check(pi, run.ProgramMain, run.ProgramBuiltins, CairoStatementRules.ProofMode, out reason);

    [Fact]
    public void ForgedOutput_PrefixDroppedAndOutputMovedToAFreshCell_StarkAcceptsButStatementRefused()
    {
        CairoRun run = ReferenceRun.ProverInput("c0_fibonacci_hint_recursive");
        AirPublicInput pi = run.PublicInput;
        ulong exec = pi.Segment("execution").BeginAddr;
        MemorySegment output = pi.Segment("output");
        const ulong fresh = 106; // the cell after the honest output; the empty pedersen segment begins there
        var memory = pi.PublicMemory.Where(e => e.Address != exec - 2 && e.Address != exec - 1 && (e.Address < output.BeginAddr || e.Address >= output.StopPtr)).ToList();
        memory.Add(new PublicMemoryEntry(fresh, 0x539UL, 0));
        AirPublicInput forged = With(pi, Moved(pi, "output", fresh, fresh + 1), memory);
        CairoRun attack = run with { PublicInput = forged, Memory = WithCell(run.Memory, fresh, 0x539UL) };

        byte[] proof = CairoProver.Prove(attack, s_binding, maxThreads: 2, rules: CairoStatementRules.AirOnly).ToJsonBytes();

        CairoVerifyResult airOnly = CairoVerifier.Verify(proof, s_binding, rules: CairoStatementRules.AirOnly);
        Assert.True(airOnly.IsValid, airOnly.Message);
        Assert.Equal([(Felt)0x539UL], airOnly.Output);
        CairoVerifyResult pinned = CairoVerifier.Verify(proof, s_binding, expectedProgramHash: airOnly.ProgramHash);
        Assert.Equal(CairoVerifyError.StatementInvalid, pinned.Error);
        Assert.Equal(StatementRefusal.ExecutionPrefixMissing, pinned.Refusal);
        // The unmodified prover refuses the same statement before proving.
        Assert.Equal(StatementRefusal.ExecutionPrefixMissing, Assert.Throws<CairoStatementException>(() => CairoProver.Prove(attack, s_binding, maxThreads: 2)).Refusal);
    }

    [Fact]
    public void ForgedOutput_PrefixKeptAndOutputMoved_RefusedAsPointerMismatch()
    {
        CairoRun run = ReferenceRun.ProverInput("c0_fibonacci_hint_recursive");
        AirPublicInput pi = run.PublicInput;
        var memory = pi.PublicMemory.ToList();
        memory.Add(new PublicMemoryEntry(106, 0x539UL, 0));
        Assert.Equal(StatementRefusal.None, Check(run, pi, out string? honest));
        Assert.Equal(StatementRefusal.BuiltinPointerMismatch, Check(run, With(pi, Moved(pi, "output", 106, 107), memory), out string? reason));
        Assert.Contains("'output' begins at 106, but main received 0x68", reason);
    }

    [Fact]
    public void EarlyStop_FirstEightStepsOfA512StepRun_StarkAcceptsButStatementRefused()
    {
        var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(9)), new RunOptions { ProofMode = true, Layout = CairoLayout.Plain });
        runner.Run();
        CairoRun run = runner.Result;
        Assert.Equal(512, run.Trace.Length);
        RegisterState last = run.Trace[7];
        AirPublicInput pi = run.PublicInput;
        var segments = pi.MemorySegments.Select(s => s.Name switch
        {
            "program" => new MemorySegment("program", s.BeginAddr, last.Pc),
            "execution" => new MemorySegment("execution", s.BeginAddr, last.Ap),
            _ => s,
        }).ToList();
        CairoRun early = run with { Trace = run.Trace[..8], PublicInput = With(pi, segments, nSteps: 8) };

        byte[] proof = CairoProver.Prove(early, s_binding, maxThreads: 2, rules: CairoStatementRules.AirOnly).ToJsonBytes();

        CairoVerifyResult airOnly = CairoVerifier.Verify(proof, s_binding, rules: CairoStatementRules.AirOnly);
        Assert.True(airOnly.IsValid, airOnly.Message);
        Assert.Equal(8, airOnly.NSteps);
        CairoVerifyResult pinned = CairoVerifier.Verify(proof, s_binding, expectedProgramHash: airOnly.ProgramHash);
        Assert.Equal(StatementRefusal.RunNotFinished, pinned.Refusal);
        Assert.Contains("__end__", pinned.Message);
    }

    [Fact]
    public void UsedBuiltin_DeclaredEmpty_RefusedAsPointerMismatch()
    {
        var runner = new CairoRunner(BenchProgram.RangeCheck(5), new RunOptions { ProofMode = true, Layout = CairoLayout.Small });
        runner.Run();
        CairoRun run = runner.Result;
        AirPublicInput pi = run.PublicInput;
        MemorySegment rc = pi.Segment("range_check");
        Assert.Equal(1UL, rc.Used);
        Assert.Equal(StatementRefusal.None, Check(run, pi, out _));
        // Declared unused, the written cell would escape the range_check constraints; main returned begin + 1.
        Assert.Equal(StatementRefusal.BuiltinPointerMismatch, Check(run, With(pi, Moved(pi, "range_check", rc.BeginAddr, rc.BeginAddr)), out string? reason));
        Assert.Contains("main returned", reason);
        // Moved by one cell, likewise.
        Assert.Equal(StatementRefusal.BuiltinPointerMismatch, Check(run, With(pi, Moved(pi, "range_check", rc.BeginAddr + 1, rc.StopPtr + 1)), out _));
    }

    [Fact]
    public void UsedBuiltin_NotAmongTheProgramsBuiltins_Refused()
    {
        var runner = new CairoRunner(BenchProgram.RangeCheck(5), new RunOptions { ProofMode = true, Layout = CairoLayout.Small });
        runner.Run();
        CairoRun run = runner.Result;
        // A header that names no builtin: the entry code still reserves one pointer.
        Assert.Equal(StatementRefusal.BuiltinsMismatch,
            StatementCheck.Check(run.PublicInput, run.ProgramMain, [], CairoStatementRules.ProofMode, out _));
        // A used segment the program was not given (the empty ecdsa segment made to hold a cell after everything else).
        AirPublicInput pi = run.PublicInput;
        ulong top = pi.MemorySegments.Max(s => s.StopPtr) + 10;
        Assert.Equal(StatementRefusal.UndeclaredBuiltinUsed, Check(run, With(pi, Moved(pi, "ecdsa", top, top + 2)), out string? reason));
        Assert.Contains("ecdsa", reason);
    }

    [Fact]
    public void BuiltinSegment_OverlappingTheExecutionSegment_Refused()
    {
        var runner = new CairoRunner(BenchProgram.RangeCheck(5), new RunOptions { ProofMode = true, Layout = CairoLayout.Small });
        runner.Run();
        CairoRun run = runner.Result;
        AirPublicInput pi = run.PublicInput;
        MemorySegment exec = pi.Segment("execution");
        ulong inside = exec.BeginAddr + 1;
        // The pointers main received and returned restated to match, so only the overlap is wrong.
        int k = run.ProgramBuiltins.Count;
        int slot = run.ProgramBuiltins.ToList().IndexOf("range_check");
        var memory = pi.PublicMemory.Select(e =>
            e.Address == exec.BeginAddr + (ulong)slot ? e with { Value = inside }
            : e.Address == exec.StopPtr - (ulong)k + (ulong)slot ? e with { Value = inside + 1 }
            : e).ToList();
        Assert.Equal(StatementRefusal.SegmentsOverlap, Check(run, With(pi, Moved(pi, "range_check", inside, inside + 1), memory), out string? reason));
        Assert.Contains("overlap", reason);
    }

    [Fact]
    public void MainElsewhere_ThanTheEntryCodeCalls_Refused()
    {
        CairoRun run = ReferenceRun.ProverInput("c0_fibonacci_hint_recursive");
        Assert.Equal(6UL, run.ProgramMain);
        Assert.Equal(StatementRefusal.MainMismatch,
            StatementCheck.Check(run.PublicInput, run.ProgramMain + 1, run.ProgramBuiltins, CairoStatementRules.ProofMode, out string? reason));
        Assert.Contains("calls 0x6", reason);
    }

    [Fact]
    public void ProgramWord_NotPublic_Refused()
    {
        CairoRun run = ReferenceRun.ProverInput("c0_fibonacci_hint_recursive");
        AirPublicInput pi = run.PublicInput;
        Assert.Equal(StatementRefusal.ProgramNotPublic, Check(run, With(pi, memory: pi.PublicMemory.Where(e => e.Address != 20).ToList()), out string? reason));
        Assert.Contains("20", reason);
    }

    [Fact]
    public void ProgramSegment_NotAtAddressOne_Refused()
    {
        CairoRun run = ReferenceRun.ProverInput("c0_fibonacci_hint_recursive");
        AirPublicInput pi = run.PublicInput;
        Assert.Equal(StatementRefusal.ProgramNotAtStart, Check(run, With(pi, Moved(pi, "program", 7, 11)), out _));
    }

    [Theory]
    [InlineData("c1_stone_e2e_fibonacci_small")]
    [InlineData("c1_dipdup_fibonacci_small")]
    [InlineData("c0_stone_cpu_air_test_instructions_plain")]
    public void RunWithoutTheProofModeEntryCode_Refused(string name)
    {
        ReferenceRun run = ReferenceRun.Load(name);
        Assert.Equal(StatementRefusal.EntryCodeMissing, StatementCheck.Check(run.PublicInput, 0, [], CairoStatementRules.ProofMode, out string? reason));
        Assert.Contains("entry code", reason);
        Assert.Equal(StatementRefusal.None, StatementCheck.Check(run.PublicInput, 0, [], CairoStatementRules.AirOnly, out _));
    }

    [Fact]
    public void OutputCell_NotPublic_RefusedByProverAndVerifier()
    {
        CairoRun run = ReferenceRun.ProverInput("c0_fibonacci_hint_recursive");
        AirPublicInput pi = run.PublicInput;
        CairoRun hidden = run with { PublicInput = With(pi, memory: pi.PublicMemory.Where(e => e.Address != 105).ToList()) };
        foreach (CairoStatementRules rules in new[] { CairoStatementRules.ProofMode, CairoStatementRules.AirOnly })
        {
            CairoStatementException e = Assert.Throws<CairoStatementException>(() => CairoProver.Prove(hidden, s_binding, maxThreads: 2, rules: rules));
            Assert.Equal(StatementRefusal.OutputNotPublic, e.Refusal);
        }
    }

    /// <summary>A 500-byte document whose output segment spans 2^31 cells: refused before anything is allocated.</summary>
    [Theory]
    [InlineData("output", 10, 2147483647)]
    [InlineData("range_check", 10, 2147483647)]
    public void TinyDocument_HugeSegment_RefusedWithoutAllocating(string name, long begin, long stop)
    {
        string json = "{\"version\":3,\"public_input\":{\"layout\":\"small\",\"rc_min\":0,\"rc_max\":100,\"n_steps\":8,"
            + "\"memory_segments\":{\"program\":{\"begin_addr\":1,\"stop_ptr\":5},\"execution\":{\"begin_addr\":9,\"stop_ptr\":10},"
            + $"\"{name}\":{{\"begin_addr\":{begin},\"stop_ptr\":{stop}}}}},"
            + "\"public_memory\":[{\"address\":1,\"value\":\"0x1\",\"page\":0}]},"
            + "\"program_main\":0,\"program_builtins\":[],\"shape\":{\"log_rows\":3,\"range_check_builtin\":false,\"extra_memory_slots\":1,\"extra_range_check_slots\":1},"
            + "\"binding\":{\"job_id\":\"0x0\",\"executor_address\":\"0x0\"},\"program_hash\":\"0x0\",\"output\":[],\"stark_proof\":\"00\"}";
        byte[] doc = Encoding.UTF8.GetBytes(json);
        Assert.True(doc.Length < 600, $"{doc.Length} bytes");
        foreach (CairoStatementRules rules in new[] { CairoStatementRules.ProofMode, CairoStatementRules.AirOnly })
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            CairoVerifyResult r = CairoVerifier.Verify(doc, default, rules: rules);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.False(r.IsValid);
            Assert.Equal(CairoVerifyError.StatementInvalid, r.Error);
            Assert.True(allocated < 1 << 20, $"{rules}: {allocated} bytes allocated for a {doc.Length}-byte document ({r.Message})");
        }
    }

    [Fact]
    public void MaskedCommitmentHash_160BitDigest_RefusedByName()
    {
        var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(6)), new RunOptions { ProofMode = true, Layout = CairoLayout.Plain });
        runner.Run();
        CairoRun run = runner.Result;
        var parameters = CairoProver.DefaultParameters(6) with { Hash = "keccak256_masked160_lsb" };
        byte[] proof = CairoProver.Prove(run, s_binding, parameters, maxThreads: 2).ToJsonBytes();
        CairoVerifyResult r = CairoVerifier.Verify(proof, s_binding, minimumSecurityBits: 0);
        Assert.Equal(CairoVerifyError.ParametersRefused, r.Error);
        Assert.Contains("keccak256_masked160_lsb", r.Message);
        // At the default minimum the estimate alone would refuse it too: 80-bit collision resistance.
        Assert.Equal(80, parameters.ConjecturedSecurityBits(6));
    }
}
