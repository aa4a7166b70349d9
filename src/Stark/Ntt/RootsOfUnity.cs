using Zetina.Stark.Field;

namespace Zetina.Stark.Ntt;

/// <summary>
/// Roots of unity of the Stark252 field. p − 1 = 2^192 · (2^59 + 17), so the field has a multiplicative
/// subgroup of every order 2^k with k ≤ 192; 3 generates the whole multiplicative group, so
/// ω_{2^k} = 3^((p−1)/2^k) is a primitive 2^k-th root of unity.
/// </summary>
public static class RootsOfUnity
{
    /// <summary>The 2-adicity of p − 1: the largest k with 2^k | p − 1.</summary>
    public const int TwoAdicity = 192;

    /// <summary>The generator of the multiplicative group used for roots and coset shifts (3, as in Stone).</summary>
    public static Felt Generator => s_generator;

    private static readonly Felt s_generator = Felt.FromUInt64(3);
    private static readonly Felt[] s_roots = BuildRoots();

    /// <summary>The primitive 2^<paramref name="logSize"/>-th root of unity 3^((p−1)/2^logSize); logSize in [0, 192].</summary>
    public static Felt PrimitiveRoot(int logSize)
    {
        if ((uint)logSize > TwoAdicity) throw new ArgumentOutOfRangeException(nameof(logSize), logSize, "the 2-adicity of Stark252 is 192");
        return s_roots[logSize];
    }

    private static Felt[] BuildRoots()
    {
        var roots = new Felt[TwoAdicity + 1];
        // ω_{2^192} = 3^((p−1)/2^192); squaring walks down: ω_{2^(k−1)} = ω_{2^k}².
        roots[TwoAdicity] = Felt.FromUInt64(3).Pow((Felt.Modulus - 1) >> TwoAdicity);
        for (int k = TwoAdicity; k > 0; k--) roots[k - 1] = roots[k].Square();
        return roots;
    }
}
