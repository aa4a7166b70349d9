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
/// The table is extended one coset at a time (contiguous rows, <see cref="StoneLowDegreeExtension.ExtendCoset"/>) and
/// its rows hashed into leaves. Its values are kept for the decommitment only when that is the cheaper way to have
/// the opened rows and they fit <see cref="KeptValuesBudget"/>; otherwise each coset's values are dropped once hashed
/// and the few rows a decommitment opens are recomputed from the coefficients (<see cref="OpenRows"/>). Keeping costs
/// every value's first write into freshly allocated memory — the kernel zeroes each new page, and on a virtual
/// machine the host may fault it in too: 15–50 ns per 32-byte value measured here — for all N = blowup·n rows;
/// recomputing costs a product and a sum per coefficient (about 5 ns) for each opened row, so a table keeps its values
/// only when the opened rows are at least <see cref="OpenedRowsPerBlowupToKeep"/> times the blowup. At blowup 16 with
/// 18 queries that drops 1.6 GB of values (ten columns at 2^22 rows) for 0.2 s of dot products; at blowup 2 with 80
/// queries the values stay. Past the budget (a 2^25-row domain of ten columns: 10 GB) values are never kept.
/// </remarks>
internal sealed class StoneTableCommitment
{
    /// <summary>The most bytes of values a table keeps for its decommitment (1 GiB); larger tables recompute opened rows.</summary>
    public const long KeptValuesBudget = 1L << 30;

    /// <summary>Opened rows per unit of blowup from which keeping the values is cheaper than recomputing the rows.</summary>
    public const int OpenedRowsPerBlowupToKeep = 4;

    private readonly Felt[][]? _values;

    private StoneTableCommitment(Felt[][] coefficients, Felt[][]? values, int logN, StoneMerkleTree tree)
    {
        Coefficients = coefficients;
        _values = values;
        LogN = logN;
        Tree = tree;
    }

    /// <summary>Each column's polynomial, lowest coefficient first.</summary>
    public Felt[][] Coefficients { get; }

    /// <summary>log₂ of the evaluation domain's rows.</summary>
    public int LogN { get; }

    /// <summary>Whether the values were kept for the decommitment (else opened rows are recomputed).</summary>
    public bool KeepsValues => _values is not null;

    /// <summary>The Merkle tree over the rows.</summary>
    public StoneMerkleTree Tree { get; }

    /// <summary>The commitment the prover sends.</summary>
    public byte[] Root => Tree.Root;

    /// <summary>
    /// Commits columns given by their polynomials' coefficients, extended to 2^<paramref name="logN"/> rows;
    /// <paramref name="openedRows"/> is how many rows the decommitment will open (at most), which decides whether the
    /// values are kept.
    /// </summary>
    public static StoneTableCommitment Commit(
        Felt[][] coefficients, int logN, StoneMaskedHash hash, long verifierFriendlyLayers, int openedRows, int maxThreads,
        long keptValuesBudget = KeptValuesBudget)
    {
        int width = coefficients.Length, rows = 1 << logN;
        int logK = 0;
        foreach (Felt[] column in coefficients) logK = Math.Max(logK, StoneLowDegreeExtension.LogCosetSize(column.Length));
        if (logK > logN) throw new ArgumentException($"columns of {1 << logK} coefficients do not fit 2^{logN} rows", nameof(coefficients));
        int k = 1 << logK, cosets = rows >> logK;
        int threads = Stark.Common.Parallelism.Resolve(maxThreads);
        var leaves = new byte[32L * rows];
        bool friendlyLeaves = verifierFriendlyLayers >= logN + 1;
        bool keep = 32L * width * rows <= keptValuesBudget && (long)openedRows >= (long)OpenedRowsPerBlowupToKeep * cosets;
        Felt[][]? values = keep ? new Felt[width][] : null;
        var part = new Felt[width][];
        for (int c = 0; c < width; c++)
        {
            if (values is not null) values[c] = GC.AllocateUninitializedArray<Felt>(rows);
            part[c] = GC.AllocateUninitializedArray<Felt>(k);
        }
        for (int coset = 0; coset < cosets; coset++)
        {
            int current = coset;
            Stark.Common.Parallelism.ForBalanced(width, threads, (c, columnThreads) =>
            {
                StoneLowDegreeExtension.ExtendCoset(coefficients[c], logN, logK, current, part[c], columnThreads);
                if (values is not null) part[c].CopyTo(values[c].AsSpan(current * k, k));
            });
            const int Chunk = 512;
            int firstRow = coset * k;
            Stark.Common.Parallelism.For((k + Chunk - 1) / Chunk, threads, j =>
            {
                // The chunk's rows gathered row-major, then hashed several at a time.
                int first = j * Chunk, count = Math.Min(k, first + Chunk) - first;
                Felt[] rented = System.Buffers.ArrayPool<Felt>.Shared.Rent(count * width);
                Span<Felt> block = rented.AsSpan(0, count * width);
                for (int c = 0; c < width; c++)
                {
                    ReadOnlySpan<Felt> column = part[c].AsSpan(first, count);
                    for (int r = 0; r < count; r++) block[r * width + c] = column[r];
                }
                StoneTableLeaf.DigestRows(block, width, friendlyLeaves, hash, leaves.AsSpan(32 * (firstRow + first), 32 * count));
                System.Buffers.ArrayPool<Felt>.Shared.Return(rented);
            });
        }
        return new StoneTableCommitment(coefficients, values, logN, StoneMerkleTree.Build(logN, leaves, verifierFriendlyLayers, hash, threads));
    }

    /// <summary>
    /// The values of every table's columns at the points of <paramref name="rows"/> — result[t][q][c] for table t, row
    /// q, column c — read where the table kept its values, else recomputed from the coefficients: the powers of each
    /// row's point once (in lanes) for all such tables, then a dot product per column.
    /// </summary>
    public static Felt[][][] OpenRows(IReadOnlyList<StoneTableCommitment> tables, IReadOnlyList<long> rows, int maxThreads)
    {
        int n = 0, logN = tables[0].LogN;
        foreach (StoneTableCommitment table in tables)
            if (table._values is null)
                foreach (Felt[] column in table.Coefficients) n = Math.Max(n, column.Length);
        var result = new Felt[tables.Count][][];
        for (int t = 0; t < tables.Count; t++)
        {
            result[t] = new Felt[rows.Count][];
            if (tables[t]._values is Felt[][] kept)
                for (int q = 0; q < rows.Count; q++) result[t][q] = kept.Select(column => column[rows[q]]).ToArray();
        }
        if (tables.All(table => table._values is not null)) return result;
        int threads = Math.Min(Stark.Common.Parallelism.Resolve(maxThreads), Math.Max(1, rows.Count));
        Stark.Common.Parallelism.For(threads, threads, worker =>
        {
            var powers = GC.AllocateUninitializedArray<Felt>(n);
            for (int q = worker; q < rows.Count; q += threads)
            {
                powers.AsSpan().Fill(Felt.One);
                Stark.Ntt.Radix2Ntt.ScaleByPowers(powers, Felt.One, StoneDomains.RowPoint(rows[q], logN), 1);
                for (int t = 0; t < tables.Count; t++)
                {
                    if (tables[t]._values is not null) continue;
                    Felt[][] columns = tables[t].Coefficients;
                    var values = new Felt[columns.Length];
                    for (int c = 0; c < columns.Length; c++) values[c] = FeltSpan.Dot(columns[c], powers.AsSpan(0, columns[c].Length));
                    result[t][q] = values;
                }
            }
        });
        return result;
    }

    /// <summary>
    /// Writes the decommitment of <paramref name="rows"/> (ascending, distinct) as the verifier reads it: every row's
    /// values (<paramref name="rowValues"/>[q], from <see cref="OpenRows"/>; Montgomery bytes, column order), then the
    /// authentication nodes.
    /// </summary>
    public void Decommit(StoneProverChannel channel, IReadOnlyList<long> rows, Felt[][] rowValues)
    {
        int width = Coefficients.Length;
        var bytes = new byte[32 * width * rows.Count];
        int at = 0;
        foreach (Felt[] row in rowValues)
            foreach (Felt v in row)
            {
                v.WriteMontgomeryBytesBigEndian(bytes.AsSpan(at, 32));
                at += 32;
            }
        channel.Decommit(bytes);
        channel.Decommit(Tree.AuthenticationNodes(rows));
    }
}
