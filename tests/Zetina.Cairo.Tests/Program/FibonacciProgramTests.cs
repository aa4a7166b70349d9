using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Program;

/// <summary>The hand-assembled fibonacci program: the demo's job (with output) and the proving benchmark (without).</summary>
public class FibonacciProgramTests
{
    [Fact]
    public void BenchProgram_Bytecode_IsTheDocumentedTable()
    {
        // The words of BenchProgram's doc comment, for N = 5 iterations.
        Felt[] expected =
        [
            Felt.FromUInt64(0x480680017fff8000), Felt.One, Felt.FromUInt64(0x480680017fff8000), Felt.One,
            Felt.FromUInt64(0x480680017fff8000), Felt.FromUInt64(5), Felt.FromUInt64(0x48127ffe7fff8000),
            Felt.FromUInt64(0x48307ffd7ffc8000), Felt.FromUInt64(0x482480017ffd8000), Felt.MinusOne,
            Felt.FromUInt64(0x020680017fff7fff), Felt.Neg(Felt.FromUInt64(4)), Felt.FromUInt64(0x208b7fff7fff7ffe),
        ];
        CairoProgram p = BenchProgram.Load(5);
        Assert.Empty(p.Builtins);
        Assert.Equal(expected.Length, p.Data.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], p.Data[i].Felt);
    }

    [Theory]
    [InlineData(2UL, 1UL)]
    [InlineData(10UL, 55UL)]
    [InlineData(90UL, 2880067194370816120UL)]
    public void WithOutput_ProofModeRunInSmallLayout_WritesFibN(ulong n, ulong fib)
    {
        var runner = new CairoRunner(FibonacciProgram.Load(n), new RunOptions { ProofMode = true, Layout = CairoLayout.Small });
        runner.Run();
        Assert.Equal([Felt.FromUInt64(fib)], runner.Output());
    }

    [Fact]
    public void WithoutOutput_ProofModeRunInPlainLayout_RunsFourStepsAnIteration()
    {
        var runner = new CairoRunner(BenchProgram.Load(100), new RunOptions { ProofMode = true, Layout = CairoLayout.Plain });
        runner.Run();
        Assert.Empty(runner.Output());
        Assert.Equal(512, runner.Result.Trace.Length); // 4·100 + 6 steps, padded to 2^9
    }

    [Fact]
    public void Json_NBelowTwo_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FibonacciProgram.Json(1));
}
