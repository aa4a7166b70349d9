using Zetina.Cairo.Program;
using Zetina.Cairo.Runner;

namespace Zetina.Cairo.Tests.Vm;

public sealed class SampleProgramTests
{
    [Fact]
    public void Fibonacci_N100_MatchesTheCompiledReferenceProgramData()
    {
        CairoProgram reference = ProgramLoader.Load(TestData.Read("c0_lw_fibonacci_100_plain", "program.json"));
        CairoProgram sample = SamplePrograms.Fibonacci(100);
        Assert.Equal(reference.Data.Length, sample.Data.Length);
        for (int i = 0; i < reference.Data.Length; i++) Assert.Equal(reference.Data[i], sample.Data[i]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    public void Fibonacci_RunN_TakesSevenStepsPerIterationPlusTen(long n)
    {
        var runner = new CairoRunner(SamplePrograms.Fibonacci(n), new RunOptions { Trace = false });
        runner.Run();
        Assert.Equal(7 * n + 10, runner.Steps);
    }
}
