using Zetina.Cairo.Run;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// Checks a built trace against a layout's constraints row by row, before anything is committed: on row r every
/// constraint whose domain contains r must have a zero numerator. A trace that passes yields a low-degree
/// composition; one that fails names the row and the constraint (its index in Stone's <c>ConstraintsEval</c> order).
/// </summary>
/// <remarks>
/// This is the prover's debugging aid and the tests' oracle for trace builders, not part of a proof: it evaluates the
/// same component code the verifier runs at the out-of-domain point, at z = gʳ with the mask read from the trace.
/// </remarks>
internal static class StoneTraceChecker
{
    /// <summary>A constraint that fails: the row it fails on and its index.</summary>
    internal readonly record struct Violation(long Row, int Constraint);

    /// <summary>
    /// The first violated (row, constraint) over rows [<paramref name="firstRow"/>, <paramref name="firstRow"/> + <paramref name="rowCount"/>),
    /// or null. <paramref name="interaction"/> and <paramref name="interactionElements"/> are those of the interaction trace
    /// (an all-zero interaction fails the permutation constraints, so check the original trace's own constraints by
    /// building the interaction first).
    /// </summary>
    public static Violation? FirstViolation(
        StoneCairoLayout layout, StoneTraceTable main, StoneTraceTable? interaction, Felt[] interactionElements,
        AirPublicInput publicInput, long firstRow = 0, long rowCount = -1)
    {
        long n = main.Rows;
        if (rowCount < 0) rowCount = n;
        int log = System.Numerics.BitOperations.Log2((ulong)n);
        Felt g = RootsOfUnity.PrimitiveRoot(log);
        IReadOnlyList<StoneMaskEntry> mask = layout.Mask;
        Felt point = g.Pow((ulong)firstRow);
        for (long r = firstRow; r < firstRow + rowCount && r < n; r++, point *= g)
        {
            var values = new Felt[mask.Count];
            for (int i = 0; i < values.Length; i++)
            {
                StoneMaskEntry e = mask[i];
                StoneTraceTable table = e.Column < main.FirstColumn + main.Columns.Length ? main
                    : interaction ?? throw new ArgumentException($"the mask reads interaction column {e.Column} and no interaction trace was given", nameof(interaction));
                values[i] = table.Cell(e.Column, r + e.RowOffset);
            }
            int? bad = layout.FirstViolatedConstraint(new StoneCompositionPoint
            {
                Point = point, TraceGenerator = g, TraceLength = n, MaskValues = values,
                InteractionElements = interactionElements, ConstraintRandomElement = Felt.One, PublicInput = publicInput,
            });
            if (bad is not null) return new Violation(r, bad.Value);
        }
        return null;
    }
}
