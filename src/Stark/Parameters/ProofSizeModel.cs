using Zetina.Stark.Merkle;

namespace Zetina.Stark.Parameters;

/// <summary>
/// The expected size of a binary proof (ProofSerializer, version 4, or 5 with short tables of either kind) for given parameters and shape, with the
/// queries drawn uniformly: what <see cref="ParameterChoice"/> minimizes. An upper bound that agrees with measured proofs
/// to about 1% when every opened value is random-looking; rows opened on the trace domain (one query in blowup, when
/// the evaluation domain contains it) and columns constant on the trace make a real proof smaller (docs/stark.md,
/// "Where the bytes go": the 2^18-step Cairo proof's trace rows are 400 bytes against 1,568).
/// </summary>
/// <remarks>
/// With q uniform queries into B buckets the expected number of distinct buckets hit is
/// <c>D(B, q) = B·(1 − (1 − 1/B)^q)</c>. A table over M leaves opens D(M, q) leaves. A batch Merkle opening of a tree
/// with 2^L leaves sends, at each level ℓ from the leaves, one node per opened node whose sibling is not opened:
/// <c>2·D(2^{L−ℓ−1}, q) − D(2^{L−ℓ}, q)</c> (opened nodes at ℓ minus twice the opened pairs). A committed FRI layer
/// sends its opened leaves' values less the ones the verifier folds: D(M_j, q)·2^{s_j} − D(M_{j−1}, q). A short table of
/// lift s has M/s leaves and a query opens its leaf q mod (M/s), uniform too: it opens D(M/s, q) leaves.
/// Opened table values are counted at 32 bytes (<see cref="Proof.ColumnWidths"/> narrows the trace rows and constant
/// columns). That does not move the choice: the widths are the same for every step list, and what a narrow row saves
/// only makes a leading step above 0 (2^{s₀} rows a query) a little less far behind.
/// </remarks>
public static class ProofSizeModel
{
    /// <summary>Expected bytes of a proof of <paramref name="shape"/> under <paramref name="p"/> (which must fit the shape's trace length).</summary>
    public static double Bytes(StarkParameters p, ProofShape shape)
    {
        const int Felt = 32;
        int digest = MerkleHashes.DigestWindow(p.Hash).Length;
        int q = p.NQueries;
        int logS = shape.LogTraceLength + p.LogNCosets;
        int first = p.FriStepList[0];
        double bytes = 64 + 4 * p.FriStepList.Length + p.Hash.Length;                  // header
        bytes += Felt * (shape.OutOfDomainValues + shape.CompositionChunks);             // round 4
        double leaves = Distinct(logS - first, q);
        foreach (int width in new[] { shape.MainWidth, shape.AuxWidth, shape.CompositionChunks })
        {
            if (width == 0) continue;
            double rows = leaves * (1 << first);
            bytes += digest + 2 * width + Math.Ceiling(rows / 8) + rows * width * Felt + MultiProofNodes(logS - first, q) * digest;  // root, widths, marks, rows, nodes
        }
        (int Lift, int Width)[] shortTables = shape.ShortTables ?? [], shortAuxTables = shape.ShortAuxTables ?? [];
        if (shortTables.Length + shortAuxTables.Length > 0)
        {
            bytes += shortAuxTables.Length > 0 ? 2 : 1;                                  // short table counts (version 5)
            foreach ((int lift, int width) in shortTables.Concat(shortAuxTables))
            {
                int logLeaves = logS - first - System.Numerics.BitOperations.Log2((uint)lift);
                double rows = Distinct(logLeaves, q) * (1 << first);
                bytes += 1 + digest + 2 * width + Math.Ceiling(rows / 8) + rows * width * Felt + MultiProofNodes(logLeaves, q) * digest;
            }
        }
        logS -= first;
        double known = leaves;
        for (int j = 1; j < p.FriStepList.Length; j++)
        {
            int s = p.FriStepList[j];
            double opened = Distinct(logS - s, q);                                      // layer j, committed, arity 2^s
            bytes += digest + (opened * (1 << s) - known) * Felt + MultiProofNodes(logS - s, q) * digest;
            known = opened;
            logS -= s;
        }
        bytes += Felt * Math.Min(p.LastLayerDegreeBound, 1 << logS);
        return bytes;
    }

    /// <summary>D(2^logBuckets, q): the expected number of distinct buckets q uniform draws hit.</summary>
    public static double Distinct(int logBuckets, int q)
    {
        double b = Math.Pow(2, logBuckets);
        return b * -double.ExpM1(q * double.LogP1(-1 / b));
    }

    /// <summary>The expected number of nodes a batch opening of q uniform leaves of a 2^logLeaves-leaf tree sends.</summary>
    public static double MultiProofNodes(int logLeaves, int q)
    {
        double nodes = 0;
        for (int level = 0; level < logLeaves; level++)
            nodes += 2 * Distinct(logLeaves - level - 1, q) - Distinct(logLeaves - level, q);
        return nodes;
    }
}
