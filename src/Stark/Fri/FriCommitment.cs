using Zetina.Stark.Field;
using Zetina.Stark.Merkle;

namespace Zetina.Stark.Fri;

/// <summary>
/// The prover's result of FRI's commit phase: every layer's values (layer 0 first), the trees of the
/// committed layers (index j for layer j; null for layer 0, which the trace commitments cover, and for the
/// last layer), the folding challenges and the last layer's coefficients.
/// </summary>
public sealed record FriCommitment(FriLayout Layout, Felt[][] Layers, MerkleTree?[] Trees, Felt[] Betas, Felt[] LastLayer)
{
    /// <summary>The roots of the committed layers 1 … FoldCount − 1, in order.</summary>
    public byte[][] Roots()
    {
        var roots = new List<byte[]>();
        for (int j = 1; j < Layout.FoldCount; j++) roots.Add(Trees[j]!.Root.ToArray());
        return roots.ToArray();
    }
}
