using Zetina.Stark.Field;

namespace Zetina.Cairo.Air;

/// <summary>
/// Evaluates every constraint of <see cref="CairoAir"/> on every row of its domain, directly on the trace (no
/// polynomials), and lists each (row, constraint) that fails. The prover runs it in debug builds before proving;
/// tests run it on reference traces and on tampered ones.
/// </summary>
public static class CairoTraceChecker
{
    /// <summary>
    /// All failures, in row order (at most <paramref name="limit"/>). The next row of the last row wraps to row 0;
    /// constraints that read it are only checked where their domain says so.
    /// </summary>
    public static List<ConstraintFailure> Check(CairoAir air, CairoTrace trace, Felt[][] interaction, in CairoChallenges ch, int limit = 1000)
    {
        CairoTraceShape s = trace.Shape;
        int n = s.Rows;
        var failures = new List<ConstraintFailure>();
        Felt end = air.Boundary.MemoryProductEnd(ch);
        var cur = new Felt[s.MainWidth];
        var next = new Felt[s.MainWidth];
        var icur = new Felt[s.InteractionWidth];
        var inext = new Felt[s.InteractionWidth];
        var result = new Felt[air.ConstraintCount];
        ReadOnlySpan<CairoConstraint> cs = air.Constraints;
        for (int row = 0; row < n; row++)
        {
            int nr = (row + 1) % n;
            trace.ReadRow(row, cur);
            trace.ReadRow(nr, next);
            for (int c = 0; c < icur.Length; c++) { icur[c] = interaction[c][row]; inext[c] = interaction[c][nr]; }
            air.Evaluate(cur, next, icur, inext, ch, end, result);
            for (int k = 0; k < result.Length; k++)
            {
                if (result[k].IsZero) continue;
                bool applies = cs[k].Domain switch
                {
                    ConstraintDomain.EveryRow => true,
                    ConstraintDomain.AllButLastRow => row != n - 1,
                    ConstraintDomain.FirstRow => row == 0,
                    _ => row == n - 1,
                };
                if (!applies) continue;
                failures.Add(new ConstraintFailure(row, cs[k].Name));
                if (failures.Count >= limit) return failures;
            }
        }
        return failures;
    }
}
