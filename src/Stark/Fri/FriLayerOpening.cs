using Zetina.Stark.Field;

namespace Zetina.Stark.Fri;

/// <summary>
/// The opened leaves of one committed FRI layer: <see cref="Values"/> holds, for each opened leaf in
/// ascending leaf order, the values of its folding coset's slots in ascending order, leaving out every slot the
/// verifier computes by folding the layer before (<see cref="FriQueryPositions.IsKnown"/>); <see cref="Siblings"/> is
/// the batch Merkle opening of those leaves.
/// </summary>
public sealed record FriLayerOpening(Felt[] Values, byte[][] Siblings);
