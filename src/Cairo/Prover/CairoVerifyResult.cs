using Zetina.Cairo.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Prover;

/// <summary>
/// The verifier's answer: valid or the error and a message naming the failed check, and — when the statement parsed —
/// what the proof states: program hash, output, n_steps, layout, conjectured security bits.
/// </summary>
public sealed record CairoVerifyResult(CairoVerifyError Error, string Message, Felt ProgramHash, Felt[] Output, long NSteps, string Layout, int SecurityBits)
{
    /// <summary>Why the statement was refused (<see cref="StatementRefusal.None"/> when it was not).</summary>
    public StatementRefusal Refusal { get; init; }

    /// <summary>
    /// The rules the statement was held to: <see cref="CairoStatementRules.ProofMode"/> (the program ran from its start
    /// to its end and the output is bound to it) unless the caller asked for less.
    /// </summary>
    public CairoStatementRules Rules { get; init; }

    /// <summary>True when the proof was accepted.</summary>
    public bool IsValid => Error == CairoVerifyError.None;

    internal static CairoVerifyResult Fail(CairoVerifyError e, string message) => new(e, message, Felt.Zero, [], 0, "", 0);
}
