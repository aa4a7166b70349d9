using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zetina.Stark.Field;

public readonly partial struct Felt
{
    /// <summary>this^e for a 64-bit exponent (square-and-multiply, not constant-time).</summary>
    public Felt Pow(ulong e)
    {
        Felt result = One;
        Felt b = this;
        while (e != 0)
        {
            if ((e & 1) != 0) result = Mul(result, b);
            b = Mul(b, b);
            e >>= 1;
        }
        return result;
    }

    /// <summary>this^e for an exponent of up to 256 bits given as little-endian limbs (not constant-time).</summary>
    public Felt Pow(ulong e0, ulong e1, ulong e2, ulong e3)
    {
        Felt result = One;
        ReadOnlySpan<ulong> limbs = [e0, e1, e2, e3];
        for (int i = 3; i >= 0; i--)
        {
            ulong w = limbs[i];
            for (int bit = 63; bit >= 0; bit--)
            {
                result = Mul(result, result);
                if (((w >> bit) & 1) != 0) result = Mul(result, this);
            }
        }
        return result;
    }

    /// <summary>this^e for a non-negative <see cref="BigInteger"/> exponent (convenience; not a hot path).</summary>
    public Felt Pow(BigInteger e)
    {
        if (e.Sign < 0) throw new ArgumentOutOfRangeException(nameof(e), "exponent must be non-negative");
        if (e >= (BigInteger.One << 256)) e %= Modulus - 1;
        Span<byte> le = stackalloc byte[32];
        le.Clear();
        e.TryWriteBytes(le, out _, isUnsigned: true, isBigEndian: false);
        return Pow(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(le),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(le[8..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(le[16..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(le[24..]));
    }

    /// <summary>x^(2^k): k successive squarings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Felt SquareTimes(Felt x, int k)
    {
        for (int i = 0; i < k; i++) x = Mul(x, x);
        return x;
    }

    /// <summary>
    /// The multiplicative inverse a⁻¹. Throws <see cref="DivideByZeroException"/> for zero. Variable-time (use
    /// <see cref="InverseCt"/> on secrets).
    /// </summary>
    /// <remarks>
    /// Binary extended Euclid (Menezes et al., Handbook of Applied Cryptography, Alg. 14.61, the variant for an odd
    /// modulus that keeps the Bézout coefficients reduced mod p) on the Montgomery limbs, which as an integer are
    /// y = a·R mod p: it gives y⁻¹ = a⁻¹R⁻¹, and one Montgomery product with R³ turns that into a⁻¹·R, the Montgomery
    /// form of a⁻¹. About 250 halvings of each of u and v and 250 subtractions on four limbs, several times
    /// cheaper than the 314 squarings of Fermat's a^(p−2) (<see cref="InverseFermat"/>, kept as the reference).
    /// </remarks>
    public Felt Inverse()
    {
        if (IsZero) throw new DivideByZeroException("zero has no inverse in the Stark252 field");
        // u = y, v = p; invariants: x1·y ≡ u and x2·y ≡ v (mod p), x1, x2 in [0, p).
        ulong u0 = L0, u1 = L1, u2 = L2, u3 = L3;
        ulong v0 = 1, v1 = 0, v2 = 0, v3 = P3;
        Felt x1 = new(1, 0, 0, 0), x2 = default;
        while (true)
        {
            while ((u0 & 1) == 0)
            {
                Shr1(ref u0, ref u1, ref u2, ref u3);
                x1 = HalveModP(x1);
            }
            while ((v0 & 1) == 0)
            {
                Shr1(ref v0, ref v1, ref v2, ref v3);
                x2 = HalveModP(x2);
            }
            if ((u0 == 1 && (u1 | u2 | u3) == 0)) return Mul(x1, s_r3);
            if ((v0 == 1 && (v1 | v2 | v3) == 0)) return Mul(x2, s_r3);
            // Both odd: subtract the smaller from the larger; the difference is even.
            if (GreaterOrEqual(u0, u1, u2, u3, v0, v1, v2, v3))
            {
                Sub4(ref u0, ref u1, ref u2, ref u3, v0, v1, v2, v3);
                x1 = Sub(x1, x2);
            }
            else
            {
                Sub4(ref v0, ref v1, ref v2, ref v3, u0, u1, u2, u3);
                x2 = Sub(x2, x1);
            }
        }
    }

    /// <summary>a^(p−2) by an addition chain: the plain Fermat inverse, for tests and as a reference.</summary>
    /// <remarks>
    /// p − 2 = 2^251 + 2^196 + (2^192 − 1) and 2^192 − 1 = (2^64 − 1)(2^128 + 2^64 + 1), so with
    /// e₆₄ = a^(2^64−1) (63 squarings, 6 products) and y = a^(2^59+2^4):
    /// a^(p−2) = y^(2^192) · e₆₄^(2^128+2^64+1), evaluated Horner-style as ((y^(2^64)·e₆₄)^(2^64)·e₆₄)^(2^64)·e₆₄.
    /// 314 squarings and 10 products in all.
    /// </remarks>
    internal Felt InverseFermat()
    {
        if (IsZero) throw new DivideByZeroException("zero has no inverse in the Stark252 field");
        Felt a = this;
        // a^(2^k − 1) for k = 1, 2, 4, ..., 64.
        Felt e1 = a;
        Felt e2 = Mul(SquareTimes(e1, 1), e1);
        Felt e4 = Mul(SquareTimes(e2, 2), e2);
        Felt e8 = Mul(SquareTimes(e4, 4), e4);
        Felt e16 = Mul(SquareTimes(e8, 8), e8);
        Felt e32 = Mul(SquareTimes(e16, 16), e16);
        Felt e64 = Mul(SquareTimes(e32, 32), e32);
        // y = a^(2^55 + 1), then y^(2^4) = a^(2^59 + 2^4).
        Felt y = Mul(SquareTimes(a, 55), a);
        y = SquareTimes(y, 4);
        Felt z = Mul(SquareTimes(y, 64), e64);
        z = Mul(SquareTimes(z, 64), e64);
        z = Mul(SquareTimes(z, 64), e64);
        return z;
    }

    /// <summary>x / 2 mod p on raw limbs in [0, p): x even → x ≫ 1, x odd → (x + p) ≫ 1 (x + p &lt; 2^253 fits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Felt HalveModP(in Felt x)
    {
        ulong r0 = x.L0, r1 = x.L1, r2 = x.L2, r3 = x.L3;
        if ((r0 & 1) != 0)
        {
            // + p = + 1 + P3·2^192
            r0 += 1; ulong c = r0 == 0 ? 1UL : 0UL;
            r1 += c; c = (c != 0 && r1 == 0) ? 1UL : 0UL;
            r2 += c; c = (c != 0 && r2 == 0) ? 1UL : 0UL;
            r3 += P3 + c;
        }
        return new Felt((r0 >> 1) | (r1 << 63), (r1 >> 1) | (r2 << 63), (r2 >> 1) | (r3 << 63), r3 >> 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Shr1(ref ulong x0, ref ulong x1, ref ulong x2, ref ulong x3)
    {
        x0 = (x0 >> 1) | (x1 << 63);
        x1 = (x1 >> 1) | (x2 << 63);
        x2 = (x2 >> 1) | (x3 << 63);
        x3 >>= 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool GreaterOrEqual(ulong a0, ulong a1, ulong a2, ulong a3, ulong b0, ulong b1, ulong b2, ulong b3)
    {
        if (a3 != b3) return a3 > b3;
        if (a2 != b2) return a2 > b2;
        if (a1 != b1) return a1 > b1;
        return a0 >= b0;
    }

    /// <summary>a −= b for a ≥ b on four limbs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sub4(ref ulong a0, ref ulong a1, ref ulong a2, ref ulong a3, ulong b0, ulong b1, ulong b2, ulong b3)
    {
        ulong br = a0 < b0 ? 1UL : 0UL; a0 -= b0;
        ulong t = a1 - b1; ulong bn = a1 < b1 ? 1UL : 0UL; a1 = t - br; br = bn | (t < br ? 1UL : 0UL);
        t = a2 - b2; bn = a2 < b2 ? 1UL : 0UL; a2 = t - br; br = bn | (t < br ? 1UL : 0UL);
        a3 = a3 - b3 - br;
    }

    /// <summary>
    /// Inverts every element of <paramref name="values"/> into <paramref name="result"/> with one field
    /// inversion and 3(n−1) products (Montgomery's trick). <paramref name="result"/> may alias
    /// <paramref name="values"/>. Zeros are not allowed: the call throws <see cref="DivideByZeroException"/>
    /// naming the index of the first zero, and leaves <paramref name="result"/> unspecified.
    /// </summary>
    public static void BatchInverse(ReadOnlySpan<Felt> values, Span<Felt> result)
    {
        int n = values.Length;
        if (result.Length < n) throw new ArgumentException("result span is shorter than the input", nameof(result));
        if (n == 0) return;
        for (int i = 0; i < n; i++)
            if (values[i].IsZero) throw new DivideByZeroException($"batch inverse: element {i} is zero");
        Felt[]? rented = n > 1024 ? System.Buffers.ArrayPool<Felt>.Shared.Rent(n) : null;
        Span<Felt> prefix = rented is null ? stackalloc Felt[n] : rented.AsSpan(0, n);
        try
        {
            int done;
            unsafe
            {
                fixed (Felt* v = values, r = result, q = prefix) done = FeltLanes.BatchInverse(v, r, q, n);
            }
            if (done < n) BatchInverseScalar(values[done..], result[done..n], prefix);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<Felt>.Shared.Return(rented);
        }
    }

    /// <summary>Montgomery's trick in one chain, for nonzero values; <paramref name="prefix"/> is scratch of at least their length.</summary>
    private static void BatchInverseScalar(ReadOnlySpan<Felt> values, Span<Felt> result, Span<Felt> prefix)
    {
        int n = values.Length;
        // prefix[i] = v₀·v₁·…·vᵢ
        Felt acc = One;
        for (int i = 0; i < n; i++)
        {
            acc = Mul(acc, values[i]);
            prefix[i] = acc;
        }
        // inv = (v₀…v_{n−1})⁻¹; walking back, vᵢ⁻¹ = inv·prefix[i−1], then inv ← inv·vᵢ.
        Felt inv = acc.Inverse();
        for (int i = n - 1; i > 0; i--)
        {
            Felt v = values[i];
            result[i] = Mul(inv, prefix[i - 1]);
            inv = Mul(inv, v);
        }
        result[0] = inv;
    }

    /// <summary>The Legendre symbol: 1 for a non-zero square, −1 for a non-square, 0 for zero.</summary>
    public int Legendre()
    {
        if (IsZero) return 0;
        // a^((p−1)/2) (Euler's criterion), (p−1)/2 = 2^250 + 17·2^191 = 2^250 + 2^195 + 2^191.
        Felt r = Pow(0, 0, 1UL << 63, (1UL << 58) | (1UL << 3));
        return r.IsOne ? 1 : -1;
    }

    /// <summary>
    /// A square root of this value, or false when it is not a square. Of the two roots ±r the one
    /// returned is the smaller in canonical form, so the result is deterministic.
    /// </summary>
    /// <remarks>
    /// Table-driven discrete logarithm in the 2^192-torsion (see <see cref="FeltSqrt"/>): about 550 products
    /// where Tonelli–Shanks (Cohen, Alg. 1.5.1) needs up to 192²/2. Not constant-time; used for point
    /// decompression and public-key recovery.
    /// </remarks>
    public bool TrySqrt(out Felt root)
    {
        if (!FeltSqrt.TrySqrt(this, out Felt r)) { root = Zero; return false; }
        Felt neg = Neg(r);
        root = neg.CompareTo(r) < 0 ? neg : r;
        return true;
    }
}
