namespace Zetina.Cairo.Stone;

/// <summary>Which Stone release's statement seed a proof was made with; the proof file does not say.</summary>
internal enum StoneStatementVersion
{
    /// <summary>Stone v2 ("stone5"): the seed starts with log₂ n_steps.</summary>
    Stone5,

    /// <summary>Stone v3 ("stone6"): the seed starts with n_verifier_friendly_commitment_layers.</summary>
    Stone6,
}
