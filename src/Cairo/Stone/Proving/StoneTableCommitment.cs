using Zetina.Stark.Channel;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;
using Zetina.Stark.Merkle;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// One committed table of the proof — the original trace, the interaction trace or the composition columns
/// (<c>commitment_scheme/table_prover_impl.cc</c>): its columns' polynomials, their values on the evaluation domain
/// in row order, and the Merkle tree whose leaf r is <see cref="StoneTableLeaf.Digest"/> of row r.
/// </summary>
internal sealed class StoneTableCommitment
{
    private StoneTableCommitment(Felt[][] coefficients, Felt[][] values, StoneMerkleTree tree)
    {
        Coefficients = coefficients;
        Values = values;
        Tree = tree;
    }

    /// <summary>Each column's polynomial, lowest coefficient first.</summary>
    public Felt[][] Coefficients { get; }

    /// <summary>Each column's values on the evaluation domain, <c>Values[c][r]</c> at x_r.</summary>
    public Felt[][] Values { get; }

    /// <summary>The Merkle tree over the rows.</summary>
    public StoneMerkleTree Tree { get; }

    /// <summary>The commitment the prover sends.</summary>
    public byte[] Root => Tree.Root;

    /// <summary>Commits columns given by their polynomials' coefficients, extended to 2^<paramref name="logN"/> rows.</summary>
    public static StoneTableCommitment Commit(Felt[][] coefficients, int logN, StoneMaskedHash hash, long verifierFriendlyLayers, int maxThreads)
    {
        var values = new Felt[coefficients.Length][];
        int threads = Stark.Common.Parallelism.Resolve(maxThreads);
        Stark.Common.Parallelism.For(coefficients.Length, Math.Min(threads, coefficients.Length), c =>
            values[c] = StoneLowDegreeExtension.Extend(coefficients[c], logN, coefficients.Length >= threads ? 1 : threads));
        int rows = 1 << logN;
        var leaves = new byte[32 * rows];
        bool friendlyLeaves = verifierFriendlyLayers >= logN + 1;
        const int Chunk = 512;
        Stark.Common.Parallelism.For((rows + Chunk - 1) / Chunk, threads, k =>
        {
            // The chunk's rows gathered row-major, then hashed several at a time.
            int first = k * Chunk, count = Math.Min(rows, first + Chunk) - first, width = values.Length;
            var block = new Felt[count * width];
            for (int c = 0; c < width; c++)
            {
                ReadOnlySpan<Felt> column = values[c].AsSpan(first, count);
                for (int r = 0; r < count; r++) block[r * width + c] = column[r];
            }
            StoneTableLeaf.DigestRows(block, width, friendlyLeaves, hash, leaves.AsSpan(32 * first, 32 * count));
        });
        return new StoneTableCommitment(coefficients, values, StoneMerkleTree.Build(logN, leaves, verifierFriendlyLayers, hash, threads));
    }

    /// <summary>
    /// Writes the decommitment of <paramref name="rows"/> (ascending, distinct) as the verifier reads it: every
    /// row's values (Montgomery bytes, column order), then the authentication nodes.
    /// </summary>
    public void Decommit(StoneProverChannel channel, IReadOnlyList<long> rows)
    {
        var bytes = new byte[32 * Values.Length * rows.Count];
        int at = 0;
        foreach (long r in rows)
            foreach (Felt[] column in Values)
            {
                column[r].WriteMontgomeryBytesBigEndian(bytes.AsSpan(at, 32));
                at += 32;
            }
        channel.Decommit(bytes);
        channel.Decommit(Tree.AuthenticationNodes(rows));
    }
}
