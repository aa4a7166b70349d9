using Zetina.Stark.Field;

namespace Zetina.Stark.Fri;

/// <summary>
/// The opened leaves of one committed FRI layer: <see cref="Values"/> holds, for each opened leaf in
/// ascending leaf order, the 2^step values of its folding coset (row-major); <see cref="Siblings"/> is the
/// batch Merkle opening of those leaves.
/// </summary>
public sealed record FriLayerOpening(Felt[] Values, byte[][] Siblings);
