using Zetina.Stark.Field;
using Zetina.Stark.Ntt;

namespace Zetina.Stark.Fri;

/// <summary>
/// Stone's FRI arithmetic (<c>fri/fri_details.cc</c>, <c>fri_folder.cc</c>). Layer k lives on the subgroup of order
/// N/2^k in bit-reversed order — element i is ω^{bitrev(i)} — with no coset offset (Stone's FRI ignores it), so
/// elements 2j and 2j + 1 are x and −x. One fold with evaluation point β is
/// f′(x²) = f(x) + f(−x) + β·(f(x) − f(−x))/x, and β becomes β² for the next fold.
/// </summary>
internal static class StoneFriFolding
{
    /// <summary>ω_{2^logSize}^{bitrev(index)}: element <paramref name="index"/> of the bit-reversed subgroup of order 2^logSize.</summary>
    public static Felt DomainElement(int logSize, ulong index)
    {
        if (logSize == 0) return Felt.One;
        ulong reversed = ReverseBits(index, logSize);
        return RootsOfUnity.PrimitiveRoot(logSize).Pow(reversed);
    }

    /// <summary>Reverses the low <paramref name="bits"/> bits of <paramref name="x"/>.</summary>
    public static ulong ReverseBits(ulong x, int bits) =>
        bits == 0 ? 0 : ReverseAll(x) >> (64 - bits);

    private static ulong ReverseAll(ulong x)
    {
        x = ((x >> 1) & 0x5555555555555555UL) | ((x & 0x5555555555555555UL) << 1);
        x = ((x >> 2) & 0x3333333333333333UL) | ((x & 0x3333333333333333UL) << 2);
        x = ((x >> 4) & 0x0F0F0F0F0F0F0F0FUL) | ((x & 0x0F0F0F0F0F0F0F0FUL) << 4);
        return System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(x);
    }

    /// <summary>
    /// Folds one coset of 2^s values (<paramref name="values"/>, at indices first…first + 2^s − 1 of a layer of order
    /// 2^logSize, first a multiple of 2^s) s times with <paramref name="evalPoint"/> (Stone's <c>ApplyFriLayers</c>);
    /// returns the single value.
    /// </summary>
    /// <remarks>
    /// In bit-reversed order element first + i is x_first·ζ^{bitrev_s(i)}, ζ a primitive 2^s-th root, so the pairs'
    /// 1/x need one power and one inversion per coset: 1/x_{2j} = x_first⁻¹·ζ^{−bitrev_s(2j)}. After a fold, pair j
    /// sits at x_{4j}², so its inverse is the previous level's inverse of pair 2j, squared.
    /// </remarks>
    public static Felt FoldCoset(ReadOnlySpan<Felt> values, Felt evalPoint, int logSize, ulong firstIndex)
    {
        int s = System.Numerics.BitOperations.Log2((uint)values.Length);
        if (s == 0) return values[0];
        Span<Felt> layer = values.Length <= 64 ? stackalloc Felt[values.Length] : new Felt[values.Length];
        values.CopyTo(layer);
        int pairs = values.Length / 2;
        Span<Felt> inverseX = pairs <= 32 ? stackalloc Felt[pairs] : new Felt[pairs];
        Felt firstInverse = DomainElement(logSize, firstIndex).Inverse();
        Felt zetaInverse = RootsOfUnity.PrimitiveRoot(s).Inverse();
        for (int j = 0; j < pairs; j++) inverseX[j] = firstInverse * zetaInverse.Pow(ReverseBits((ulong)(2 * j), s));
        int count = values.Length;
        Felt beta = evalPoint;
        while (count > 1)
        {
            for (int j = 0; j < count; j += 2)
            {
                Felt f0 = layer[j], f1 = layer[j + 1];
                layer[j / 2] = f0 + f1 + beta * (f0 - f1) * inverseX[j / 2];
            }
            count /= 2;
            for (int j = 0; j < count / 2; j++) inverseX[j] = inverseX[2 * j].Square();
            beta = beta.Square();
        }
        return layer[0];
    }

    /// <summary>Σ cᵢ·xⁱ at x = element <paramref name="index"/> of the last layer (order 2^logSize): Horner's rule.</summary>
    public static Felt EvaluateLastLayer(ReadOnlySpan<Felt> coefficients, int logSize, ulong index)
    {
        Felt x = DomainElement(logSize, index);
        Felt acc = Felt.Zero;
        for (int i = coefficients.Length - 1; i >= 0; i--) acc = acc * x + coefficients[i];
        return acc;
    }
}
