namespace Zetina.Stark.Air;

/// <summary>
/// One value a transition constraint reads: column <see cref="Column"/> at row i + <see cref="RowOffset"/>,
/// where i is the row the constraint is evaluated at (offsets wrap around the trace; see <see cref="IAir.TransitionExemptions"/>). Columns are numbered main
/// first, then interaction (auxiliary) columns: column c ≥ MainWidth is auxiliary column c − MainWidth.
/// </summary>
public readonly record struct MaskEntry(int Column, int RowOffset);
