using System.Diagnostics;
using Xunit.Abstractions;
using Zetina.Cairo.Air;
using Zetina.Cairo.Bootloader;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Bootloader;

/// <summary>Bootloader runs of PIE tasks proved and verified with the native prover, the statement's output checked.</summary>
public sealed class BootloaderProofTests(ITestOutputHelper output)
{
    private static readonly CairoBinding s_binding = new(Felt.Parse("0x5eed"), Felt.Parse("0xb007"));

    [Theory]
    [InlineData("pie_fibonacci_nohint_nobuiltins")]
    [InlineData("c1_pie_ec_op_range_check")]
    public void Prove_BootloaderRunOfPieTask_VerifiesWithTheTaskHashInTheOutput(string caseName)
    {
        CairoPie pie = PieTaskTests.ReadPie(caseName);
        CairoRunner runner = PieTaskTests.RunBootloader(BootloaderInput.Plain(new PieTask(pie, UsePoseidon: false)));
        var sw = Stopwatch.StartNew();
        CairoProof proof = CairoProver.Prove(runner.Result, s_binding, maxThreads: 2);
        double prove = sw.Elapsed.TotalSeconds;
        CairoVerifyResult r = CairoVerifier.Verify(proof.ToJsonBytes(), s_binding);
        output.WriteLine($"{caseName}: {runner.RelocatedTrace.Length} steps, prove {prove:F1} s, stark proof {proof.StarkProof.Length} bytes");
        Assert.True(r.IsValid, r.Message);
        Assert.Equal("starknet_with_keccak", r.Layout);
        Assert.Equal(PieTaskTests.ExpectedHash(pie), r.Output[4]);
        Assert.Equal(PieTaskTests.RecordedOutput(pie), r.Output[5..]);
        Assert.Equal(ProgramHash.Of(runner.Result), r.ProgramHash);
    }
}
