using Zetina.Stark.Air;
using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The vanishing polynomials of <see cref="KeccakCells"/>' blocks at the point <c>sum</c> is evaluated at, in
/// <typeparamref name="T"/>.
/// </summary>
/// <typeparam name="T">the value the constraints are computed in</typeparam>
internal sealed class KeccakCellDomains<T> where T : struct, IConstraintValue<T>
{
    private readonly StoneConstraintSum<T> _sum;
    private readonly Felt[] _positionPowers = new Felt[KeccakCells.BitStride];   // G^a
    private readonly Felt[] _bitPowers = new Felt[64];               // G^(1024k)
    private readonly Felt[] _foldedPowers = new Felt[KeccakCells.BitStride];     // G^(64a)

    /// <summary>The powers of G for <paramref name="sum"/>'s trace.</summary>
    public KeccakCellDomains(StoneConstraintSum<T> sum)
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
