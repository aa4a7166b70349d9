using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Stark.Merkle;

/// <summary>
/// Stone's Merkle decommitment (<c>commitment_scheme/merkle/merkle.cc</c>, <c>MerkleTree::VerifyDecommitment</c>):
/// node 1 is the root and node i has children 2i and 2i + 1, so leaf r of a tree of height h is node 2^h + r.
/// The verifier walks the known nodes layer by layer, bottom up and left to right; whenever a node's sibling is
/// not known it takes the next authentication node from the proof, so the proof lists exactly the missing
/// siblings in that order.
/// </summary>
/// <remarks>
/// With <c>n_verifier_friendly_commitment_layers</c> = k, a parent whose children lie at depth d ≤ k (the root
/// at depth 0) is Poseidon(left, right); deeper parents use the byte hash (Integrity's
/// <c>compute_root_from_queries</c>). All digests are 32 bytes, a Poseidon digest its canonical big-endian felt.
/// </remarks>
internal static class StoneMerkleVerifier
{
    /// <summary>
    /// Recomputes the root from the leaves at <paramref name="rows"/> (ascending, distinct, below 2^height) and the
    /// authentication nodes read one by one from <paramref name="nextAuthentication"/> (null when the proof ran out).
    /// False when the proof ran out or a Poseidon input is not a felt; otherwise the root is written to <paramref name="root"/>.
    /// </summary>
    public static bool TryComputeRoot(
        int height, long verifierFriendlyLayers, StoneMaskedHash hash,
        IReadOnlyList<long> rows, IReadOnlyList<byte[]> leaves, Func<byte[]?> nextAuthentication, out byte[] root)
    {
        root = [];
        var queue = new List<(long Node, byte[] Digest)>(rows.Count * 2);
        for (int i = 0; i < rows.Count; i++) queue.Add(((1L << height) + rows[i], leaves[i]));
        int start = 0;
        int depth = height;
        while (true)
        {
            (long node, byte[] digest) = queue[start];
            if (node == 1)
            {
                if (start + 1 != queue.Count) return false;
                root = digest;
                return true;
            }
            depth = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)node);
            bool friendly = verifierFriendlyLayers >= depth;
            var parent = new byte[32];
            if ((node & 1) == 0 && start + 1 < queue.Count && queue[start + 1].Node == node + 1)
            {
                if (!TryHashPair(hash, friendly, digest, queue[start + 1].Digest, parent)) return false;
                start += 2;
            }
            else
            {
                byte[]? sibling = nextAuthentication();
                if (sibling is null || sibling.Length != 32) return false;
                bool ok = (node & 1) == 0
                    ? TryHashPair(hash, friendly, digest, sibling, parent)
                    : TryHashPair(hash, friendly, sibling, digest, parent);
                if (!ok) return false;
                start += 1;
            }
            queue.Add((node >> 1, parent));
        }
    }

    /// <summary>
    /// How many authentication nodes <see cref="TryComputeRoot"/> reads for leaves at <paramref name="rows"/>
    /// (ascending, distinct): the same walk with node numbers only, so a verifier can read a decommitment whole
    /// before hashing it.
    /// </summary>
    public static int AuthenticationNodeCount(int height, IReadOnlyList<long> rows)
    {
        var queue = new List<long>(rows.Count * 2);
        for (int i = 0; i < rows.Count; i++) queue.Add((1L << height) + rows[i]);
        int start = 0, count = 0;
        while (start < queue.Count && queue[start] != 1)
        {
            long node = queue[start];
            if ((node & 1) == 0 && start + 1 < queue.Count && queue[start + 1] == node + 1) start += 2;
            else { count++; start += 1; }
            queue.Add(node >> 1);
        }
        return count;
    }

    private static bool TryHashPair(StoneMaskedHash hash, bool friendly, byte[] left, byte[] right, byte[] parent)
    {
        if (!friendly)
        {
            hash.HashPair(left, right, parent);
            return true;
        }
        if (!Felt.TryFromBytesBigEndian(left, out Felt l) || !Felt.TryFromBytesBigEndian(right, out Felt r)) return false;
        PoseidonHash.Hash(l, r).WriteBytesBigEndian(parent);
        return true;
    }
}
