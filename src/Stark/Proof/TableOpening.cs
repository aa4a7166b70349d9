using Zetina.Stark.Field;

namespace Zetina.Stark.Proof;

/// <summary>
/// Opened rows of one committed table: <see cref="Values"/> holds the rows in ascending row order, each
/// row's <see cref="Width"/> columns in order (row-major); <see cref="Siblings"/> is their batch Merkle opening.
/// </summary>
/// <param name="Values">The opened rows, row-major.</param>
/// <param name="Siblings">The rows' batch Merkle opening (docs/stark.md, "Proof format").</param>
/// <param name="Width">Columns per row: the binary format encodes each column at its own byte width (<see cref="ColumnWidths"/>).</param>
/// <param name="OnTrace">
/// Per opened row, whether it lies on the trace domain (<see cref="Air.EvaluationDomain.IsTraceRow"/>): such a row holds
/// the trace's own values, and the binary format sends those rows at their own column widths. The verifier checks the
/// marks against the rows' positions.
/// </param>
public sealed record TableOpening(Felt[] Values, byte[][] Siblings, int Width, bool[] OnTrace);
