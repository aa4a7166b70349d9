using Zetina.Stark.Merkle;

namespace Zetina.Stark.Fri;

/// <summary>Why FRI's query phase rejected: which check failed, and a sentence naming the layer and the numbers.</summary>
/// <param name="Kind">The check that failed.</param>
/// <param name="Merkle">For <see cref="FriFailure.Merkle"/>, how the layer's Merkle opening failed; otherwise Valid.</param>
/// <param name="Message">The layer and the numbers involved.</param>
public sealed record FriRejection(FriFailure Kind, MerkleCheck Merkle, string Message);

/// <summary>The checks of FRI's query phase.</summary>
public enum FriFailure
{
    /// <summary>Returned when a count is wrong: openings per layer, or values in a layer's opening (a value missing or extra).</summary>
    Shape,
    /// <summary>Returned when a layer's opened leaves (the sent values with the folded ones in their slots) do not open its root.</summary>
    Merkle,
    /// <summary>Returned when a value folded into the last layer differs from the last-layer polynomial there.</summary>
    LastLayer,
}
