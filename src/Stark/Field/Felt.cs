using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zetina.Stark.Field;

/// <summary>
/// An element of the Stark252 field, p = 2^251 + 17·2^192 + 1: the field of Cairo and StarkNet.
/// </summary>
/// <remarks>
/// Stored in Montgomery form, x·R mod p with R = 2^256, as four little-endian 64-bit limbs, always fully
/// reduced (each stored value lies in [0, p)). Full reduction keeps equality a plain limb comparison.
/// All arithmetic is branch-light but not constant-time unless a method says so.
/// The partial files split the type by concern: Montgomery arithmetic, exponentiation (inverse, sqrt),
/// and conversions (bytes, hex, decimal).
/// </remarks>
[SkipLocalsInit]
public readonly partial struct Felt : IEquatable<Felt>, IComparable<Felt>
{
    // Limbs of x·R mod p, least significant first.
    internal readonly ulong L0;
    internal readonly ulong L1;
    internal readonly ulong L2;
    internal readonly ulong L3;

    /// <summary>Builds a value from raw Montgomery limbs; the caller guarantees they encode a number below p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Felt(ulong l0, ulong l1, ulong l2, ulong l3)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3;
    }

    /// <summary>The top limb of p; the lower three limbs of p are 1, 0, 0.</summary>
    internal const ulong P3 = 0x0800000000000011UL;

    /// <summary>p as a <see cref="BigInteger"/>, for conversions and tests (never hot paths).</summary>
    public static readonly BigInteger Modulus = (BigInteger.One << 251) + (new BigInteger(17) << 192) + 1;

    /// <summary>The additive identity.</summary>
    public static Felt Zero => default;

    /// <summary>The multiplicative identity (R mod p in limbs).</summary>
    public static Felt One => s_one;

    /// <summary>p − 1, that is −1.</summary>
    public static Felt MinusOne => s_minusOne;

    /// <summary>True when this is the zero element.</summary>
    public bool IsZero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (L0 | L1 | L2 | L3) == 0;
    }

    /// <summary>True when this is one.</summary>
    public bool IsOne => this == s_one;

    /// <summary>Equality of field elements (Montgomery form is a bijection, so limbs compare directly).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Equals(Felt other) => ((L0 ^ other.L0) | (L1 ^ other.L1) | (L2 ^ other.L2) | (L3 ^ other.L3)) == 0;

    public override bool Equals(object? obj) => obj is Felt f && Equals(f);

    public override int GetHashCode() => HashCode.Combine(L0, L1, L2, L3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator ==(Felt a, Felt b) => a.Equals(b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool operator !=(Felt a, Felt b) => !a.Equals(b);

    /// <summary>Orders by canonical value in [0, p), as StarkNet compares felts.</summary>
    public int CompareTo(Felt other)
    {
        ToCanonical(out ulong a0, out ulong a1, out ulong a2, out ulong a3);
        other.ToCanonical(out ulong b0, out ulong b1, out ulong b2, out ulong b3);
        if (a3 != b3) return a3 < b3 ? -1 : 1;
        if (a2 != b2) return a2 < b2 ? -1 : 1;
        if (a1 != b1) return a1 < b1 ? -1 : 1;
        if (a0 != b0) return a0 < b0 ? -1 : 1;
        return 0;
    }

    public static bool operator <(Felt a, Felt b) => a.CompareTo(b) < 0;
    public static bool operator >(Felt a, Felt b) => a.CompareTo(b) > 0;
    public static bool operator <=(Felt a, Felt b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Felt a, Felt b) => a.CompareTo(b) >= 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator +(Felt a, Felt b) => Add(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator -(Felt a, Felt b) => Sub(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator -(Felt a) => Neg(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt operator *(Felt a, Felt b) => Mul(a, b);

    /// <summary>Field division a·b⁻¹; throws <see cref="DivideByZeroException"/> when b is zero.</summary>
    public static Felt operator /(Felt a, Felt b) => Mul(a, b.Inverse());

    public static implicit operator Felt(ulong value) => FromUInt64(value);

    public override string ToString() => ToHexString();

    // Every static field lives in this file so their initialisation order is the textual order below
    // (C# leaves the order across partial files unspecified).

    /// <summary>R² mod p, the factor that moves a canonical value into Montgomery form.</summary>
    private static readonly Felt s_r2 = RawFromBigInteger(BigInteger.ModPow(2, 512, Modulus));

    // R mod p is one in Montgomery form; built from raw limbs so it depends on no other static field.
    private static readonly Felt s_one = RawFromBigInteger((BigInteger.One << 256) % Modulus);
    private static readonly Felt s_minusOne = Neg(s_one);

    /// <summary>R³ mod p in raw limbs: one Montgomery product with it maps (aR)⁻¹ to a⁻¹R (see <see cref="Inverse"/>).</summary>
    private static readonly Felt s_r3 = RawFromBigInteger(BigInteger.ModPow(2, 768, Modulus));
}
