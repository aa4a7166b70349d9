using System.Numerics;
using Zetina.Stark.Merkle;

namespace Zetina.Stark.Parameters;

/// <summary>
/// Picks parameters of at least 96 conjectured bits for a proof's shape: the blowup, queries and grinding from the
/// <see cref="ProofOptimization"/> preset, then the FRI step list and last-layer bound that minimize the expected
/// proof size (<see cref="ProofSizeModel"/>).
/// </summary>
/// <remarks>
/// Security (<see cref="StarkParameters.ConjecturedSecurityBits"/>): speed is blowup 2 with 72 queries and 24 grinding
/// bits (72·1 + 24 = 96); size is blowup 8 with 26 queries and 20 grinding bits (26·3 + 20 = 98). The speed preset
/// trades 8 queries for 8 grinding bits: 2^24 Keccak hashes are about 0.3 s on two AVX-512 cores (docs/stark.md,
/// "Proof of work"), and 8 queries are 8 of the 2^18-step Cairo proof's 80 table and FRI openings, about 26 KB (docs/stark.md,
/// "Where the bytes go"). Both commit with
/// <see cref="Hash"/>, Keccak-256 masked to 192 bits: a 96-bit birthday bound, so the hash does not cap the 96 bits,
/// and 24 bytes a digest instead of 32. Masking to 160 bits (Stone's default) would cap security at 80 bits.
/// </remarks>
public static class ParameterChoice
{
    /// <summary>The commitment hash both presets use.</summary>
    public const string Hash = "keccak256_masked192_msb";

    /// <summary>The conjectured security both presets reach at least.</summary>
    public const int SecurityBits = 96;

    /// <summary>The largest FRI step the choice considers (folding by 16, as Stone's default lists do).</summary>
    public const int MaxStep = 4;

    /// <summary>Parameters for <paramref name="shape"/> under <paramref name="optimize"/>; the blowup is raised to the composition's chunk count when that is larger.</summary>
    public static StarkParameters For(ProofShape shape, ProofOptimization optimize, string hash = Hash)
    {
        (int logBlowup, int pow) = optimize == ProofOptimization.Size ? (3, 20) : (1, 24);
        logBlowup = Math.Max(logBlowup, BitOperations.Log2((uint)Math.Max(1, shape.CompositionChunks)));
        int queries = (SecurityBits - pow + logBlowup - 1) / logBlowup;
        var template = new StarkParameters(logBlowup, queries, pow, [0], 1, hash);
        return WithSmallestFri(template, shape);
    }

    /// <summary>
    /// <paramref name="p"/> with the FRI step list (first step 0, 1 or 2, then steps of 1 … <see cref="MaxStep"/>) and
    /// last-layer bound (up to 2^7) of the smallest expected proof. The cost of a committed layer depends only on its
    /// size and step (the positions the verifier folds into it are the opened leaves of the layer before, which is
    /// the layer's own size), so the cheapest chain is a shortest path over layer sizes.
    /// </summary>
    public static StarkParameters WithSmallestFri(StarkParameters p, ProofShape shape)
    {
        int logN = shape.LogTraceLength, logS = logN + p.LogNCosets;
        StarkParameters? best = null;
        double bestBytes = double.MaxValue;
        for (int logLast = 0; logLast <= Math.Min(7, logN); logLast++)
        {
            int end = logLast + p.LogNCosets;
            for (int first = 0; first <= Math.Min(2, logN - logLast); first++)
            {
                List<int>? chain = CheapestChain(logS - first, end, p);
                if (chain is null) continue;
                int[] steps = [first, .. chain];
                var candidate = p with { FriStepList = steps, LastLayerDegreeBound = 1 << logLast };
                if (candidate.Validate(logN) is not null) continue;
                double bytes = ProofSizeModel.Bytes(candidate, shape);
                if (bytes < bestBytes) { bestBytes = bytes; best = candidate; }
            }
        }
        return best ?? throw new ArgumentException($"no FRI step list fits 2^{logN} rows");
    }

    /// <summary>The cheapest steps from a layer of 2^from values down to the last layer of 2^end values; null when none fits.</summary>
    private static List<int>? CheapestChain(int from, int end, StarkParameters p)
    {
        if (end > from) return null;
        int digest = MerkleHashes.DigestWindow(p.Hash).Length;
        var best = new double[from + 1];
        var step = new int[from + 1];
        for (int l = 0; l <= from; l++) best[l] = double.MaxValue;
        best[end] = 0;
        for (int l = end + 1; l <= from; l++)
            for (int s = 1; s <= MaxStep && l - s >= end; s++)
            {
                if (best[l - s] == double.MaxValue) continue;
                double opened = ProofSizeModel.Distinct(l - s, p.NQueries), known = ProofSizeModel.Distinct(l, p.NQueries);
                double c = digest + (opened * (1 << s) - known) * 32 + ProofSizeModel.MultiProofNodes(l - s, p.NQueries) * digest + best[l - s];
                if (c < best[l]) { best[l] = c; step[l] = s; }
            }
        if (best[from] == double.MaxValue) return null;
        var chain = new List<int>();
        for (int l = from; l > end; l -= step[l]) chain.Add(step[l]);
        return chain;
    }
}
