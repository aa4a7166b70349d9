using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The Pedersen builtin's periodic columns: the constant point added when bit k of an input is set, one period per
/// hash (Stone's <c>PedersenHashFactory::ComputePeriodicColumnValues</c> over <c>GetStandardPedersenHashContext</c>).
/// </summary>
/// <remarks>
/// Input a's 252 bits use P1·2^k for its low 248 bits and P2·2^k for its high 4, input b's P3 and P4 alike; each input
/// takes 256 rows of the subset sum, the last 4 repeating the last point (their bits are 0). 512 values per column.
/// </remarks>
internal static class PedersenPoints
{
    private static readonly Lazy<(StonePeriodicColumn X, StonePeriodicColumn Y)> s_columns = new(Build);

    /// <summary>The x coordinates' column.</summary>
    public static StonePeriodicColumn X => s_columns.Value.X;

    /// <summary>The y coordinates' column.</summary>
    public static StonePeriodicColumn Y => s_columns.Value.Y;

    private const int InputRows = 256;

    private static (StonePeriodicColumn, StonePeriodicColumn) Build()
    {
        var x = new List<Felt>(2 * InputRows);
        var y = new List<Felt>(2 * InputRows);
        foreach ((EcPoint low, EcPoint high) in new[] { (ConstantPoints.P1, ConstantPoints.P2), (ConstantPoints.P3, ConstantPoints.P4) })
        {
            int start = x.Count;
            AppendDoublings(low, 248, x, y);
            AppendDoublings(high, 4, x, y);
            while (x.Count - start < InputRows) { x.Add(x[^1]); y.Add(y[^1]); }
        }
        return (new StonePeriodicColumn([.. x]), new StonePeriodicColumn([.. y]));
    }

    /// <summary>P, 2P, 4P, … (<paramref name="count"/> points) appended as coordinates.</summary>
    internal static void AppendDoublings(EcPoint p, int count, List<Felt> x, List<Felt> y)
    {
        for (int k = 0; k < count; k++)
        {
            x.Add(p.X);
            y.Add(p.Y);
            p = StarkCurve.Double(p);
        }
    }
}
