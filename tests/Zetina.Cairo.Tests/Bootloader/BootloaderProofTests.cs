using System.Diagnostics;
using Xunit.Abstractions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Bootloader;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Tests.Bootloader;

/// <summary>
/// Every shared PIE run as the one task of cairo-lang's bootloader, in the layout <see cref="BootloaderLayout"/>
/// chooses, proved and verified with the native prover; the verified output is checked word by word against values
/// computed apart from the run: the task program hash with <see cref="ProgramHash"/> over the PIE's program, the
/// task output read from the PIE's own output segment.
/// </summary>
public sealed class BootloaderProofTests(ITestOutputHelper output)
{
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x5eed"), Felt.Parse("0xb007"));

    [Theory]
    [InlineData("pie_fibonacci_nohint_nobuiltins")]
    [InlineData("pie_fibonacci_hint_recursive_with_poseidon")]
    [InlineData("c1_pie_noop_output")]
    [InlineData("c1_pie_bitwise_output")]
    [InlineData("c1_pie_ec_op_range_check")]
    public void Prove_BootloaderRunOfPieTask_VerifiesWithTheTaskHashAndThePieOutput(string caseName)
    {
        CairoPie pie = PieTaskTests.ReadPie(caseName);
        CairoRunner runner = BootloaderLayout.RunInSmallest(PieTaskTests.Bootloader(), BootloaderInput.Plain(new PieTask(pie, UsePoseidon: false)), long.MaxValue);
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(runner.Result, s_binding, maxThreads: 2);
        double prove = sw.Elapsed.TotalSeconds;
        CairoVerifyResult r = CairoVerifier.Verify(proof.ToJsonBytes(), s_binding);
        output.WriteLine($"{caseName}: {runner.Options.Layout.Name}, {runner.RelocatedTrace.Length} steps, prove {prove:F1} s, stark proof {proof.StarkProof.Length} bytes");

        Assert.True(r.IsValid, r.Message);
        Assert.Equal(runner.Options.Layout.Name, r.Layout);
        Assert.Equal(BootloaderHash(), r.ProgramHash);
        List<Felt> recorded = PieTaskTests.RecordedOutput(pie);
        // [simple bootloader hash, hash of no verifier hashes, n_tasks = 1, size = 2 + k, task program hash, k words]
        Felt[] expected = [Felt.Zero, PedersenHash.HashOnElements([]), Felt.One, (Felt)(ulong)(2 + recorded.Count), PieTaskTests.ExpectedHash(pie), .. recorded];
        Assert.Equal(expected, r.Output);
    }

    /// <summary>The bootloader's program hash from its compiled JSON (main, builtins, data), apart from any run.</summary>
    internal static Felt BootloaderHash()
    {
        Zetina.Cairo.Program.CairoProgram bootloader = PieTaskTests.Bootloader();
        var words = new Felt[bootloader.Data.Length];
        for (int i = 0; i < words.Length; i++) words[i] = bootloader.Data[i].Felt;
        return ProgramHash.Compute((ulong)bootloader.Main!.Value, bootloader.Builtins, words);
    }
}
