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
    /// the main columns followed by the interaction columns built with <paramref name="auxRandom"/>; a column of lift s,
    /// main or interaction, is given at its n/s rows and row r reads its row r mod n/s (<see cref="IAir.ColumnLifts"/>,
    /// <see cref="IAir.AuxColumnLifts"/>).
    /// </summary>
    /// <remarks>
    /// A constraint of lift s is not checked on the rows r with r mod (n/s) ≥ n/s − E, its short table's last E rows on
    /// every copy; since n/s divides n, the rows n − E … n − 1 that no constraint is checked on are among them.
    /// </remarks>
    public static List<ConstraintFailure> Check(IAir air, IReadOnlyList<Felt[]> columns, ReadOnlySpan<Felt> auxRandom, int limit = 16)
    {
        var failures = new List<ConstraintFailure>();
        int n = air.TraceLength;
        ReadOnlySpan<MaskEntry> mask = air.Mask;
        var frame = new Felt[mask.Length];
        IReadOnlyList<Felt[]> periodicCols = air.PeriodicColumns;
        var periodic = new Felt[periodicCols.Count];
        var result = new Felt[air.TransitionDegrees.Length];
        ReadOnlySpan<int> steps = air.TransitionRowSteps, lifts = air.TransitionLifts;
        int exemptions = air.TransitionExemptions;
        for (int row = 0; row < n - air.TransitionExemptions && failures.Count < limit; row++)
        {
            for (int k = 0; k < mask.Length; k++)
            {
                Felt[] column = columns[mask[k].Column];
                frame[k] = column[(row + mask[k].RowOffset) % column.Length];
            }
            for (int j = 0; j < periodic.Length; j++) periodic[j] = periodicCols[j][row % periodicCols[j].Length];
            air.EvaluateTransition(frame, periodic, auxRandom, result);
            for (int k = 0; k < result.Length; k++)
            {
                int shortRows = n / (lifts.IsEmpty ? 1 : lifts[k]);
                if (!result[k].IsZero && (steps.IsEmpty || row % steps[k] == 0) && row % shortRows < shortRows - exemptions)
                    failures.Add(new ConstraintFailure(row, false, k));
            }
        }
        IReadOnlyList<BoundaryConstraint> boundaries = air.BoundaryConstraints(auxRandom);
        for (int b = 0; b < boundaries.Count && failures.Count < limit; b++)
        {
            Felt[] column = columns[boundaries[b].Column];
            if (column[boundaries[b].Row % column.Length] != boundaries[b].Value) failures.Add(new ConstraintFailure(boundaries[b].Row, true, b));
        }
        return failures;
    }
}
