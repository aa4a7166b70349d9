namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// A builtin as a layout allots it: one instance of <see cref="CellsPerInstance"/> memory cells every
/// <see cref="RowRatio"/> trace rows (Stone's <c>k&lt;Builtin&gt;RowRatio</c>; 0 for output, which has no instances).
/// </summary>
internal sealed record StoneBuiltin(string Name, int CellsPerInstance, int RowRatio)
{
    /// <summary>The output builtin: a segment of public cells, no constraints.</summary>
    public static StoneBuiltin Output { get; } = new("output", 1, 0);
}
