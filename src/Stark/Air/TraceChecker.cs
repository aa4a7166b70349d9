using Zetina.Stark.Field;

namespace Zetina.Stark.Air;

/// <summary>One failed constraint on a trace: the row, and which constraint (a transition's index, or a boundary's).</summary>
public readonly record struct ConstraintFailure(int Row, bool IsBoundary, int Constraint)
{
    /// <inheritdoc/>
    public override string ToString() => IsBoundary ? $"boundary constraint {Constraint} at row {Row}" : $"transition constraint {Constraint} at row {Row}";
}

/// <summary>
/// Checks a trace against an AIR directly on the trace domain, row by row — the slow, obvious oracle the
/// prover's algebra must agree with, and the diagnostic a prover reports when a trace is wrong.
/// </summary>
public static class TraceChecker
{
    /// <summary>
    /// Every (row, constraint) that fails, up to <paramref name="limit"/> of them. <paramref name="columns"/> are
    /// the main columns followed by the interaction columns built with <paramref name="auxRandom"/>.
    /// </summary>
    public static List<ConstraintFailure> Check(IAir air, IReadOnlyList<Felt[]> columns, ReadOnlySpan<Felt> auxRandom, int limit = 16)
    {
        var failures = new List<ConstraintFailure>();
        int n = air.TraceLength;
        ReadOnlySpan<MaskEntry> mask = air.Mask;
        var frame = new Felt[mask.Length];
        IReadOnlyList<Felt[]> periodicCols = air.PeriodicColumns;
        var periodic = new Felt[periodicCols.Count];
        var result = new Felt[air.TransitionDegrees.Length];
        ReadOnlySpan<int> steps = air.TransitionRowSteps;
        for (int row = 0; row < n - air.TransitionExemptions && failures.Count < limit; row++)
        {
            for (int k = 0; k < mask.Length; k++) frame[k] = columns[mask[k].Column][(row + mask[k].RowOffset) % n];
            for (int j = 0; j < periodic.Length; j++) periodic[j] = periodicCols[j][row % periodicCols[j].Length];
            air.EvaluateTransition(frame, periodic, auxRandom, result);
            for (int k = 0; k < result.Length; k++)
                if (!result[k].IsZero && (steps.IsEmpty || row % steps[k] == 0)) failures.Add(new ConstraintFailure(row, false, k));
        }
        IReadOnlyList<BoundaryConstraint> boundaries = air.BoundaryConstraints(auxRandom);
        for (int b = 0; b < boundaries.Count && failures.Count < limit; b++)
            if (columns[boundaries[b].Column][boundaries[b].Row] != boundaries[b].Value) failures.Add(new ConstraintFailure(boundaries[b].Row, true, b));
        return failures;
    }
}
