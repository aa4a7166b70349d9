using Zetina.Stark.Field;

namespace Zetina.Cairo.Prover;

/// <summary>
/// The verifier's answer: valid or the error and a message naming the failed check, and — when the statement parsed —
/// what the proof states: program hash, output, n_steps, layout, conjectured security bits.
/// </summary>
public sealed record CairoVerifyResult(CairoVerifyError Error, string Message, Felt ProgramHash, Felt[] Output, long NSteps, string Layout, int SecurityBits)
{
    /// <summary>True when the proof was accepted.</summary>
    public bool IsValid => Error == CairoVerifyError.None;

    internal static CairoVerifyResult Fail(CairoVerifyError e, string message) => new(e, message, Felt.Zero, [], 0, "", 0);
}
