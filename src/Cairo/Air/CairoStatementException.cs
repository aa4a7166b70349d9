namespace Zetina.Cairo.Air;

/// <summary>Thrown by the prover for a statement the verifier would refuse; <see cref="Refusal"/> says why.</summary>
public sealed class CairoStatementException(StatementRefusal refusal, string reason)
    : CairoTraceException($"statement refused ({refusal}): {reason}")
{
    /// <summary>The refusal, as the verifier would report it.</summary>
    public StatementRefusal Refusal { get; } = refusal;
}
