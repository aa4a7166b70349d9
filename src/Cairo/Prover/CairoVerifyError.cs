namespace Zetina.Cairo.Prover;

/// <summary>Why a Cairo proof was rejected.</summary>
public enum CairoVerifyError
{
    /// <summary>Accepted.</summary>
    None = 0,
    /// <summary>Returned when the proof document does not parse (bad JSON, missing field, bad hex).</summary>
    Malformed,
    /// <summary>Returned when the public input is not a statement this AIR can prove (see <see cref="CairoVerifyResult.Refusal"/>: not pinned to a finished run, unknown layout, unproved builtin in use, bad segments, sizes or bounds).</summary>
    StatementInvalid,
    /// <summary>Returned when the program hash differs from the one the caller expects.</summary>
    ProgramHashMismatch,
    /// <summary>Returned when the STARK proof does not verify for this statement and binding (the STARK error is in the message).</summary>
    ProofInvalid,
    /// <summary>Returned when the proof's parameters are valid but not accepted (a commitment hash outside <see cref="CairoVerifier.AcceptedHashes"/>).</summary>
    ParametersRefused,
}
