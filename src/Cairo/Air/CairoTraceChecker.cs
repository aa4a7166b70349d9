using Zetina.Stark.Air;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Air;

/// <summary>
/// Evaluates every constraint of <see cref="CairoAir"/> directly on the trace (no polynomials): each transition on
/// rows 0 … n − 1 − exemptions, each boundary assertion on its row; lists each (row, constraint) that fails. The
/// prover runs it in debug builds before proving; tests run it on reference traces and on tampered ones.
/// </summary>
public static class CairoTraceChecker
{
    /// <summary>All failures, transitions in row order then boundaries (at most <paramref name="limit"/>).</summary>
    public static List<ConstraintFailure> Check(CairoAir air, IReadOnlyList<Felt[]> main, IReadOnlyList<Felt[]> aux, ReadOnlySpan<Felt> auxRandom, int limit = 1000)
    {
        int n = air.TraceLength, w = air.MainWidth;
        var failures = new List<ConstraintFailure>();
        ReadOnlySpan<MaskEntry> mask = air.Mask;
        var frame = new Felt[mask.Length];
        var result = new Felt[air.TransitionDegrees.Length];
        IReadOnlyList<Felt[]> periodicCols = air.PeriodicColumns;
        var periodic = new Felt[periodicCols.Count];
        ReadOnlySpan<int> lifts = air.TransitionLifts, steps = air.TransitionRowSteps;
        for (int row = 0; row < n - air.TransitionExemptions; row++)
        {
            for (int j = 0; j < periodic.Length; j++) periodic[j] = periodicCols[j][row % periodicCols[j].Length];
            for (int i = 0; i < mask.Length; i++)
            {
                int c = mask[i].Column, r = (row + mask[i].RowOffset) % n;
                Felt[] column = c < w ? main[c] : aux[c - w];
                frame[i] = column[r & (column.Length - 1)]; // a lifted column holds its short rows

            }
            air.EvaluateTransition(frame, periodic, auxRandom, result);
            for (int k = 0; k < result.Length; k++)
            {
                if (result[k].IsZero) continue;
                // A lifted constraint (a lane of n/s rows) is exempt on each copy's last row, as on the trace's.
                if (!lifts.IsEmpty && lifts[k] > 1 && row % (n / lifts[k]) == n / lifts[k] - 1) continue;
                if (!steps.IsEmpty && row % steps[k] != 0) continue; // a row-0 link holds on row 0 alone
                failures.Add(new ConstraintFailure(row, air.TransitionName(k)));
                if (failures.Count >= limit) return failures;
            }
        }
        IReadOnlyList<BoundaryConstraint> bs = air.BoundaryConstraints(auxRandom);
        IReadOnlyList<string> names = air.BoundaryNames();
        for (int i = 0; i < bs.Count; i++)
        {
            BoundaryConstraint b = bs[i];
            Felt[] column = b.Column < w ? main[b.Column] : aux[b.Column - w];
            Felt v = column[b.Row & (column.Length - 1)];
            if (v == b.Value) continue;
            failures.Add(new ConstraintFailure(b.Row, names[i]));
            if (failures.Count >= limit) return failures;
        }
        return failures;
    }

    /// <summary>Builds the interaction trace for <paramref name="ch"/> and checks (a convenience for tests and debug builds).</summary>
    public static List<ConstraintFailure> Check(CairoAir air, CairoTrace trace, in CairoChallenges ch, int limit = 1000)
    {
        Felt[] r = [ch.MemoryZ, ch.MemoryAlpha, ch.RangeCheckZ];
        Felt[][] aux = air.BuildAuxColumns(trace.Columns, r);
        return Check(air, trace.Columns, aux, r, limit);
    }
}
