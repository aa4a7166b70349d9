using Zetina.Stark.Air;
using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The EC subset sum shared by the Pedersen, ECDSA and ec_op builtins (Stone's
/// <c>src/starkware/air/components/ec_subset_sum</c>): a running point Q that adds P_i when bit i of a scalar is set,
/// the bits read from a selector column s that holds the scalar shifted right by the cell index,
/// bit_i = s_i − 2 s_(i+1).
/// </summary>
internal static class EcSubsetSum
{
    private static readonly Felt Two = Felt.FromUInt64(2);
    private static readonly Felt Eight = Felt.FromUInt64(8);
    private static readonly Felt TwoTo191 = Felt.FromBigInteger(BigInteger.One << 191);
    private static readonly Felt TwoTo54 = Felt.FromUInt64(1UL << 54);

    /// <summary>
    /// The 6 bit-unpacking constraints that keep a 252-bit scalar below p = 2^251 + 17·2^192 + 1 (Stone's
    /// <c>ec_subset_sum/bit_unpacking</c>), on every run of the scalar (<paramref name="everyRun"/>): products of the
    /// selector's cells 0, 1, 192, 193, 196, 197, 251, 252, kept in <paramref name="prodOnes192"/> and
    /// <paramref name="prodOnes196"/>, that allow the top bits only in the patterns a number below p can have.
    /// </summary>
    public static void AddBitUnpacking<T>(StoneConstraintSum<T> sum, StoneVirtualColumn selector, StoneVirtualColumn prodOnes196,
        StoneVirtualColumn prodOnes192, T everyRun) where T : struct, IConstraintValue<T>
    {
        T s(int i) => sum.Cell(selector, i);
        T prod192 = sum.Cell(prodOnes192), prod196 = sum.Cell(prodOnes196);
        sum.Add(prod192 * (s(0) - Two * s(1)), everyRun);
        sum.Add(prod192 * (s(1) - TwoTo191 * s(192)), everyRun);
        sum.Add(prod192 - prod196 * (s(192) - Two * s(193)), everyRun);
        sum.Add(prod196 * (s(193) - Eight * s(196)), everyRun);
        sum.Add(prod196 - (s(251) - Two * s(252)) * (s(196) - Two * s(197)), everyRun);
        sum.Add((s(251) - Two * s(252)) * (s(197) - TwoTo54 * s(251)), everyRun);
    }

    /// <summary>
    /// The subset sum's constraints, in Stone's order: bit is a bit; the selector is 0 from cell
    /// <paramref name="bitsEnd"/> on and in the tail; Q_(i+1) = Q_i + P_i by the chord slope when the bit is set (the
    /// slope's x-difference inverse proving P_i ≠ ±Q_i, when <paramref name="xDiffInv"/> is given), else Q_(i+1) = Q_i.
    /// <paramref name="tail"/> is the run's last cell (no step from it), <paramref name="everyCell"/> every cell.
    /// </summary>
    public static void AddSteps<T>(StoneConstraintSum<T> sum, StoneVirtualColumn selector, StoneVirtualColumn x, StoneVirtualColumn y,
        StoneVirtualColumn slope, StoneVirtualColumn? xDiffInv, T px, T py, T everyCell, T tail, T bitsEnd) where T : struct, IConstraintValue<T>
    {
        T bit = sum.Cell(selector) - Two * sum.Cell(selector, 1);
        T notBit = Felt.One - bit;
        T x0 = sum.Cell(x), y0 = sum.Cell(y), x1 = sum.Cell(x, 1), y1 = sum.Cell(y, 1), s = sum.Cell(slope);
        sum.Add(bit * (bit - Felt.One) * tail, everyCell);
        sum.Add(sum.Cell(selector), bitsEnd);
        sum.Add(sum.Cell(selector), tail);
        sum.Add((bit * (y0 - py) - s * (x0 - px)) * tail, everyCell);
        sum.Add((s * s - bit * (x0 + px + x1)) * tail, everyCell);
        sum.Add((bit * (y0 + y1) - s * (x0 - x1)) * tail, everyCell);
        if (xDiffInv is { } inverse) sum.Add((sum.Cell(inverse) * (x0 - px) - Felt.One) * tail, everyCell);
        sum.Add(notBit * (x1 - x0) * tail, everyCell);
        sum.Add(notBit * (y1 - y0) * tail, everyCell);
    }

    /// <summary>
    /// Doubling along a column of points: (x', y') = 2(x, y) by the tangent slope λ: 2yλ = 3x² + α, λ² = 2x + x',
    /// y + y' = λ(x − x'); on every cell but the run's last.
    /// </summary>
    public static void AddDoubling<T>(StoneConstraintSum<T> sum, StoneVirtualColumn x, StoneVirtualColumn y, StoneVirtualColumn slope,
        T alpha, T everyCell, T tail) where T : struct, IConstraintValue<T>
    {
        T x0 = sum.Cell(x), y0 = sum.Cell(y), x1 = sum.Cell(x, 1), y1 = sum.Cell(y, 1), s = sum.Cell(slope);
        sum.Add((Felt.FromUInt64(3) * x0 * x0 + alpha - Two * y0 * s) * tail, everyCell);
        sum.Add((s * s - (x0 + x0 + x1)) * tail, everyCell);
        sum.Add((y0 + y1 - s * (x0 - x1)) * tail, everyCell);
    }
}
