namespace Zetina.Cairo.Air;

/// <summary>The rows on which a constraint must vanish; the prover divides by the matching vanishing polynomial.</summary>
public enum ConstraintDomain
{
    /// <summary>Every row: divisor x^n − 1.</summary>
    EveryRow,
    /// <summary>Every row but the last (it reads the next row): divisor (x^n − 1)/(x − g^(n−1)).</summary>
    AllButLastRow,
    /// <summary>Row 0 only: divisor x − 1.</summary>
    FirstRow,
    /// <summary>Row n − 1 only: divisor x − g^(n−1).</summary>
    LastRow,
}
