using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// What the Stone prover needs of a run: the original trace, filled cell for cell as Stone's trace generation fills
/// it, and the interaction trace, which can only be built once the verifier's interaction elements are drawn from
/// the channel after the original trace is committed (Stone's <c>GetInteractionTrace</c>).
/// </summary>
internal interface IStoneTraceSource
{
    /// <summary>The original trace: <c>layout.TraceColumns</c> columns of n_steps · 16 rows.</summary>
    StoneTraceTable Main { get; }

    /// <summary>The interaction trace (columns numbered after the original's) for the drawn <paramref name="interactionElements"/>.</summary>
    StoneTraceTable BuildInteraction(Felt[] interactionElements);
}
