using Zetina.Stark.Field;

namespace Zetina.Cairo.Prover;

/// <summary>
/// The verifier's answer: valid or the error and a message naming the failed check, and — when the statement parsed —
/// what the proof states: program hash, output, n_steps, layout, conjectured security bits.
/// </summary>
public sealed record CairoVerifyResult(CairoVerifyError Error, string Message, Felt ProgramHash, Felt[] Output, long NSteps, string Layout, int SecurityBits)
{
    /// <summary>
    /// True when the builtin segments (output included) were checked against the pointers the program received and
    /// returned, as shown by the public memory (see <see cref="CairoVerifier.BuiltinPointers"/>); false when the public
    /// memory does not show them (Cairo 1 runs), so the output segment's placement rests on the public input.
    /// </summary>
    public bool BuiltinPointersBound { get; init; }

    /// <summary>True when the proof was accepted.</summary>
    public bool IsValid => Error == CairoVerifyError.None;

    internal static CairoVerifyResult Fail(CairoVerifyError e, string message) => new(e, message, Felt.Zero, [], 0, "", 0);
}
