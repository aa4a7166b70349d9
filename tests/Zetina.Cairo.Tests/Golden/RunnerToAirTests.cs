using Zetina.Cairo.Air;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Golden;

/// <summary>Our runner's in-memory output, handed to the Cairo AIR, satisfies every constraint.</summary>
public sealed class RunnerToAirTests
{
    [Fact]
    public void FibonacciHintRecursive_RunnerOutputInMemory_SatisfiesTheCairoAir()
    {
        var runner = GoldenRun.Run("c0_fibonacci_hint_recursive", "program_nonproof.json", CairoLayout.Recursive, proofMode: true, programInputFile: "program_input.json");
        AirPublicInput pi = runner.Result.PublicInput;
        CairoTrace t = CairoTraceBuilder.Build(runner.Result.Trace, runner.Result.Memory, pi);
        var air = new CairoAir(new CairoStatement { PublicInput = pi, Shape = t.Shape, Binding = CairoBinding.None });
        var ch = new CairoChallenges(Felt.Parse("0x1234567890abcdef"), Felt.Parse("0x7777777"), Felt.Parse("0x31415926535"));
        List<ConstraintFailure> failures = CairoTraceChecker.Check(air, t, ch);
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(10)));
    }
}
