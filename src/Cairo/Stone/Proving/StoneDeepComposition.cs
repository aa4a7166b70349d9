using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Common;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// FRI's first layer, the DEEP composition on the evaluation domain (Stone's <c>oods.cc</c>, <c>CreateBoundaryAir</c>):
/// Σₖ βᵏ·(column_k(x) − y_k)/(x − x_k) over the boundary conditions — the mask cells (column, z·g^offset, value), then
/// the composition columns (W + i, z^D, hᵢ(z^D)) — with β the OODS random element, at every row's x_r. The verifier
/// computes the same sum at the opened rows (<see cref="StoneVerifier"/>, <c>DeepValues</c>).
/// </summary>
/// <remarks>
/// The conditions share few points (one per mask row offset, and z^D), so per point p the sum is
/// 1/(x − p)·(Σ_{k at p} βᵏ·column_k(x) − Σ_{k at p} βᵏ·y_k), the constants taken once; the 1/(x − p) of a chunk of
/// rows come from one batch inversion.
/// </remarks>
internal static class StoneDeepComposition
{
    /// <summary>
    /// The DEEP values in row order. <paramref name="columns"/>[c] are column c's values on the domain (trace columns in
    /// global order, then the D composition columns); <paramref name="oodsValues"/> the values the proof sent.
    /// </summary>
    public static Felt[] Evaluate(
        IStoneLayout layout, Felt[][] columns, Felt z, Felt traceGenerator, Felt[] oodsValues, Felt oodsAlpha, int logN, int maxThreads)
    {
        int mask = layout.Mask.Count, d = layout.ConstraintDegree;
        int width = columns.Length - d;
        int conditions = mask + d;
        var points = new List<Felt> { z.Pow((ulong)d) };
        var pointOfOffset = new Dictionary<int, int>();
        var pointOf = new int[conditions];
        var columnOf = new int[conditions];
        for (int i = 0; i < mask; i++)
        {
            StoneMaskEntry e = layout.Mask[i];
            if (!pointOfOffset.TryGetValue(e.RowOffset, out int at))
            {
                Felt shift = e.RowOffset >= 0 ? traceGenerator.Pow((ulong)e.RowOffset) : traceGenerator.Pow((ulong)(-e.RowOffset)).Inverse();
                pointOfOffset[e.RowOffset] = at = points.Count;
                points.Add(z * shift);
            }
            pointOf[i] = at;
            columnOf[i] = e.Column;
        }
        for (int i = 0; i < d; i++) { pointOf[mask + i] = 0; columnOf[mask + i] = width + i; }
        var coefficients = new Felt[conditions];
        var constant = new Felt[points.Count];
        Felt c = Felt.One;
        for (int k = 0; k < conditions; k++)
        {
            coefficients[k] = c;
            constant[pointOf[k]] += c * oodsValues[k];
            c *= oodsAlpha;
        }

        Felt[] x = StoneLowDegreeExtension.RowPoints(logN);
        int rows = 1 << logN, np = points.Count;
        var result = new Felt[rows];
        const int Chunk = 1024;
        Parallelism.For((rows + Chunk - 1) / Chunk, Parallelism.Resolve(maxThreads), k =>
        {
            int first = k * Chunk, count = Math.Min(rows, first + Chunk) - first;
            var inverses = new Felt[count * np];
            for (int r = 0; r < count; r++)
                for (int j = 0; j < np; j++)
                {
                    inverses[r * np + j] = x[first + r] - points[j];
                    if (inverses[r * np + j].IsZero)
                        throw new InvalidOperationException("the out-of-domain point lies on the evaluation domain");
                }
            Felt.BatchInverse(inverses, inverses);
            var atPoint = new Felt[np];
            for (int r = 0; r < count; r++)
            {
                Array.Clear(atPoint);
                int row = first + r;
                for (int q = 0; q < conditions; q++) atPoint[pointOf[q]] += coefficients[q] * columns[columnOf[q]][row];
                Felt sum = Felt.Zero;
                for (int j = 0; j < np; j++) sum += (atPoint[j] - constant[j]) * inverses[r * np + j];
                result[row] = sum;
            }
        });
        return result;
    }
}
