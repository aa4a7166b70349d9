using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Parameters;

namespace Zetina.Stark.Proof;

/// <summary>
/// A STARK proof, in the order of the protocol's rounds (docs/stark.md). The public input is not part
/// of it: the verifier supplies it through the AIR instance, and the transcript binds it.
/// </summary>
/// <param name="Parameters">The parameters the proof was made with.</param>
/// <param name="LogTraceLength">log₂ of the trace length n.</param>
/// <param name="MainRoot">Round 1: the main trace commitment.</param>
/// <param name="AuxRoot">Round 2: the interaction commitment (null when the AIR has none).</param>
/// <param name="CompositionRoot">Round 3: the composition chunks' commitment.</param>
/// <param name="OodTrace">Round 4: the trace values at z·ω^o for each out-of-domain entry.</param>
/// <param name="OodComposition">Round 4: C_i(z) for each composition chunk.</param>
/// <param name="FriRoots">Round 6: roots of FRI layers 1 … FoldCount − 1.</param>
/// <param name="FriLastLayer">Round 6: the last FRI layer's coefficients.</param>
/// <param name="PowNonce">Round 7: the proof-of-work nonce.</param>
/// <param name="MainOpening">Round 8: the main trace rows at the query cosets.</param>
/// <param name="AuxOpening">Round 8: the interaction rows (null when none).</param>
/// <param name="CompositionOpening">Round 8: the composition rows.</param>
/// <param name="FriOpenings">Round 8: the committed FRI layers' openings.</param>
public sealed record StarkProof(
    StarkParameters Parameters,
    int LogTraceLength,
    byte[] MainRoot,
    byte[]? AuxRoot,
    byte[] CompositionRoot,
    Felt[] OodTrace,
    Felt[] OodComposition,
    byte[][] FriRoots,
    Felt[] FriLastLayer,
    ulong PowNonce,
    TableOpening MainOpening,
    TableOpening? AuxOpening,
    TableOpening CompositionOpening,
    FriLayerOpening[] FriOpenings)
{
    /// <summary>
    /// Rounds 1 and 8: the short tables, one per column lift s &gt; 1 in ascending lift (<see cref="Air.IAir.ColumnLifts"/>):
    /// their roots follow the main root in the transcript. Empty when no column is lifted.
    /// </summary>
    public ShortTable[] ShortTables { get; init; } = [];

    /// <summary>
    /// Rounds 2 and 8: the short interaction tables, one per interaction column lift s &gt; 1 in ascending lift
    /// (<see cref="Air.IAir.AuxColumnLifts"/>): their roots follow the interaction root in the transcript, their openings
    /// the interaction opening. Empty when no interaction column is lifted.
    /// </summary>
    public ShortTable[] ShortAuxTables { get; init; } = [];
}
