using System.Numerics;
using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// Writes one run of the EC subset sum that the Pedersen, ECDSA and ec_op builtins share (Stone's
/// <c>EcSubsetSumComponent::WriteTrace</c>): over <c>height</c> cells, Q_0 = start and
/// Q_(j+1) = Q_j + P_j when bit j of the scalar is set, else Q_j.
/// </summary>
/// <remarks>
/// Cell by cell, as Stone writes it for j &lt; height − 1: the selector s_j = scalar ≫ j; the slope
/// (Q_j.y − P_j.y)/(Q_j.x − P_j.x) when bit j is set and 0 when not; the x-difference inverse 1/(Q_j.x − P_j.x)
/// on every cell when the component has one (it proves P_j ≠ ±Q_j, so Stone writes it even where the bit is 0).
/// The last cell holds selector 0 and the final point; its slope and inverse cells are not written. Past the
/// scalar's points (j ≥ points), P_j repeats the last point.
/// </remarks>
internal static class EcSubsetSumTrace
{
    /// <summary>The subset sum's columns: selector, running point, slope, and (ECDSA, ec_op) the x-difference inverse.</summary>
    internal readonly record struct Columns(
        StoneVirtualColumn Selector, StoneVirtualColumn X, StoneVirtualColumn Y, StoneVirtualColumn Slope, StoneVirtualColumn? XDiffInv);

    /// <summary>
    /// Writes run <paramref name="run"/> (cells run·height … run·height + height − 1) and returns the final point.
    /// <paramref name="scalar"/> (its canonical value) must be below 2^points.Length.
    /// </summary>
    public static EcPoint Write(StoneTraceTable table, Columns c, int run, int height, EcPoint start,
        ReadOnlySpan<EcPoint> points, in Felt scalar)
    {
        // The selector is the scalar shifted right one bit per cell: kept as four 64-bit limbs, little-endian.
        scalar.ToCanonical(out ulong s0, out ulong s1, out ulong s2, out ulong s3);
        int bits = s3 != 0 ? 256 - BitOperations.LeadingZeroCount(s3) : s2 != 0 ? 192 - BitOperations.LeadingZeroCount(s2)
            : s1 != 0 ? 128 - BitOperations.LeadingZeroCount(s1) : 64 - BitOperations.LeadingZeroCount(s0);
        if (bits > points.Length)
            throw new InvalidOperationException($"a subset-sum scalar of {bits} bits over {points.Length} points");
        int first = run * height;
        EcPoint q = start;
        for (int j = 0; j < height - 1; j++)
        {
            EcPoint p = points[Math.Min(j, points.Length - 1)];
            bool bit = (s0 & 1) != 0;
            table[c.Selector, first + j] = Felt.FromLimbsReduced(s0, s1, s2, s3);
            table[c.X, first + j] = q.X;
            table[c.Y, first + j] = q.Y;
            Felt dx = q.X - p.X;
            if (dx.IsZero) throw new InvalidOperationException($"subset-sum cell {j}: adding a point to itself or its inverse");
            Felt dxInverse = bit || c.XDiffInv is not null ? dx.Inverse() : Felt.Zero;
            if (c.XDiffInv is { } inverse) table[inverse, first + j] = dxInverse;
            if (bit)
            {
                Felt slope = (q.Y - p.Y) * dxInverse;
                table[c.Slope, first + j] = slope;
                q = AddGivenSlope(q, p, slope);
            }
            else table[c.Slope, first + j] = Felt.Zero;
            s0 = (s0 >> 1) | (s1 << 63);
            s1 = (s1 >> 1) | (s2 << 63);
            s2 = (s2 >> 1) | (s3 << 63);
            s3 >>= 1;
        }
        table[c.Selector, first + height - 1] = Felt.Zero;
        table[c.X, first + height - 1] = q.X;
        table[c.Y, first + height - 1] = q.Y;
        return q;
    }

    /// <summary>
    /// The bit-unpacking products of a 252-bit scalar below p = 2^251 + 17·2^192 + 1 (Stone's <c>BitUnpackingComponent</c>
    /// with ones at 251, 196, 192): prod196 = b251·b196, prod192 = prod196·b192, at cell <paramref name="run"/>.
    /// </summary>
    public static void WriteBitUnpacking(StoneTraceTable table, StoneVirtualColumn prodOnes196, StoneVirtualColumn prodOnes192, int run, in Felt scalar)
    {
        scalar.ToCanonical(out _, out _, out _, out ulong s3);
        bool b251 = ((s3 >> 59) & 1) != 0, b196 = ((s3 >> 4) & 1) != 0, b192 = (s3 & 1) != 0;
        table[prodOnes196, run] = b251 && b196 ? Felt.One : Felt.Zero;
        table[prodOnes192, run] = b251 && b196 && b192 ? Felt.One : Felt.Zero;
    }

    /// <summary>
    /// Writes the doublings B·2^i (i &lt; <paramref name="height"/>) at cells run·height + i, and the tangent slope of
    /// each but the last (Stone's <c>TwosPowersOfPoint</c> with slopes); returns the points.
    /// </summary>
    public static EcPoint[] WriteDoublings(StoneTraceTable table, StoneVirtualColumn x, StoneVirtualColumn y, StoneVirtualColumn slope,
        int run, int height, EcPoint b)
    {
        var points = new EcPoint[height];
        int first = run * height;
        Felt three = Felt.FromUInt64(3);
        for (int i = 0; i < height; i++)
        {
            points[i] = b;
            table[x, first + i] = b.X;
            table[y, first + i] = b.Y;
            if (i == height - 1) break;
            if (b.Y.IsZero) throw new InvalidOperationException($"doubling a point of order 2 (doubling {i})");
            // λ = (3x² + α)/(2y); x' = λ² − 2x; y' = λ(x − x') − y.
            Felt lambda = (three * b.X * b.X + StarkCurve.Alpha) / (b.Y + b.Y);
            table[slope, first + i] = lambda;
            Felt x2 = lambda * lambda - b.X - b.X;
            b = new EcPoint(x2, lambda * (b.X - x2) - b.Y);
        }
        return points;
    }

    /// <summary>P + Q by the chord slope λ through them: x = λ² − P.x − Q.x, y = λ(P.x − x) − P.y.</summary>
    public static EcPoint AddGivenSlope(EcPoint p, EcPoint q, Felt slope)
    {
        Felt x = slope * slope - p.X - q.X;
        return new EcPoint(x, slope * (p.X - x) - p.Y);
    }
}
