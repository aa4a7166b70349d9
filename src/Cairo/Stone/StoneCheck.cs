namespace Zetina.Cairo.Stone;

/// <summary>The checks of Stone's verifier, in the order it makes them; a failing proof names the first that fails.</summary>
internal enum StoneCheck
{
    /// <summary>Returned when every check passed.</summary>
    None,
    /// <summary>Returned when the proof file or its parameters cannot be read or are not supported.</summary>
    File,
    /// <summary>Returned when the public input breaks the layout's rules, or the layout is unknown.</summary>
    PublicInput,
    /// <summary>Returned when proof_hex is not a whole number of 32-byte felts below p (felt channel).</summary>
    ProofEncoding,
    /// <summary>Returned when the FRI parameters do not fit the trace (degree bound, domain sizes).</summary>
    FriParameters,
    /// <summary>Returned when proof_hex ends before the verifier has read everything it needs.</summary>
    ProofTooShort,
    /// <summary>Returned when the composition at the out-of-domain point disagrees with the trace's opened values.</summary>
    OutOfDomainSampling,
    /// <summary>Returned when the proof-of-work nonce does not carry the required work.</summary>
    ProofOfWork,
    /// <summary>Returned when a trace's (original, interaction, composition) opened rows do not hash to its commitment.</summary>
    TraceDecommitment,
    /// <summary>Returned when a FRI layer's opened cosets do not hash to its commitment.</summary>
    FriLayerDecommitment,
    /// <summary>Returned when a query folded to the last layer disagrees with the last layer's coefficients.</summary>
    FriLastLayer,
    /// <summary>Returned when bytes are left over after the last decommitment.</summary>
    ProofTooLong,
}
