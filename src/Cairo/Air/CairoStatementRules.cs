namespace Zetina.Cairo.Air;

/// <summary>What a statement must show for a proof of it to be accepted.</summary>
public enum CairoStatementRules
{
    /// <summary>
    /// The claim the network pays for: this program, run from its first instruction to its <c>__end__</c> loop,
    /// produced this output. The statement is pinned as Integrity's <c>verify_cairo0</c> pins it (see
    /// <see cref="StatementCheck"/>). The default everywhere.
    /// </summary>
    ProofMode = 0,

    /// <summary>
    /// Only that some trace satisfying the Cairo AIR has this public input. Says nothing about where the run started
    /// or stopped, nor which cells are the output; for exercising the AIR on reference traces (Cairo 1 runs, Stone's
    /// fixtures). Never a basis for payment.
    /// </summary>
    AirOnly = 1,
}
