using Zetina.Stark.Air;
using Zetina.Stark.Air.Examples;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;
using Zetina.Stark.Proof;
using Zetina.Stark.Verifier;

namespace Zetina.Stark.Tests.Stark;

/// <summary>
/// The evaluation domain (<see cref="EvaluationDomain"/>): it contains the trace domain exactly when the composition has
/// fewer chunks than the blowup, the composition's coset then misses every trace row, and a proof's opened rows on the
/// trace domain are the trace's own rows.
/// </summary>
public class EvaluationDomainTests
{
    [Theory]
    [InlineData(6, 1, 1, true)]
    [InlineData(6, 2, 1, true)]
    [InlineData(6, 2, 2, true)]
    [InlineData(6, 2, 4, false)]
    [InlineData(6, 1, 2, false)]
    [InlineData(6, 0, 1, false)]
    public void For_ContainsTheTraceExactlyWhenChunksAreBelowTheBlowup(int logN, int logBlowup, int chunks, bool contains)
    {
        var d = EvaluationDomain.For(logN, logBlowup, chunks);
        Assert.Equal(contains, d.ContainsTrace);
        Assert.Equal(contains ? Felt.One : RootsOfUnity.Generator, d.Shift);
        int n = 1 << logN, bigN = n << logBlowup, traceRows = 0;
        for (int i = 0; i < bigN; i++)
        {
            bool onTrace = d.Point(i).Pow((ulong)n) == Felt.One;
            Assert.Equal(onTrace, d.IsTraceRow(i));
            if (onTrace) traceRows++;
        }
        Assert.Equal(contains ? n : 0, traceRows);
    }

    [Theory]
    [InlineData(5, 1, 1)]
    [InlineData(5, 2, 1)]
    [InlineData(5, 2, 2)]
    [InlineData(5, 3, 4)]
    [InlineData(5, 2, 4)]
    public void CompositionCoset_HasChunksTimesNPointsNoneOnTheTrace(int logN, int logBlowup, int chunks)
    {
        var d = EvaluationDomain.For(logN, logBlowup, chunks);
        int n = 1 << logN, points = chunks * n;
        Felt omega = RootsOfUnity.PrimitiveRoot(logN + d.LogChunks);
        var seen = new HashSet<Felt>();
        for (int k = 0; k < points; k++)
        {
            int index = d.CompositionFirst + (k << d.CompositionLogStride);
            Assert.True(index < n << logBlowup);
            Felt x = d.Point(index);
            Assert.Equal(d.CompositionShift * omega.Pow((ulong)k), x);
            Assert.NotEqual(Felt.One, x.Pow((ulong)n));
            Assert.True(seen.Add(x));
        }
    }

    [Fact]
    public void For_MoreChunksThanTheBlowup_Throws() =>
        Assert.Contains("blowup ≥ 4", Assert.Throws<ArgumentException>(() => EvaluationDomain.For(6, 1, 4)).Message);

    [Fact]
    public void Prove_BlowupTwo_RowsOpenedOnTheTraceDomainAreTraceRows()
    {
        var (air, trace) = StarkTestKit.Fibonacci(64);
        StarkProof proof = StarkTestKit.Prove(air, trace, StarkTestKit.Small(6, logBlowup: 1) with { NQueries = 24 }, threads: 2);
        Assert.True(StarkVerifier.Verify(air, proof, 0).IsValid);
        TableOpening main = proof.MainOpening;
        Assert.Contains(true, main.OnTrace);
        Assert.Contains(false, main.OnTrace);
        var rows = new HashSet<(Felt, Felt)>();
        for (int i = 0; i < 64; i++) rows.Add((trace[0][i], trace[1][i]));
        for (int r = 0; r < main.OnTrace.Length; r++)
            Assert.Equal(main.OnTrace[r], rows.Contains((main.Values[2 * r], main.Values[2 * r + 1])));
    }

    [Fact]
    public void Prove_TraceRowsSmall_SentNarrowerThanTheRowsOffTheTrace()
    {
        // Fibonacci(64) stays below 2^48: its rows on the trace take at most 6 bytes a value, the others 32.
        var (air, trace) = StarkTestKit.Fibonacci(64);
        StarkProof proof = StarkTestKit.Prove(air, trace, StarkTestKit.Small(6, logBlowup: 1) with { NQueries = 24 }, threads: 2);
        TableOpening main = proof.MainOpening;
        byte[] on = ColumnWidths.Of(main.Values, 2, main.OnTrace, true), off = ColumnWidths.Of(main.Values, 2, main.OnTrace, false);
        Assert.All(on, w => Assert.InRange(w, 1, 6));
        Assert.All(off, w => Assert.Equal(32, w));
        // The same rows all sent at the widths off the trace (the marks cleared, so one class): every trace row 32 bytes a value.
        int traceRows = main.OnTrace.Count(x => x);
        int sent = ProofSerializer.Write(proof).Length;
        int oneClass = ProofSerializer.Write(proof with { MainOpening = main with { OnTrace = new bool[main.OnTrace.Length] } }).Length;
        Assert.True(oneClass - sent >= traceRows * 2 * (32 - 6), $"{traceRows} trace rows saved {oneClass - sent} bytes");
    }
}
