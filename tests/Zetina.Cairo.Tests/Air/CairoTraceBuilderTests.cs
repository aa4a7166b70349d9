using Zetina.Cairo.Air;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// The trace builder fills rows in parallel blocks: what it builds and what it refuses must not depend on which
/// block finishes first.
/// </summary>
public sealed class CairoTraceBuilderTests
{
    private static CairoRun BenchRun(long iterations)
    {
        var runner = new CairoRunner(BenchProgram.Load(iterations), new RunOptions { ProofMode = true, Layout = CairoLayout.Plain });
        runner.Run();
        return runner.Result;
    }

    [Fact]
    public void BadInstructionInEveryBlock_TheFirstStepIsNamed()
    {
        // 2^14 steps: four blocks of rows. An instruction of the loop body is replaced by a word that is no
        // instruction; every block meets it, and the error must name its first execution, whichever thread ran first.
        CairoRun run = BenchRun(4000);
        Assert.Equal(16384, run.Trace.Length);
        ulong loopPc = run.Trace[100].Pc; // inside the loop, run every four steps
        int first = Array.FindIndex(run.Trace, s => s.Pc == loopPc);
        Assert.True(Array.FindLastIndex(run.Trace, s => s.Pc == loopPc) > 3 * 4096, "the bad pc is not run in the last block");
        MemoryImage forged = run.Memory.With(loopPc, Felt.FromBigInteger(System.Numerics.BigInteger.One << 70));
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.Build(run.Trace, forged, run.PublicInput, maxThreads: 4));
            Assert.StartsWith($"step {first}: ", e.Message);
        }
    }

    [Fact]
    public void OneThreadAndMany_BuildTheSameColumns()
    {
        CairoRun run = BenchRun(4000);
        CairoTrace serial = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput, maxThreads: 1);
        CairoTrace parallel = CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput, maxThreads: 4);
        Assert.Equal(serial.Columns.Length, parallel.Columns.Length);
        for (int c = 0; c < serial.Columns.Length; c++) Assert.True(serial.Columns[c].AsSpan().SequenceEqual(parallel.Columns[c]), $"column {c} differs");
    }
}
