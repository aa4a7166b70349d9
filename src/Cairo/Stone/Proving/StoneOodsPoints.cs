using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// Where the OODS values are taken (Stone's <c>oods.cc</c> boundary conditions): value k — mask cell k, then
/// composition column i as value mask + i — is column <see cref="ColumnOf"/>[k] (global order: trace columns, then
/// the D composition columns) at one of few distinct points: point 0 is z^D, then one z·g^o per distinct mask row
/// offset o, in order of first use.
/// </summary>
/// <remarks>
/// The values share points (the recursive layout's 135 values lie at 73), so the out-of-domain evaluation builds
/// each point's powers once and the DEEP composition divides once per point.
/// </remarks>
internal sealed class StoneOodsPoints
{
    private readonly List<int> _offsetOf = [int.MinValue];

    /// <summary>Groups the layout's mask and its D composition columns; <paramref name="columnCount"/> counts both.</summary>
    public StoneOodsPoints(IStoneLayout layout, int columnCount, Felt z, Felt traceGenerator)
    {
        int mask = layout.Mask.Count, d = layout.ConstraintDegree, width = columnCount - d;
        Count = mask + d;
        ColumnOf = new int[Count];
        Points.Add(z.Pow((ulong)d));
        AtPoint.Add([]);
        var pointOfOffset = new Dictionary<int, int>();
        for (int k = 0; k < mask; k++)
        {
            StoneMaskEntry e = layout.Mask[k];
            if (!pointOfOffset.TryGetValue(e.RowOffset, out int at))
            {
                Felt shift = e.RowOffset >= 0 ? traceGenerator.Pow((ulong)e.RowOffset) : traceGenerator.Pow((ulong)(-e.RowOffset)).Inverse();
                pointOfOffset[e.RowOffset] = at = Points.Count;
                Points.Add(z * shift);
                AtPoint.Add([]);
                _offsetOf.Add(e.RowOffset);
            }
            ColumnOf[k] = e.Column;
            AtPoint[at].Add(k);
        }
        for (int k = mask; k < Count; k++)
        {
            ColumnOf[k] = width + k - mask;
            AtPoint[0].Add(k);
        }
    }

    /// <summary>OODS values: mask cells plus composition columns.</summary>
    public int Count { get; }

    /// <summary>The column each value opens.</summary>
    public int[] ColumnOf { get; }

    /// <summary>The distinct points.</summary>
    public List<Felt> Points { get; } = [];

    /// <summary>The values at each point, ascending.</summary>
    public List<List<int>> AtPoint { get; } = [];

    /// <summary>How point <paramref name="j"/> is named in messages ("the point z·g^1").</summary>
    public string PointName(int j) => j == 0 ? "the point z^D" : $"the point z·g^{_offsetOf[j]}";
}
