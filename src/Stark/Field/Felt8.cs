using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zetina.Stark.Field;

/// <summary>
/// Eight field elements at once, as four planes of limbs (<c>L0[k]</c> is element k's limb 0): the AVX-512 form
/// of <see cref="Felt"/> arithmetic for the span operations and the NTT's butterflies.
/// </summary>
/// <remarks>
/// <para>Scalar Montgomery multiplication is bound by the 64×64→128 products and their carry chains, which the JIT
/// cannot schedule well (about 32 ns a product on the 2-core reference machine). Here each 64-bit lane holds one
/// element's 32-bit digit, so <c>vpmuludq</c> forms eight digit products at once and the carries ride in the lanes'
/// spare 32 bits until a shift moves them on: the schoolbook product, 64 lane multiplications per eight elements,
/// is interleaved with eight Montgomery rounds in base 2^32 (R = 2^256, the same R as <see cref="Felt"/>, so results
/// are bit-identical to the scalar path). p's shape makes the rounds multiplication-free: −p⁻¹ ≡ −1 (mod 2^32), and
/// p = 1 + 17·2^192 + 2^251 has three nonzero digits (1, 17 at digit 6, 2^27 at digit 7).</para>
/// <para>Callers check <see cref="IsSupported"/> and keep the scalar loop for the remainder and for machines without
/// AVX-512.</para>
/// </remarks>
[SkipLocalsInit]
internal readonly struct Felt8
{
    public readonly Vector512<ulong> L0, L1, L2, L3;

    public Felt8(Vector512<ulong> l0, Vector512<ulong> l1, Vector512<ulong> l2, Vector512<ulong> l3)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3;
    }

    /// <summary>True when the processor runs the AVX-512 instructions this type uses.</summary>
    public static bool IsSupported => Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    private static readonly Vector512<ulong> s_transposeLow = Vector512.Create(0UL, 4, 8, 12, 1, 5, 9, 13);
    private static readonly Vector512<ulong> s_transposeHigh = Vector512.Create(2UL, 6, 10, 14, 3, 7, 11, 15);
    private static readonly Vector512<ulong> s_joinLow = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11);
    private static readonly Vector512<ulong> s_joinHigh = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);

    /// <summary>Reads eight consecutive elements and transposes them into limb planes (8 permutations).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe Felt8 Load(Felt* p)
    {
        ulong* q = (ulong*)p;
        Vector512<ulong> v0 = Vector512.Load(q), v1 = Vector512.Load(q + 8), v2 = Vector512.Load(q + 16), v3 = Vector512.Load(q + 24);
        // x01lo = e0..e3 limbs 0 and 1, x01hi = e0..e3 limbs 2 and 3; likewise for e4..e7.
        Vector512<ulong> x01lo = Avx512F.PermuteVar8x64x2(v0, s_transposeLow, v1);
        Vector512<ulong> x01hi = Avx512F.PermuteVar8x64x2(v0, s_transposeHigh, v1);
        Vector512<ulong> x23lo = Avx512F.PermuteVar8x64x2(v2, s_transposeLow, v3);
        Vector512<ulong> x23hi = Avx512F.PermuteVar8x64x2(v2, s_transposeHigh, v3);
        return new Felt8(
            Avx512F.PermuteVar8x64x2(x01lo, s_joinLow, x23lo),
            Avx512F.PermuteVar8x64x2(x01lo, s_joinHigh, x23lo),
            Avx512F.PermuteVar8x64x2(x01hi, s_joinLow, x23hi),
            Avx512F.PermuteVar8x64x2(x01hi, s_joinHigh, x23hi));
    }

    /// <summary>Writes the eight elements back as consecutive <see cref="Felt"/> values (the inverse transposition).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Store(Felt* p)
    {
        ulong* q = (ulong*)p;
        // x01lo = [e0..e3 limb 0 | e0..e3 limb 1], and so on; the same index pattern as Load restores element order.
        Vector512<ulong> x01lo = Avx512F.PermuteVar8x64x2(L0, s_joinLow, L1);
        Vector512<ulong> x23lo = Avx512F.PermuteVar8x64x2(L0, s_joinHigh, L1);
        Vector512<ulong> x01hi = Avx512F.PermuteVar8x64x2(L2, s_joinLow, L3);
        Vector512<ulong> x23hi = Avx512F.PermuteVar8x64x2(L2, s_joinHigh, L3);
        Avx512F.PermuteVar8x64x2(x01lo, s_transposeLow, x01hi).Store(q);
        Avx512F.PermuteVar8x64x2(x01lo, s_transposeHigh, x01hi).Store(q + 8);
        Avx512F.PermuteVar8x64x2(x23lo, s_transposeLow, x23hi).Store(q + 16);
        Avx512F.PermuteVar8x64x2(x23lo, s_transposeHigh, x23hi).Store(q + 24);
    }

    /// <summary>The eight Montgomery products a·b (each in [0, p) for inputs in [0, p)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt8 Mul(in Felt8 x, in Felt8 y)
    {
        Product(x, y, out Digits r);
        return r.Reduce().Join();
    }

    /// <summary>
    /// The radix-2 butterfly of the NTT on eight pairs: t = w·b, then (a, b) ← (a + t, a − t).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Butterfly(ref Felt8 a, ref Felt8 b, in Felt8 w)
    {
        Product(b, w, out Digits t);
        t = t.Reduce();
        Digits u = Digits.Split(a);
        a = Digits.Add(u, t).Reduce().Join();
        b = Digits.Sub(u, t).Join();
    }

    /// <summary>
    /// The Montgomery product as eight normalised 32-bit digits, value in [0, 2p): the unrolled body, one block per
    /// column of the schoolbook product.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Product(in Felt8 x, in Felt8 y, out Digits result)
    {
        Vector512<ulong> mask = Vector512.Create(0xFFFF_FFFFUL);
        // vpmuludq reads the low 32 bits of each lane: the even digits need no masking, the odd ones a shift.
        Vector512<ulong> a0 = x.L0, a1 = x.L0 >> 32, a2 = x.L1, a3 = x.L1 >> 32, a4 = x.L2, a5 = x.L2 >> 32, a6 = x.L3, a7 = x.L3 >> 32;
        Vector512<ulong> b0 = y.L0, b1 = y.L0 >> 32, b2 = y.L1, b3 = y.L1 >> 32, b4 = y.L2, b5 = y.L2 >> 32, b6 = y.L3, b7 = y.L3 >> 32;
        // Product scanning, column k = Σ_{i+j=k} lo(a_i·b_j) + Σ_{i+j=k−1} hi(a_i·b_j), interleaved with the
        // Montgomery rounds: m_k = −col_k mod 2^32 (p ≡ 1 mod 2^32), and m_k·p adds m_k at column k,
        // 17·m_k at column k+6 and 2^27·m_k at column k+7 (p = 1 + 17·2^192 + 2^251 in 32-bit digits).
        Vector512<ulong> col, next = Vector512<ulong>.Zero, carry = Vector512<ulong>.Zero, prod;
        // column 0
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a0.AsUInt32(), b0.AsUInt32()); col += prod & mask; next += prod >> 32;
        Vector512<ulong> m0 = (Vector512<ulong>.Zero - col) & mask;
        carry = (col + m0) >> 32;
        // column 1
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a0.AsUInt32(), b1.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a1.AsUInt32(), b0.AsUInt32()); col += prod & mask; next += prod >> 32;
        Vector512<ulong> m1 = (Vector512<ulong>.Zero - col) & mask;
        carry = (col + m1) >> 32;
        // column 2
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a0.AsUInt32(), b2.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a1.AsUInt32(), b1.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a2.AsUInt32(), b0.AsUInt32()); col += prod & mask; next += prod >> 32;
        Vector512<ulong> m2 = (Vector512<ulong>.Zero - col) & mask;
        carry = (col + m2) >> 32;
        // column 3
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a0.AsUInt32(), b3.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a1.AsUInt32(), b2.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a2.AsUInt32(), b1.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a3.AsUInt32(), b0.AsUInt32()); col += prod & mask; next += prod >> 32;
        Vector512<ulong> m3 = (Vector512<ulong>.Zero - col) & mask;
        carry = (col + m3) >> 32;
        // column 4
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a0.AsUInt32(), b4.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a1.AsUInt32(), b3.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a2.AsUInt32(), b2.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a3.AsUInt32(), b1.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a4.AsUInt32(), b0.AsUInt32()); col += prod & mask; next += prod >> 32;
        Vector512<ulong> m4 = (Vector512<ulong>.Zero - col) & mask;
        carry = (col + m4) >> 32;
        // column 5
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a0.AsUInt32(), b5.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a1.AsUInt32(), b4.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a2.AsUInt32(), b3.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a3.AsUInt32(), b2.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a4.AsUInt32(), b1.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a5.AsUInt32(), b0.AsUInt32()); col += prod & mask; next += prod >> 32;
        Vector512<ulong> m5 = (Vector512<ulong>.Zero - col) & mask;
        carry = (col + m5) >> 32;
        // column 6
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a0.AsUInt32(), b6.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a1.AsUInt32(), b5.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a2.AsUInt32(), b4.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a3.AsUInt32(), b3.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a4.AsUInt32(), b2.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a5.AsUInt32(), b1.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a6.AsUInt32(), b0.AsUInt32()); col += prod & mask; next += prod >> 32;
        col += (m0 << 4) + m0;
        Vector512<ulong> m6 = (Vector512<ulong>.Zero - col) & mask;
        carry = (col + m6) >> 32;
        // column 7
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a0.AsUInt32(), b7.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a1.AsUInt32(), b6.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a2.AsUInt32(), b5.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a3.AsUInt32(), b4.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a4.AsUInt32(), b3.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a5.AsUInt32(), b2.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a6.AsUInt32(), b1.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a7.AsUInt32(), b0.AsUInt32()); col += prod & mask; next += prod >> 32;
        col += (m1 << 4) + m1;
        col += m0 << 27;
        Vector512<ulong> m7 = (Vector512<ulong>.Zero - col) & mask;
        carry = (col + m7) >> 32;
        // column 8
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a1.AsUInt32(), b7.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a2.AsUInt32(), b6.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a3.AsUInt32(), b5.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a4.AsUInt32(), b4.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a5.AsUInt32(), b3.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a6.AsUInt32(), b2.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a7.AsUInt32(), b1.AsUInt32()); col += prod & mask; next += prod >> 32;
        col += (m2 << 4) + m2;
        col += m1 << 27;
        Vector512<ulong> r0 = col & mask;
        carry = col >> 32;
        // column 9
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a2.AsUInt32(), b7.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a3.AsUInt32(), b6.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a4.AsUInt32(), b5.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a5.AsUInt32(), b4.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a6.AsUInt32(), b3.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a7.AsUInt32(), b2.AsUInt32()); col += prod & mask; next += prod >> 32;
        col += (m3 << 4) + m3;
        col += m2 << 27;
        Vector512<ulong> r1 = col & mask;
        carry = col >> 32;
        // column 10
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a3.AsUInt32(), b7.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a4.AsUInt32(), b6.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a5.AsUInt32(), b5.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a6.AsUInt32(), b4.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a7.AsUInt32(), b3.AsUInt32()); col += prod & mask; next += prod >> 32;
        col += (m4 << 4) + m4;
        col += m3 << 27;
        Vector512<ulong> r2 = col & mask;
        carry = col >> 32;
        // column 11
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a4.AsUInt32(), b7.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a5.AsUInt32(), b6.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a6.AsUInt32(), b5.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a7.AsUInt32(), b4.AsUInt32()); col += prod & mask; next += prod >> 32;
        col += (m5 << 4) + m5;
        col += m4 << 27;
        Vector512<ulong> r3 = col & mask;
        carry = col >> 32;
        // column 12
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a5.AsUInt32(), b7.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a6.AsUInt32(), b6.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a7.AsUInt32(), b5.AsUInt32()); col += prod & mask; next += prod >> 32;
        col += (m6 << 4) + m6;
        col += m5 << 27;
        Vector512<ulong> r4 = col & mask;
        carry = col >> 32;
        // column 13
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a6.AsUInt32(), b7.AsUInt32()); col += prod & mask; next += prod >> 32;
        prod = Avx512F.Multiply(a7.AsUInt32(), b6.AsUInt32()); col += prod & mask; next += prod >> 32;
        col += (m7 << 4) + m7;
        col += m6 << 27;
        Vector512<ulong> r5 = col & mask;
        carry = col >> 32;
        // column 14
        col = next + carry; next = Vector512<ulong>.Zero;
        prod = Avx512F.Multiply(a7.AsUInt32(), b7.AsUInt32()); col += prod & mask; next += prod >> 32;
        col += m7 << 27;
        Vector512<ulong> r6 = col & mask;
        carry = col >> 32;
        // column 15
        col = next + carry; next = Vector512<ulong>.Zero;
        Vector512<ulong> r7 = col & mask;
        carry = col >> 32;

        result = new Digits(r0, r1, r2, r3, r4, r5, r6, r7);
    }

    /// <summary>Eight 32-bit digits per lane (in 64-bit lanes), least significant first.</summary>
    private readonly struct Digits(Vector512<ulong> d0, Vector512<ulong> d1, Vector512<ulong> d2, Vector512<ulong> d3,
        Vector512<ulong> d4, Vector512<ulong> d5, Vector512<ulong> d6, Vector512<ulong> d7)
    {
        public readonly Vector512<ulong> D0 = d0, D1 = d1, D2 = d2, D3 = d3, D4 = d4, D5 = d5, D6 = d6, D7 = d7;

        /// <summary>The digits of eight elements in [0, p).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Digits Split(in Felt8 x)
        {
            Vector512<ulong> mask = Vector512.Create(0xFFFF_FFFFUL);
            return new Digits(x.L0 & mask, x.L0 >> 32, x.L1 & mask, x.L1 >> 32, x.L2 & mask, x.L2 >> 32, x.L3 & mask, x.L3 >> 32);
        }

        /// <summary>u + v as normalised digits (a value in [0, 2p) for inputs in [0, p); follow with <see cref="Reduce"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Digits Add(in Digits u, in Digits v)
        {
            Vector512<ulong> mask = Vector512.Create(0xFFFF_FFFFUL);
            Vector512<ulong> t = u.D0 + v.D0;
            Vector512<ulong> s0 = t & mask; t = (t >> 32) + u.D1 + v.D1;
            Vector512<ulong> s1 = t & mask; t = (t >> 32) + u.D2 + v.D2;
            Vector512<ulong> s2 = t & mask; t = (t >> 32) + u.D3 + v.D3;
            Vector512<ulong> s3 = t & mask; t = (t >> 32) + u.D4 + v.D4;
            Vector512<ulong> s4 = t & mask; t = (t >> 32) + u.D5 + v.D5;
            Vector512<ulong> s5 = t & mask; t = (t >> 32) + u.D6 + v.D6;
            Vector512<ulong> s6 = t & mask; t = (t >> 32) + u.D7 + v.D7;
            return new Digits(s0, s1, s2, s3, s4, s5, s6, t);
        }

        /// <summary>u − v mod p as normalised digits in [0, p), for inputs in [0, p): p is added back where the difference went negative.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Digits Sub(in Digits u, in Digits v)
        {
            Vector512<ulong> mask = Vector512.Create(0xFFFF_FFFFUL);
            Vector512<long> t = u.D0.AsInt64() - v.D0.AsInt64();
            Vector512<long> d0 = t; t = (t >> 32) + u.D1.AsInt64() - v.D1.AsInt64();
            Vector512<long> d1 = t; t = (t >> 32) + u.D2.AsInt64() - v.D2.AsInt64();
            Vector512<long> d2 = t; t = (t >> 32) + u.D3.AsInt64() - v.D3.AsInt64();
            Vector512<long> d3 = t; t = (t >> 32) + u.D4.AsInt64() - v.D4.AsInt64();
            Vector512<long> d4 = t; t = (t >> 32) + u.D5.AsInt64() - v.D5.AsInt64();
            Vector512<long> d5 = t; t = (t >> 32) + u.D6.AsInt64() - v.D6.AsInt64();
            Vector512<long> d6 = t; t = (t >> 32) + u.D7.AsInt64() - v.D7.AsInt64();
            // negative: all ones where u < v; then add p's digits (1, 0, 0, 0, 0, 0, 17, 2^27) there.
            Vector512<long> negative = t >> 63;
            Vector512<long> one = Vector512<long>.One & negative;
            Vector512<long> c = (d0 & mask.AsInt64()) + one;
            Vector512<ulong> r0 = c.AsUInt64() & mask; c = (c >> 32) + (d1 & mask.AsInt64());
            Vector512<ulong> r1 = c.AsUInt64() & mask; c = (c >> 32) + (d2 & mask.AsInt64());
            Vector512<ulong> r2 = c.AsUInt64() & mask; c = (c >> 32) + (d3 & mask.AsInt64());
            Vector512<ulong> r3 = c.AsUInt64() & mask; c = (c >> 32) + (d4 & mask.AsInt64());
            Vector512<ulong> r4 = c.AsUInt64() & mask; c = (c >> 32) + (d5 & mask.AsInt64());
            Vector512<ulong> r5 = c.AsUInt64() & mask; c = (c >> 32) + (d6 & mask.AsInt64()) + (Vector512.Create(17L) & negative);
            Vector512<ulong> r6 = c.AsUInt64() & mask; c = (c >> 32) + (t & mask.AsInt64()) + (Vector512.Create(1L << 27) & negative);
            return new Digits(r0, r1, r2, r3, r4, r5, r6, c.AsUInt64() & mask);
        }

        /// <summary>Maps a value in [0, 2p) to [0, p): subtracts p digit by digit and keeps the difference where it did not go negative.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Digits Reduce()
        {
            Vector512<ulong> mask = Vector512.Create(0xFFFF_FFFFUL);
            // Signed digit arithmetic: t = digit − p_digit + borrow, borrow = t >> 32 (arithmetic).
            Vector512<long> t = D0.AsInt64() - Vector512<long>.One;
            Vector512<ulong> e0 = t.AsUInt64() & mask; t = (t >> 32) + D1.AsInt64();
            Vector512<ulong> e1 = t.AsUInt64() & mask; t = (t >> 32) + D2.AsInt64();
            Vector512<ulong> e2 = t.AsUInt64() & mask; t = (t >> 32) + D3.AsInt64();
            Vector512<ulong> e3 = t.AsUInt64() & mask; t = (t >> 32) + D4.AsInt64();
            Vector512<ulong> e4 = t.AsUInt64() & mask; t = (t >> 32) + D5.AsInt64();
            Vector512<ulong> e5 = t.AsUInt64() & mask; t = (t >> 32) + D6.AsInt64() - Vector512.Create(17L);
            Vector512<ulong> e6 = t.AsUInt64() & mask; t = (t >> 32) + D7.AsInt64() - Vector512.Create(1L << 27);
            Vector512<ulong> e7 = t.AsUInt64();
            // t < 0: the value was below p; keep it.
            Vector512<ulong> keep = (t >> 63).AsUInt64();
            return new Digits(
                Vector512.ConditionalSelect(keep, D0, e0), Vector512.ConditionalSelect(keep, D1, e1),
                Vector512.ConditionalSelect(keep, D2, e2), Vector512.ConditionalSelect(keep, D3, e3),
                Vector512.ConditionalSelect(keep, D4, e4), Vector512.ConditionalSelect(keep, D5, e5),
                Vector512.ConditionalSelect(keep, D6, e6), Vector512.ConditionalSelect(keep, D7, e7 & mask));
        }

        /// <summary>Packs digit pairs back into 64-bit limbs.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Felt8 Join() => new(D0 | (D1 << 32), D2 | (D3 << 32), D4 | (D5 << 32), D6 | (D7 << 32));
    }
}
