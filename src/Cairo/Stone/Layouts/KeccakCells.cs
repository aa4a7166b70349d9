using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The rows a Keccak constraint holds on, as cells of one component instance (65536 cells of 8 rows): unions of
/// blocks {a + 1024·k : a ∈ lows, k ∈ bits}, a the position within a bit's 1024 cells (round slot, lane, copy,
/// invocation) and k the bit. The vanishing polynomial of cell c is x^(n/524288) − G^c, G = g^(n/65536).
/// </summary>
/// <remarks>
/// A block over all 64 bits folds to one factor per a: Π_k (X − G^a·G^(1024k)) = X^64 − G^(64a), X^64 = x^(n/8192).
/// A block over most bits is that factor divided by the missing bits' factors, which go to the numerator, as
/// Stone's domains do (e.g. "every bit but the last"). Each instance evaluates G's powers once.
/// </remarks>
internal static class KeccakCells
{
    /// <summary>Cells per instance: 524288 rows / 8.</summary>
    public const int PerInstance = 65536;

    /// <summary>Cells between bit k and bit k + 1 of the same position.</summary>
    public const int BitStride = 1024;

    /// <summary>Trace rows per cell.</summary>
    public const int Rows = 8;

    /// <summary>Every bit 0 … 63.</summary>
    public const ulong AllBits = ulong.MaxValue;

    /// <summary>Bits first … first + count − 1 as a bit set.</summary>
    public static ulong BitRange(int first, int count) =>
        count == 64 ? AllBits : ((1UL << count) - 1) << first;
}

/// <summary>
/// The vanishing polynomials of <see cref="KeccakCells"/>' blocks at the point <c>sum</c> is evaluated at, in
/// <typeparamref name="T"/>.
/// </summary>
/// <typeparam name="T">the value the constraints are computed in</typeparam>
internal sealed class KeccakCells<T> where T : struct, IStoneValue<T>
{
    private readonly StoneConstraintSum<T> _sum;
    private readonly Felt[] _positionPowers = new Felt[KeccakCells.BitStride];   // G^a
    private readonly Felt[] _bitPowers = new Felt[64];               // G^(1024k)
    private readonly Felt[] _foldedPowers = new Felt[KeccakCells.BitStride];     // G^(64a)

    /// <summary>The powers of G for <paramref name="sum"/>'s trace.</summary>
    public KeccakCells(StoneConstraintSum<T> sum)
    {
        _sum = sum;
        long instanceRows = (long)KeccakCells.PerInstance * KeccakCells.Rows;
        if (sum.TraceLength < instanceRows)
            throw new InvalidOperationException($"the keccak component needs at least {instanceRows} trace rows, the trace has {sum.TraceLength}");
        Felt g = sum.Generator.Pow((ulong)(sum.TraceLength / KeccakCells.PerInstance));
        Fill(_positionPowers, g);
        Fill(_bitPowers, g.Pow(KeccakCells.BitStride));
        Fill(_foldedPowers, g.Pow(64));
    }

    /// <summary>Adds <paramref name="constraint"/> holding on the union of <paramref name="blocks"/>.</summary>
    public void Add(T constraint, params KeccakCellBlock[] blocks)
    {
        T numerator = Felt.One, denominator = Felt.One;
        T x = _sum.PointPower(KeccakCells.PerInstance * KeccakCells.Rows);
        T x64 = _sum.PointPower(KeccakCells.PerInstance * KeccakCells.Rows / 64);
        foreach (KeccakCellBlock block in blocks)
        {
            int count = BitOperations.PopCount(block.Bits);
            foreach (int a in block.Positions)
            {
                if (count > 32)
                {
                    denominator *= x64 - _foldedPowers[a];
                    numerator *= Product(x, a, ~block.Bits);
                }
                else
                {
                    denominator *= Product(x, a, block.Bits);
                }
            }
        }
        _sum.Add(constraint * numerator, denominator);
    }

    private T Product(T x, int position, ulong bits)
    {
        T product = Felt.One;
        for (; bits != 0; bits &= bits - 1)
            product *= x - _positionPowers[position] * _bitPowers[BitOperations.TrailingZeroCount(bits)];
        return product;
    }

    private static void Fill(Felt[] powers, Felt g)
    {
        Felt p = Felt.One;
        for (int i = 0; i < powers.Length; i++) { powers[i] = p; p *= g; }
    }
}

/// <summary>The cells {a + 1024·k : a ∈ <paramref name="Positions"/>, bit k set in <paramref name="Bits"/>}.</summary>
internal readonly record struct KeccakCellBlock(int[] Positions, ulong Bits);
