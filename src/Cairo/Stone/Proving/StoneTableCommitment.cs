using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;
using Zetina.Stark.Merkle;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// One committed table of the proof — the original trace, the interaction trace or the composition columns
/// (<c>commitment_scheme/table_prover_impl.cc</c>): its columns' polynomials and the Merkle tree whose leaf r is
/// <see cref="StoneTableLeaf.Digest"/> of row r of their values on the evaluation domain.
/// </summary>
/// <remarks>
/// The values are not kept: the table is extended one coset at a time (contiguous rows, <see cref="StoneLowDegreeExtension.ExtendCoset"/>),
/// its rows hashed into leaves, and the coset's values dropped; the few rows a decommitment opens are recomputed from
/// the coefficients. At blowup 16 that is the difference between 32 bytes per column per domain row (a 2^25-row domain
/// of ten columns: 10 GB) and the coefficients alone (1/16 of it).
/// </remarks>
internal sealed class StoneTableCommitment
{
    private StoneTableCommitment(Felt[][] coefficients, int logN, StoneMerkleTree tree)
    {
        Coefficients = coefficients;
        LogN = logN;
        Tree = tree;
    }

    /// <summary>Each column's polynomial, lowest coefficient first.</summary>
    public Felt[][] Coefficients { get; }

    /// <summary>log₂ of the evaluation domain's rows.</summary>
    public int LogN { get; }

    /// <summary>The Merkle tree over the rows.</summary>
    public StoneMerkleTree Tree { get; }

    /// <summary>The commitment the prover sends.</summary>
    public byte[] Root => Tree.Root;

    /// <summary>Commits columns given by their polynomials' coefficients, extended to 2^<paramref name="logN"/> rows.</summary>
    public static StoneTableCommitment Commit(Felt[][] coefficients, int logN, StoneMaskedHash hash, long verifierFriendlyLayers, int maxThreads)
    {
        int width = coefficients.Length, rows = 1 << logN;
        int logK = 0;
        foreach (Felt[] column in coefficients) logK = Math.Max(logK, StoneLowDegreeExtension.LogCosetSize(column.Length));
        if (logK > logN) throw new ArgumentException($"columns of {1 << logK} coefficients do not fit 2^{logN} rows", nameof(coefficients));
        int k = 1 << logK, cosets = rows >> logK;
        int threads = Stark.Common.Parallelism.Resolve(maxThreads);
        var leaves = new byte[32L * rows];
        bool friendlyLeaves = verifierFriendlyLayers >= logN + 1;
        var part = new Felt[width][];
        for (int c = 0; c < width; c++) part[c] = GC.AllocateUninitializedArray<Felt>(k);
        bool acrossColumns = width >= threads;
        for (int coset = 0; coset < cosets; coset++)
        {
            int current = coset;
            Stark.Common.Parallelism.For(width, acrossColumns ? threads : 1, c =>
                StoneLowDegreeExtension.ExtendCoset(coefficients[c], logN, logK, current, part[c], acrossColumns ? 1 : threads));
            const int Chunk = 512;
            int firstRow = coset * k;
            Stark.Common.Parallelism.For((k + Chunk - 1) / Chunk, threads, j =>
            {
                // The chunk's rows gathered row-major, then hashed several at a time.
                int first = j * Chunk, count = Math.Min(k, first + Chunk) - first;
                var block = new Felt[count * width];
                for (int c = 0; c < width; c++)
                {
                    ReadOnlySpan<Felt> column = part[c].AsSpan(first, count);
                    for (int r = 0; r < count; r++) block[r * width + c] = column[r];
                }
                StoneTableLeaf.DigestRows(block, width, friendlyLeaves, hash, leaves.AsSpan(32 * (firstRow + first), 32 * count));
            });
        }
        return new StoneTableCommitment(coefficients, logN, StoneMerkleTree.Build(logN, leaves, verifierFriendlyLayers, hash, threads));
    }

    /// <summary>
    /// Writes the decommitment of <paramref name="rows"/> (ascending, distinct) as the verifier reads it: every
    /// row's values (Montgomery bytes, column order), recomputed from the coefficients at the row's point, then the
    /// authentication nodes.
    /// </summary>
    public void Decommit(StoneProverChannel channel, IReadOnlyList<long> rows, int maxThreads)
    {
        int width = Coefficients.Length;
        var values = new Felt[rows.Count][];
        int n = 0;
        foreach (Felt[] c in Coefficients) n = Math.Max(n, c.Length);
        int threads = Math.Min(Stark.Common.Parallelism.Resolve(maxThreads), Math.Max(1, rows.Count));
        Stark.Common.Parallelism.For(threads, threads, t =>
        {
            var scratch = GC.AllocateUninitializedArray<Felt>(n);
            for (int q = t; q < rows.Count; q += threads)
                values[q] = StoneLowDegreeExtension.EvaluateColumns(Coefficients, StoneLowDegreeExtension.RowPoint(rows[q], LogN), scratch);
        });
        var bytes = new byte[32 * width * rows.Count];
        int at = 0;
        foreach (Felt[] row in values)
            foreach (Felt v in row)
            {
                v.WriteMontgomeryBytesBigEndian(bytes.AsSpan(at, 32));
                at += 32;
            }
        channel.Decommit(bytes);
        channel.Decommit(Tree.AuthenticationNodes(rows));
    }
}
