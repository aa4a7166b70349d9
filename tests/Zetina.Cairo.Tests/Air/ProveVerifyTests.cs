using System.Diagnostics;
using Xunit.Abstractions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Air.Files;
using Zetina.Cairo.Prover;
using Zetina.Stark.Field;
using Zetina.Tests.Shared;

namespace Zetina.Cairo.Tests.Air;

/// <summary>One proof per reference case, shared by the tests of a class (proving is the slow part).</summary>
public sealed class SmallCaseProofFixture
{
    public static readonly CairoBinding Binding = new(Felt.Parse("0x10b"), Felt.Parse("0xe7ec"));

    public SmallCaseProofFixture()
    {
        string dir = RepoPaths.SharedFile("testdata", "cairo", "c1_stone_e2e_fibonacci_small");
        Run = CairoRunInput.FromFiles(Path.Combine(dir, "trace.bin"), Path.Combine(dir, "memory.bin"), Path.Combine(dir, "air_public_input.json"));
        var sw = Stopwatch.StartNew();
        Proof = CairoProver.Prove(Run, Binding, maxThreads: 2);
        ProveTime = sw.Elapsed;
        Bytes = Proof.ToJsonBytes();
    }

    public CairoRunInput Run { get; }
    public CairoProof Proof { get; }
    public byte[] Bytes { get; }
    public TimeSpan ProveTime { get; }
}

public sealed class ProveVerifyTests(SmallCaseProofFixture f, ITestOutputHelper output) : IClassFixture<SmallCaseProofFixture>
{
    [Fact]
    public void Verify_HonestProof_AcceptsAndReportsStatement()
    {
        var sw = Stopwatch.StartNew();
        CairoVerifyResult r = CairoVerifier.Verify(f.Bytes, SmallCaseProofFixture.Binding);
        output.WriteLine($"c1_stone_e2e_fibonacci_small: prove {f.ProveTime.TotalMilliseconds:F0} ms, verify {sw.Elapsed.TotalMilliseconds:F1} ms, proof {f.Proof.StarkProof.Length} bytes (document {f.Bytes.Length})");
        Assert.True(r.IsValid, r.Message);
        Assert.Equal(512, r.NSteps);
        Assert.Equal("small", r.Layout);
        Assert.True(r.SecurityBits >= 96);
        // fib(1, 1, 10) = 89 (the run's output cell).
        Assert.Equal([(Felt)89UL], r.Output);
        Assert.Equal(ProgramHash.Compute(0, [], ProgramHash.Bytecode(f.Run.PublicInput)), r.ProgramHash);
    }

    [Fact]
    public void Verify_OtherExecutor_Rejects()
    {
        CairoVerifyResult r = CairoVerifier.Verify(f.Bytes, SmallCaseProofFixture.Binding with { ExecutorAddress = Felt.Parse("0xbad") });
        Assert.Equal(CairoVerifyError.ProofInvalid, r.Error);
    }

    [Fact]
    public void Verify_OtherJob_Rejects()
    {
        CairoVerifyResult r = CairoVerifier.Verify(f.Bytes, SmallCaseProofFixture.Binding with { JobId = Felt.Parse("0x10c") });
        Assert.Equal(CairoVerifyError.ProofInvalid, r.Error);
    }

    [Fact]
    public void Verify_ExpectedProgramHashDiffers_Rejects()
    {
        CairoVerifyResult r = CairoVerifier.Verify(f.Bytes, SmallCaseProofFixture.Binding, expectedProgramHash: Felt.Parse("0x1234"));
        Assert.Equal(CairoVerifyError.ProgramHashMismatch, r.Error);
    }

    [Fact]
    public void Verify_OutputEditedInPublicInput_Rejects()
    {
        CairoProof edited = WithPublicMemory(f.Proof, pm =>
        {
            int i = pm.FindIndex(e => e.Address == 91); // the output cell
            pm[i] = pm[i] with { Value = 90UL };
        });
        CairoVerifyResult r = CairoVerifier.Verify(edited.ToJsonBytes(), SmallCaseProofFixture.Binding);
        Assert.Equal(CairoVerifyError.ProofInvalid, r.Error);
    }

    [Fact]
    public void Verify_ProgramWordEdited_Rejects()
    {
        CairoProof edited = WithPublicMemory(f.Proof, pm => pm[5] = pm[5] with { Value = pm[5].Value + Felt.One });
        CairoVerifyResult r = CairoVerifier.Verify(edited.ToJsonBytes(), SmallCaseProofFixture.Binding);
        Assert.Equal(CairoVerifyError.ProofInvalid, r.Error);
    }

    [Fact]
    public void Verify_ProgramHeaderChanged_ChangesHashAndRejects()
    {
        CairoProof p = f.Proof;
        var other = new CairoProof
        {
            StarkProof = p.StarkProof,
            Statement = new CairoStatement { PublicInput = p.Statement.PublicInput, Shape = p.Statement.Shape, Binding = p.Statement.Binding, ProgramMain = 7 },
        };
        CairoVerifyResult r = CairoVerifier.Verify(other.ToJsonBytes(), SmallCaseProofFixture.Binding);
        Assert.Equal(CairoVerifyError.ProofInvalid, r.Error);
    }

    [Fact]
    public void Verify_EveryTenthByteOfStarkProofFlipped_Rejects()
    {
        byte[] stark = f.Proof.StarkProof;
        int rejected = 0, tried = 0;
        for (int i = 1; i < stark.Length; i += Math.Max(1, stark.Length / 40))
        {
            byte[] copy = (byte[])stark.Clone();
            copy[i] ^= 0x01;
            var bad = new CairoProof { Statement = f.Proof.Statement, StarkProof = copy };
            tried++;
            if (!CairoVerifier.Verify(bad.ToJsonBytes(), SmallCaseProofFixture.Binding).IsValid) rejected++;
        }
        Assert.Equal(tried, rejected);
    }

    [Fact]
    public void Verify_GarbageDocument_RejectsAsMalformed()
    {
        Assert.Equal(CairoVerifyError.Malformed, CairoVerifier.Verify("{}"u8, default).Error);
        Assert.Equal(CairoVerifyError.Malformed, CairoVerifier.Verify("not json"u8, default).Error);
        Assert.Equal(CairoVerifyError.Malformed, CairoVerifier.Verify(f.Bytes.AsSpan(0, f.Bytes.Length / 2), default).Error);
    }

    private static CairoProof WithPublicMemory(CairoProof p, Action<List<PublicMemoryEntry>> edit)
    {
        AirPublicInput pi = p.Statement.PublicInput;
        var pm = pi.PublicMemory.ToList();
        edit(pm);
        var npi = new AirPublicInput { Layout = pi.Layout, RcMin = pi.RcMin, RcMax = pi.RcMax, NSteps = pi.NSteps, MemorySegments = pi.MemorySegments, PublicMemory = pm };
        return new CairoProof
        {
            StarkProof = p.StarkProof,
            Statement = new CairoStatement { PublicInput = npi, Shape = p.Statement.Shape, Binding = p.Statement.Binding, ProgramMain = p.Statement.ProgramMain, ProgramBuiltins = p.Statement.ProgramBuiltins },
        };
    }
}

public sealed class ProveCasesTests(ITestOutputHelper output)
{
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x42"), Felt.Parse("0xabc"));

    private CairoVerifyResult ProveAndVerify(string name, CairoRunInput run)
    {
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2);
        double prove = sw.Elapsed.TotalMilliseconds;
        byte[] doc = proof.ToJsonBytes();
        sw.Restart();
        CairoVerifyResult r = CairoVerifier.Verify(doc, s_binding);
        output.WriteLine($"{name}: {run.Trace.Length} steps, prove {prove:F0} ms, verify {sw.Elapsed.TotalMilliseconds:F1} ms, stark proof {proof.StarkProof.Length} bytes");
        Assert.True(r.IsValid, r.Message);
        return r;
    }

    [Theory]
    [InlineData("c0_stone_cpu_air_test_instructions_plain", 32)]
    [InlineData("c1_dipdup_fibonacci_small", 512)]
    [InlineData("c1_dipdup_hash_pedersen_recursive_large_output", 16384)]
    [InlineData("c1_dipdup_hash_poseidon_recursive_with_poseidon", 32768)]
    public void Prove_ReferenceFiles_Verifies(string name, int steps)
    {
        string dir = RepoPaths.SharedFile("testdata", "cairo", name);
        CairoRunInput run = CairoRunInput.FromFiles(Path.Combine(dir, "trace.bin"), Path.Combine(dir, "memory.bin"), Path.Combine(dir, "air_public_input.json"));
        CairoVerifyResult r = ProveAndVerify(name, run);
        Assert.Equal(steps, r.NSteps);
    }

    [Fact]
    public void Prove_BitwiseRunAsRecursiveLayout_Verifies()
    {
        // stwo's bitwise case ran in all_cairo, which this prover does not support; it uses only bitwise, which the
        // recursive layout has, so the same run is proved under that layout name.
        string dir = RepoPaths.SharedFile("testdata", "cairo", "c0_stwo_bitwise_all_cairo");
        CairoRunInput files = CairoRunInput.FromFiles(Path.Combine(dir, "trace.bin"), Path.Combine(dir, "memory.bin"), Path.Combine(dir, "air_public_input.json"));
        AirPublicInput pi = files.PublicInput;
        var relabelled = new AirPublicInput { Layout = "recursive", RcMin = pi.RcMin, RcMax = pi.RcMax, NSteps = pi.NSteps, MemorySegments = pi.MemorySegments, PublicMemory = pi.PublicMemory };
        CairoVerifyResult r = ProveAndVerify("c0_stwo_bitwise_all_cairo (as recursive)", files with { PublicInput = relabelled });
        Assert.Equal(32768, r.NSteps);
    }

    [Fact]
    public void Prove_OwnVmRunOfBenchProgram_Verifies()
    {
        var runner = new Zetina.Cairo.Runner.CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(10)),
            new Zetina.Cairo.Runner.RunOptions { ProofMode = true, Layout = Zetina.Cairo.Layouts.Layouts.Plain });
        runner.Run();
        CairoRunInput run = CairoRunInput.FromRunner(runner);
        CairoVerifyResult r = ProveAndVerify("bench fibonacci 2^10", run);
        Assert.Equal("plain", r.Layout);
        Assert.Equal(6UL, run.ProgramMain); // main moved past the proof-mode header
        Assert.Equal(ProgramHash.Compute(6, [], ProgramHash.Bytecode(run.PublicInput)), r.ProgramHash);
    }

    [Fact]
    public void Prove_MemoryCellChanged_YieldsNoProof()
    {
        ReferenceRun run = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        ulong addr = run.PublicInput.Segment("execution").BeginAddr + 10;
        Assert.True(run.Memory.TryGet(addr, out Felt v));
        var bad = new CairoRunInput(run.Trace, run.Memory.With(addr, v + Felt.One), run.PublicInput, 0, []);
        Exception e = Assert.ThrowsAny<Exception>(() => CairoProver.Prove(bad, s_binding, maxThreads: 2));
        Assert.True(e is CairoTraceException or InvalidOperationException, e.ToString());
    }

    [Fact]
    public void Prove_RegisterChanged_YieldsNoProof()
    {
        ReferenceRun run = ReferenceRun.Load("c1_stone_e2e_fibonacci_small");
        RegisterState[] t = (RegisterState[])run.Trace.Clone();
        t[100] = t[100] with { Fp = t[100].Fp + 1 };
        var bad = new CairoRunInput(t, run.Memory, run.PublicInput, 0, []);
        Exception e = Assert.ThrowsAny<Exception>(() => CairoProver.Prove(bad, s_binding, maxThreads: 2));
        Assert.True(e is CairoTraceException or InvalidOperationException, e.ToString());
    }
}
