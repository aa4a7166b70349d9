using Zetina.Cairo.Air;
using Zetina.Cairo.Program;
using Zetina.Cairo.Prover;
using Zetina.Cairo.Run;
using Zetina.Cairo.Runner;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Tests.Air;

/// <summary>
/// <see cref="CairoTraceBuilder.BuildInteraction"/> (terms computed column by column in SIMD lanes, products streamed in
/// parallel chunks) against the permutation arguments' running products taken one term at a time in row-major order
/// (docs/cairo-air.md, "Interaction"): term t is slot t mod k of row t div k.
/// </summary>
public sealed class InteractionColumnsTests
{
    private static readonly CairoChallenges s_ch = new(Felt.Parse("0x1234567890abcdef1234567890abcdef"), Felt.Parse("0x777777777777777777"), Felt.Parse("0x3141592653589793238462643383279"));

    private const string PedersenCase = "c1_dipdup_hash_pedersen_recursive_large_output";

    private static CairoTrace PlainTrace()
    {
        var runner = new CairoRunner(BenchProgram.Load(BenchProgram.IterationsFor(9)), new RunOptions { ProofMode = true, Layout = CairoLayout.Plain });
        runner.Run();
        CairoRun run = runner.Result;
        return CairoTraceBuilder.Build(run.Trace, run.Memory, run.PublicInput);
    }

    /// <summary>
    /// The trace's first 2^logRows rows as a trace of that length (its own shape with fewer rows); a lifted lane's column,
    /// which holds its short rows, is cut only where it is longer.
    /// </summary>
    private static (CairoTraceShape Shape, Felt[][] Columns) FirstRows(CairoTrace trace, int logRows) =>
        (trace.Shape with { LogRows = logRows }, [.. trace.Columns.Select(c => c[..Math.Min(c.Length, 1 << logRows)])]);

    /// <summary>Row <paramref name="row"/> of a column, a lifted column's rows repeating.</summary>
    private static Felt At(Felt[] column, int row) => column[row & (column.Length - 1)];

    /// <summary>
    /// products[t] = products[t − 1] · num[t] / den[t] checked as products[t] · den[t] = products[t − 1] · num[t] (den[t]
    /// is never zero here, so this fixes products[t]), term t at column product(t mod k), row t div k; row n − 1 holds
    /// the last product in every slot.
    /// </summary>
    private static void AssertRunningProduct(Felt[][] result, int rows, int k, Func<int, int> product, Func<int, int, (Felt Num, Felt Den)> term)
    {
        Felt previous = Felt.One;
        int total = k * (rows - 1) + 1;
        for (int t = 0; t < total; t++)
        {
            (Felt num, Felt den) = term(t / k, t % k);
            Assert.False(den.IsZero);
            Felt p = result[product(t % k)][t / k];
            Assert.True(p * den == previous * num, $"term {t} (row {t / k}, slot {t % k})");
            previous = p;
        }
        for (int j = 0; j < k; j++) Assert.Equal(previous, result[product(j)][rows - 1]);
    }

    private static void AssertMatchesReference(CairoTraceShape s, Felt[][] columns)
    {
        Felt[][] result = CairoTraceBuilder.BuildInteraction(s, columns, s_ch);

        Felt z = s_ch.MemoryZ, alpha = s_ch.MemoryAlpha;
        AssertRunningProduct(result, s.Rows, s.MemorySlots, s.MemoryProduct, (row, j) =>
        {
            (int a, int v) = s.UnsortedMemory(j);
            int sa = s.SortedMemoryAddress(j);
            return (z - (At(columns[a], row) + alpha * At(columns[v], row)), z - (columns[sa][row] + alpha * columns[sa + 1][row]));
        });
        Felt zr = s_ch.RangeCheckZ;
        AssertRunningProduct(result, s.Rows, s.RangeCheckSlots, s.RangeCheckProduct, (row, j) =>
            (zr - At(columns[s.UnsortedRangeCheck(j)], row), zr - columns[s.SortedRangeCheck(j)][row]));
    }

    [Theory]
    [InlineData(9)] // 5 memory slots: one chunk, its blocks of 1,024 terms end mid-row
    [InlineData(7)]
    public void PlainRun_EqualsTheTermByTermRunningProduct(int logRows)
    {
        CairoTrace trace = PlainTrace();
        Assert.Equal(9, trace.Shape.LogRows);
        (CairoTraceShape s, Felt[][] columns) = FirstRows(trace, logRows);
        AssertMatchesReference(s, columns);
    }

    [Theory]
    [InlineData(14)] // every row: tens of chunks, whose boundaries and blocks fall mid-row
    [InlineData(12)]
    [InlineData(10)]
    public void PedersenRun_EqualsTheTermByTermRunningProduct(int logRows)
    {
        CairoTrace trace = ReferenceRun.Load(PedersenCase).BuildTrace();
        Assert.Equal(14, trace.Shape.LogRows);
        Assert.Equal(1, trace.Shape.LaneCount("pedersen"));
        (CairoTraceShape s, Felt[][] columns) = FirstRows(trace, logRows);
        // The slots per row divide neither the chunk boundaries nor the block length of 1,024 terms.
        Assert.NotEqual(0, 1024 % s.MemorySlots);
        AssertMatchesReference(s, columns);
    }

    [Fact]
    public void MemoryChallengeOnASortedCell_RefusedAsAZeroDenominator()
    {
        CairoTrace trace = PlainTrace();
        CairoTraceShape s = trace.Shape;
        // z = a' + α·v' of slot 2 in row 300: a term inside a block's whole rows.
        int sa = s.SortedMemoryAddress(2);
        Felt z = trace.Columns[sa][300] + s_ch.MemoryAlpha * trace.Columns[sa + 1][300];
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.BuildInteraction(s, trace.Columns, s_ch with { MemoryZ = z }));
        Assert.Contains("memory permutation", e.Message);
        Assert.Contains("denominator zero", e.Message);
    }

    [Fact]
    public void RangeCheckChallengeOnASortedValue_RefusedAsAZeroDenominator()
    {
        CairoTrace trace = PlainTrace();
        CairoTraceShape s = trace.Shape;
        Felt z = trace.Columns[s.SortedRangeCheck(1)][200];
        var e = Assert.Throws<CairoTraceException>(() => CairoTraceBuilder.BuildInteraction(s, trace.Columns, s_ch with { RangeCheckZ = z }));
        Assert.Contains("range-check permutation", e.Message);
        Assert.Contains("denominator zero", e.Message);
    }
}
