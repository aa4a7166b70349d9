using Zetina.Cairo.Stone;
using Zetina.Cairo.Stone.Proving;
using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Tests.Stone.Proving;

/// <summary>
/// A table commitment that drops its values (over the kept-values budget) against one that keeps them: the same
/// Merkle root, and the same opened rows — recomputed from the coefficients against read back — which also equal the
/// polynomials evaluated at the rows' points by Horner's rule.
/// </summary>
public sealed class StoneTableCommitmentTests
{
    [Theory]
    [InlineData(6, 2, 3, 1)]
    [InlineData(8, 4, 5, 2)]
    [InlineData(10, 1, 2, 2)]
    public void DroppedValues_SameRootAndOpenedRowsAsKept(int logTrace, int logCosets, int width, int threads)
    {
        var rng = new Random(logTrace * 100 + width);
        var coefficients = new Felt[width][];
        for (int c = 0; c < width; c++)
        {
            // One column shorter than the trace: the coset is padded with zeros.
            coefficients[c] = new Felt[c == 0 ? (1 << logTrace) - 3 : 1 << logTrace];
            for (int i = 0; i < coefficients[c].Length; i++)
                coefficients[c][i] = Felt.FromLimbsReduced((ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64(), (ulong)rng.NextInt64());
        }
        int logN = logTrace + logCosets;
        StoneMaskedHash hash = StoneMaskedHash.TryCreate("keccak256_masked160_msb")!;
        StoneTableCommitment kept = StoneTableCommitment.Commit(coefficients, logN, hash, 0, int.MaxValue, threads);
        StoneTableCommitment dropped = StoneTableCommitment.Commit(coefficients, logN, hash, 0, int.MaxValue, threads, keptValuesBudget: 0);
        Assert.True(kept.KeepsValues);
        Assert.False(dropped.KeepsValues);
        Assert.Equal(kept.Root, dropped.Root);

        long[] rows = Enumerable.Range(0, 11).Select(_ => (long)rng.Next(1 << logN)).Distinct().Order().ToArray();
        Felt[][] fromKept = StoneTableCommitment.OpenRows([kept], rows, threads)[0];
        Felt[][] recomputed = StoneTableCommitment.OpenRows([dropped], rows, threads)[0];
        for (int q = 0; q < rows.Length; q++)
        {
            Assert.Equal(fromKept[q], recomputed[q]);
            Felt x = StoneDomains.RowPoint(rows[q], logN);
            for (int c = 0; c < width; c++) Assert.Equal(StoneLowDegreeExtension.Evaluate(coefficients[c], x), recomputed[q][c]);
        }
    }

    [Theory]
    [InlineData(1, 7, true)]   // blowup 2: 8 opened rows or more keep the values
    [InlineData(1, 8, false)]
    [InlineData(4, 63, true)]  // blowup 16, 18 queries (63 < 64): recomputed
    [InlineData(4, 64, false)]
    public void FewOpenedRowsAgainstTheBlowup_ValuesRecomputed(int logCosets, int openedRows, bool recomputed)
    {
        const int LogTrace = 5;
        var coefficients = new Felt[2][];
        for (int c = 0; c < 2; c++) coefficients[c] = Enumerable.Range(1, 1 << LogTrace).Select(i => Felt.FromUInt64((ulong)(i * (c + 2)))).ToArray();
        StoneMaskedHash hash = StoneMaskedHash.TryCreate("keccak256_masked160_msb")!;
        StoneTableCommitment table = StoneTableCommitment.Commit(coefficients, LogTrace + logCosets, hash, 0, openedRows, 1);
        Assert.Equal(!recomputed, table.KeepsValues);
    }
}
