using System.Diagnostics;
using Xunit.Abstractions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;
using Zetina.Tests.Shared;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// Every published layout is provable as far as the builtins a run uses are: the layout's name alone refuses
/// nothing, a used builtin without a lane is refused by name.
/// </summary>
public sealed class LayoutProvabilityTests(ITestOutputHelper output)
{
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x2a"), Felt.Parse("0xb0b"));

    [Fact]
    public void Provable_EveryPublishedLayout_IsTrue()
    {
        Assert.Equal(10, CairoLayout.All.Count);
        Assert.All(CairoLayout.All, l => Assert.True(l.Provable, l.Name));
    }

    /// <summary>
    /// The StarkWare bootloader running a fibonacci task, as cairo-lang ran it in starknet_with_keccak (2^16 steps):
    /// it declares eight builtins and uses output, pedersen (hashing the task) and range_check, so it proves, and the
    /// default rules pin it (a Cairo 0 proof-mode compile: entry code, program words public on page 0).
    /// </summary>
    [Fact]
    public void Prove_BootloaderRunInStarknetWithKeccak_VerifiesUnderProofModeRules()
    {
        const string name = "c0_bootloader_program_fibonacci_starknet_with_keccak";
        CairoRun run = ReferenceRun.ProverInput(name);
        Assert.All(run.PublicInput.PublicMemory, e => Assert.Equal(0, e.Page));
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2);
        double prove = sw.Elapsed.TotalSeconds;
        byte[] doc = proof.ToJsonBytes();
        sw.Restart();
        CairoVerifyResult r = CairoVerifier.Verify(doc, s_binding);
        output.WriteLine($"{name}: {run.Trace.Length} steps, prove {prove:F1} s, verify {sw.Elapsed.TotalMilliseconds:F0} ms, stark proof {proof.StarkProof.Length} bytes");
        Assert.True(r.IsValid, r.Message);
        Assert.Equal("starknet_with_keccak", r.Layout);
        Assert.Equal(65536, r.NSteps);
        Assert.Equal(CairoStatementRules.ProofMode, r.Rules);
        Assert.Equal(
            [Felt.Zero, Felt.Parse("2089986280348253421170679821480865132823066470938446095505822317253594081284"), Felt.One, (Felt)2UL,
             Felt.Parse("1913660402380750575277747882060259705549908104584792650386114496125744128527")],
            r.Output);
    }

    /// <summary>
    /// Public memory on pages other than 0 (Stone's continuous pages: the bootloader's output pages when
    /// single_page is false): the memory product covers every page's cells as (address, value) pairs, so the proof
    /// verifies and the pinning rules hold whatever page the output cells are on; the pages join the statement.
    /// </summary>
    [Fact]
    public void Prove_OutputCellsOnPageOne_VerifiesWithTheSameMemoryProduct()
    {
        CairoRun run = ReferenceRun.ProverInput("c0_fibonacci_hint_recursive");
        AirPublicInput pi = run.PublicInput;
        MemorySegment output = pi.Segment("output");
        var paged = pi.PublicMemory.Select(e => e.Address >= output.BeginAddr && e.Address < output.StopPtr ? e with { Page = 1 } : e).ToList();
        Assert.Equal(2, paged.Count(e => e.Page == 1));
        var relabelled = new AirPublicInput { Layout = pi.Layout, RcMin = pi.RcMin, RcMax = pi.RcMax, NSteps = pi.NSteps, MemorySegments = pi.MemorySegments, PublicMemory = paged };

        var ch = new CairoChallenges(Felt.Parse("0x1234567"), Felt.Parse("0x89abcdef"), Felt.Parse("0x13579"));
        Assert.Equal(CairoBoundary.From(pi).MemoryProductEnd(ch), CairoBoundary.From(relabelled).MemoryProductEnd(ch));

        CairoProof proof = CairoProver.Prove(run with { PublicInput = relabelled }, s_binding, maxThreads: 2);
        CairoVerifyResult r = CairoVerifier.Verify(proof.ToJsonBytes(), s_binding);
        Assert.True(r.IsValid, r.Message);
        Assert.Equal([(Felt)10UL, (Felt)0x90UL], r.Output);
        Assert.Contains("\"page\":1", System.Text.Encoding.UTF8.GetString(proof.ToJsonBytes()).Replace(" ", ""));
    }

    /// <summary>
    /// cairo-vm's Cairo 1 run of check_ecdsa_signature in starknet (three ec_op instances, range_check, output): the
    /// ec_op lane proves it under the AIR-only rules (a Cairo 1 run is not pinned), and a run in the same layout that
    /// used keccak would be refused by name.
    /// </summary>
    [Fact]
    public void Prove_StarknetCairoOneRunUsingEcOp_AirOnlyVerifies()
    {
        string dir = RepoPaths.SharedFile("testdata", "cairo", "c1_dipdup_ecdsa_starknet");
        CairoRun run = CairoRun.FromFiles(Path.Combine(dir, "trace.bin"), Path.Combine(dir, "memory.bin"), Path.Combine(dir, "air_public_input.json"));
        Assert.Equal("starknet", run.PublicInput.Layout);
        CairoProof proof = CairoProver.Prove(run, s_binding, maxThreads: 2, rules: CairoStatementRules.AirOnly);
        Assert.True(proof.Statement.Shape.LaneCount("ec_op") > 0);
        CairoVerifyResult r = CairoVerifier.Verify(proof.ToJsonBytes(), s_binding, rules: CairoStatementRules.AirOnly);
        Assert.True(r.IsValid, r.Message);
        Assert.Equal(StatementRefusal.EntryCodeMissing, Assert.Throws<CairoStatementException>(() => CairoProver.Prove(run, s_binding, maxThreads: 2)).Refusal);
    }
}
