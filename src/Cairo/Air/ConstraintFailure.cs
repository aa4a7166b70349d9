namespace Zetina.Cairo.Air;

/// <summary>A constraint that does not vanish on a row of its domain.</summary>
public readonly record struct ConstraintFailure(int Row, string Constraint)
{
    /// <inheritdoc/>
    public override string ToString() => $"row {Row}: {Constraint}";
}
