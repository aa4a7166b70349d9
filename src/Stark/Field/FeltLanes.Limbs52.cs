using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zetina.Stark.Field;

internal static unsafe partial class FeltLanes
{
    /// <summary>Five 52-bit limbs of every lane's element (each in a 64-bit lane), least significant first.</summary>
    /// <remarks>
    /// <para>Why 52 bits: a double's significand holds 53, so the product of two limbs below 2^52 is split exactly into a
    /// high and a low part by two fused multiply-adds (Emmart, Zheng and Weems, "Faster modular exponentiation using
    /// double precision floating point arithmetic on the GPU", ARITH 2018): h = fma(a, b, 2^104) is 2^104 + H·2^52 with
    /// H = round(a·b / 2^52), because a·b &lt; 2^104 puts the sum in [2^104, 2^105) where doubles are spaced 2^52 apart;
    /// then 2^104 − h = −H·2^52 is exact and lo = fma(a, b, −H·2^52) = a·b − H·2^52 is exact too, |lo| ≤ 2^51. Adding
    /// 3·2^51 moves lo into [2^52, 2^53], where a double's bit pattern is bits(2^52) + its value − 2^52; H sits in h's
    /// bit pattern likewise. So both halves become integers by reinterpreting bits, and the constant offsets are
    /// removed once per column. Four floating-point operations a partial product, 25 partial products instead of the
    /// 64 of 32-bit digits.</para>
    /// <para>R is 2^260 here (five rounds of 2^52), not <see cref="Felt"/>'s 2^256: the second operand enters as 16·y
    /// (its limbs read four bits lower, <see cref="Factor"/>), so x·16y·2^−260 = x·y·2^−256 and the results are the same
    /// numbers as <see cref="Felt.Mul"/>'s. Bound: for x, y &lt; 2p, (x·16y + m·p) / 2^260 &lt; p·(64p / 2^260 + 1) &lt; 2p.</para>
    /// <para>p's shape keeps the rounds free of multiplications: p ≡ 1 (mod 2^52), so m_k = −col_k mod 2^52, and
    /// p = 1 + 17·2^36·2^156 + 2^43·2^208 adds m_k·p with shifts. Carries move by logical shifts (64-bit arithmetic
    /// shifts are not in AVX2), so every column carries a bias of 8·2^52 that the next one takes back.</para>
    /// </remarks>
    internal readonly struct Limbs52(Vector<ulong> l0, Vector<ulong> l1, Vector<ulong> l2, Vector<ulong> l3, Vector<ulong> l4)
        : ILaneElements<Limbs52, Limbs52.Factor>
    {
        public readonly Vector<ulong> L0 = l0, L1 = l1, L2 = l2, L3 = l3, L4 = l4;

        private const ulong LimbMask = (1UL << 52) - 1;

        /// <summary>The bit pattern of 2^52: OR-ed onto an integer below 2^52, it makes the double 2^52 + that integer.</summary>
        private const ulong Exponent52 = 0x4330_0000_0000_0000UL;

        private const double Two52 = 4503599627370496.0;
        private const double Two104 = 20282409603651670423947251286016.0;
        private const double ThreeTwo51 = 6755399441055744.0;

        /// <summary>p's limbs in base 2^52: 1, 0, 0, 17·2^36, 2^43.</summary>
        private const ulong P3 = 17UL << 36, P4 = 1UL << 43;

        /// <summary>The second operand of a product: the five 52-bit limbs of 16·y as doubles (exact, each below 2^52).</summary>
        internal readonly struct Factor(Vector<double> f0, Vector<double> f1, Vector<double> f2, Vector<double> f3, Vector<double> f4)
        {
            public readonly Vector<double> F0 = f0, F1 = f1, F2 = f2, F3 = f3, F4 = f4;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Limbs52 Load(Felt* source)
        {
            LoadLimbs(source, out Vector<ulong> w0, out Vector<ulong> w1, out Vector<ulong> w2, out Vector<ulong> w3);
            Vector<ulong> mask = Vector.Create(LimbMask);
            // Limb i holds bits [52i, 52i + 52) of the 256-bit value w3:w2:w1:w0.
            return new Limbs52(w0 & mask, ((w0 >> 52) | (w1 << 12)) & mask, ((w1 >> 40) | (w2 << 24)) & mask,
                ((w2 >> 28) | (w3 << 36)) & mask, w3 >> 16);
        }

        /// <summary>Reads the elements y as the limbs of 16·y: limb i holds bits [52i − 4, 52i + 48) of y.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Factor LoadFactor(Felt* source)
        {
            LoadLimbs(source, out Vector<ulong> w0, out Vector<ulong> w1, out Vector<ulong> w2, out Vector<ulong> w3);
            Vector<ulong> mask = Vector.Create(LimbMask);
            return new Factor(ToDouble((w0 << 4) & mask), ToDouble(((w0 >> 48) | (w1 << 16)) & mask),
                ToDouble(((w1 >> 36) | (w2 << 28)) & mask), ToDouble(((w2 >> 24) | (w3 << 40)) & mask), ToDouble(w3 >> 12));
        }

        /// <summary>16·value as doubles: each limb moves four bits up, its top four bits into the next limb.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Factor AsFactor(in Limbs52 value)
        {
            Vector<ulong> mask = Vector.Create(LimbMask);
            return new Factor(ToDouble((value.L0 << 4) & mask), ToDouble(((value.L1 << 4) & mask) | (value.L0 >> 48)),
                ToDouble(((value.L2 << 4) & mask) | (value.L1 >> 48)), ToDouble(((value.L3 << 4) & mask) | (value.L2 >> 48)),
                ToDouble((value.L4 << 4) | (value.L3 >> 48)));
        }

        /// <summary>An integer below 2^52 as a double, exactly: (2^52 + v) − 2^52.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<double> ToDouble(Vector<ulong> v) =>
            Vector.AsVectorDouble(v | Vector.Create(Exponent52)) - Vector.Create(Two52);

        /// <summary>The Montgomery product x·y·2^−256 as normalised limbs: a value in [0, 2p) for inputs in [0, 2p).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Limbs52 Product(in Limbs52 x, in Factor y)
        {
            Vector<ulong> mask = Vector.Create(LimbMask);
            Vector<double> c104 = Vector.Create(Two104), loBias = Vector.Create(ThreeTwo51);
            Vector<double> a0 = ToDouble(x.L0), a1 = ToDouble(x.L1), a2 = ToDouble(x.L2), a3 = ToDouble(x.L3), a4 = ToDouble(x.L4);
            Vector<double> b0 = y.F0, b1 = y.F1, b2 = y.F2, b3 = y.F3, b4 = y.F4;
            // --- generated by scripts/generate-lane-product-52.py ---
            // Column k collects lo(a_i·b_j) for i + j = k and hi(a_i·b_j) for i + j = k − 1 as raw bit patterns: a hi word is
            // bits(2^104) + H and a lo word bits(2^52) + 2^51 + lo. Each column starts at the constant that removes those
            // offsets (and adds the carry bias 8·2^52 that keeps every column non-negative), so it holds its true value once
            // complete. Round k (k < 5) then runs: m_k = −col_k mod 2^52 (−p⁻¹ ≡ −1 mod 2^52), and m_k·p adds m_k at column k
            // (clearing it), 17·m_k·2^36 at column k + 3 and m_k·2^43 at column k + 4, each split at the 2^52 boundary.
            Vector<double> h, lo;
            Vector<ulong> carry, m, u;
            Vector<ulong> col0 = Vector.Create(0xBD48000000000000UL);
            Vector<ulong> col1 = Vector.Create(0x339FFFFFFFFFFFF8UL);
            Vector<ulong> col2 = Vector.Create(0xA9F7FFFFFFFFFFF8UL);
            Vector<ulong> col3 = Vector.Create(0x204FFFFFFFFFFFF8UL);
            Vector<ulong> col4 = Vector.Create(0x96A7FFFFFFFFFFF8UL);
            Vector<ulong> col5 = Vector.Create(0x936FFFFFFFFFFFF8UL);
            Vector<ulong> col6 = Vector.Create(0x1D17FFFFFFFFFFF8UL);
            Vector<ulong> col7 = Vector.Create(0xA6BFFFFFFFFFFFF8UL);
            Vector<ulong> col8 = Vector.Create(0x3067FFFFFFFFFFF8UL);
            Vector<ulong> col9 = Vector.Create(0xB98FFFFFFFFFFFF8UL);
            // column 0
            h = Vector.FusedMultiplyAdd(a0, b0, c104); lo = Vector.FusedMultiplyAdd(a0, b0, c104 - h) + loBias;
            col0 += Vector.AsVectorUInt64(lo); col1 += Vector.AsVectorUInt64(h);
            m = (Vector<ulong>.Zero - col0) & mask;
            carry = (col0 + m) >> 52;
            u = (m << 4) + m;
            col3 += (u << 36) & mask;
            col4 += (u >> 16) + ((m << 43) & mask);
            col5 += m >> 9;
            // column 1
            h = Vector.FusedMultiplyAdd(a0, b1, c104); lo = Vector.FusedMultiplyAdd(a0, b1, c104 - h) + loBias;
            col1 += Vector.AsVectorUInt64(lo); col2 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a1, b0, c104); lo = Vector.FusedMultiplyAdd(a1, b0, c104 - h) + loBias;
            col1 += Vector.AsVectorUInt64(lo); col2 += Vector.AsVectorUInt64(h);
            col1 += carry;
            m = (Vector<ulong>.Zero - col1) & mask;
            carry = (col1 + m) >> 52;
            u = (m << 4) + m;
            col4 += (u << 36) & mask;
            col5 += (u >> 16) + ((m << 43) & mask);
            col6 += m >> 9;
            // column 2
            h = Vector.FusedMultiplyAdd(a0, b2, c104); lo = Vector.FusedMultiplyAdd(a0, b2, c104 - h) + loBias;
            col2 += Vector.AsVectorUInt64(lo); col3 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a1, b1, c104); lo = Vector.FusedMultiplyAdd(a1, b1, c104 - h) + loBias;
            col2 += Vector.AsVectorUInt64(lo); col3 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a2, b0, c104); lo = Vector.FusedMultiplyAdd(a2, b0, c104 - h) + loBias;
            col2 += Vector.AsVectorUInt64(lo); col3 += Vector.AsVectorUInt64(h);
            col2 += carry;
            m = (Vector<ulong>.Zero - col2) & mask;
            carry = (col2 + m) >> 52;
            u = (m << 4) + m;
            col5 += (u << 36) & mask;
            col6 += (u >> 16) + ((m << 43) & mask);
            col7 += m >> 9;
            // column 3
            h = Vector.FusedMultiplyAdd(a0, b3, c104); lo = Vector.FusedMultiplyAdd(a0, b3, c104 - h) + loBias;
            col3 += Vector.AsVectorUInt64(lo); col4 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a1, b2, c104); lo = Vector.FusedMultiplyAdd(a1, b2, c104 - h) + loBias;
            col3 += Vector.AsVectorUInt64(lo); col4 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a2, b1, c104); lo = Vector.FusedMultiplyAdd(a2, b1, c104 - h) + loBias;
            col3 += Vector.AsVectorUInt64(lo); col4 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a3, b0, c104); lo = Vector.FusedMultiplyAdd(a3, b0, c104 - h) + loBias;
            col3 += Vector.AsVectorUInt64(lo); col4 += Vector.AsVectorUInt64(h);
            col3 += carry;
            m = (Vector<ulong>.Zero - col3) & mask;
            carry = (col3 + m) >> 52;
            u = (m << 4) + m;
            col6 += (u << 36) & mask;
            col7 += (u >> 16) + ((m << 43) & mask);
            col8 += m >> 9;
            // column 4
            h = Vector.FusedMultiplyAdd(a0, b4, c104); lo = Vector.FusedMultiplyAdd(a0, b4, c104 - h) + loBias;
            col4 += Vector.AsVectorUInt64(lo); col5 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a1, b3, c104); lo = Vector.FusedMultiplyAdd(a1, b3, c104 - h) + loBias;
            col4 += Vector.AsVectorUInt64(lo); col5 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a2, b2, c104); lo = Vector.FusedMultiplyAdd(a2, b2, c104 - h) + loBias;
            col4 += Vector.AsVectorUInt64(lo); col5 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a3, b1, c104); lo = Vector.FusedMultiplyAdd(a3, b1, c104 - h) + loBias;
            col4 += Vector.AsVectorUInt64(lo); col5 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a4, b0, c104); lo = Vector.FusedMultiplyAdd(a4, b0, c104 - h) + loBias;
            col4 += Vector.AsVectorUInt64(lo); col5 += Vector.AsVectorUInt64(h);
            col4 += carry;
            m = (Vector<ulong>.Zero - col4) & mask;
            carry = (col4 + m) >> 52;
            u = (m << 4) + m;
            col7 += (u << 36) & mask;
            col8 += (u >> 16) + ((m << 43) & mask);
            col9 += m >> 9;
            // column 5
            h = Vector.FusedMultiplyAdd(a1, b4, c104); lo = Vector.FusedMultiplyAdd(a1, b4, c104 - h) + loBias;
            col5 += Vector.AsVectorUInt64(lo); col6 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a2, b3, c104); lo = Vector.FusedMultiplyAdd(a2, b3, c104 - h) + loBias;
            col5 += Vector.AsVectorUInt64(lo); col6 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a3, b2, c104); lo = Vector.FusedMultiplyAdd(a3, b2, c104 - h) + loBias;
            col5 += Vector.AsVectorUInt64(lo); col6 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a4, b1, c104); lo = Vector.FusedMultiplyAdd(a4, b1, c104 - h) + loBias;
            col5 += Vector.AsVectorUInt64(lo); col6 += Vector.AsVectorUInt64(h);
            col5 += carry;
            Vector<ulong> r0 = col5 & mask;
            carry = col5 >> 52;
            // column 6
            h = Vector.FusedMultiplyAdd(a2, b4, c104); lo = Vector.FusedMultiplyAdd(a2, b4, c104 - h) + loBias;
            col6 += Vector.AsVectorUInt64(lo); col7 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a3, b3, c104); lo = Vector.FusedMultiplyAdd(a3, b3, c104 - h) + loBias;
            col6 += Vector.AsVectorUInt64(lo); col7 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a4, b2, c104); lo = Vector.FusedMultiplyAdd(a4, b2, c104 - h) + loBias;
            col6 += Vector.AsVectorUInt64(lo); col7 += Vector.AsVectorUInt64(h);
            col6 += carry;
            Vector<ulong> r1 = col6 & mask;
            carry = col6 >> 52;
            // column 7
            h = Vector.FusedMultiplyAdd(a3, b4, c104); lo = Vector.FusedMultiplyAdd(a3, b4, c104 - h) + loBias;
            col7 += Vector.AsVectorUInt64(lo); col8 += Vector.AsVectorUInt64(h);
            h = Vector.FusedMultiplyAdd(a4, b3, c104); lo = Vector.FusedMultiplyAdd(a4, b3, c104 - h) + loBias;
            col7 += Vector.AsVectorUInt64(lo); col8 += Vector.AsVectorUInt64(h);
            col7 += carry;
            Vector<ulong> r2 = col7 & mask;
            carry = col7 >> 52;
            // column 8
            h = Vector.FusedMultiplyAdd(a4, b4, c104); lo = Vector.FusedMultiplyAdd(a4, b4, c104 - h) + loBias;
            col8 += Vector.AsVectorUInt64(lo); col9 += Vector.AsVectorUInt64(h);
            col8 += carry;
            Vector<ulong> r3 = col8 & mask;
            carry = col8 >> 52;
            // column 9
            col9 += carry;
            Vector<ulong> r4 = col9;
            // --- end of generated code ---
            return new Limbs52(r0, r1, r2, r3, r4);
        }

        /// <summary>Packs the limbs back into 64-bit limbs and writes the elements; the limbs must be normalised and the value below p.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(Felt* destination) =>
            StoreLimbs(destination, L0 | (L1 << 52), (L1 >> 12) | (L2 << 40), (L2 >> 24) | (L3 << 28), (L3 >> 36) | (L4 << 16));

        /// <summary>u + v, normalised; a value in [0, 2p) for inputs in [0, p) (follow with <see cref="Reduce"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Limbs52 Add(in Limbs52 u, in Limbs52 v)
        {
            Vector<ulong> mask = Vector.Create(LimbMask);
            Vector<ulong> t = u.L0 + v.L0;
            Vector<ulong> s0 = t & mask; t = (t >> 52) + u.L1 + v.L1;
            Vector<ulong> s1 = t & mask; t = (t >> 52) + u.L2 + v.L2;
            Vector<ulong> s2 = t & mask; t = (t >> 52) + u.L3 + v.L3;
            Vector<ulong> s3 = t & mask; t = (t >> 52) + u.L4 + v.L4;
            return new Limbs52(s0, s1, s2, s3, t);
        }

        /// <summary>
        /// u − v mod p for inputs in [0, p): u + ¬v + 1 over 260 bits, whose carry out is 1 exactly when u ≥ v; where it is
        /// 0 the difference wrapped, and p is added back.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Limbs52 Sub(in Limbs52 u, in Limbs52 v)
        {
            Vector<ulong> mask = Vector.Create(LimbMask);
            Vector<ulong> t = u.L0 + (mask - v.L0) + Vector<ulong>.One;
            Vector<ulong> d0 = t & mask; t = (t >> 52) + u.L1 + (mask - v.L1);
            Vector<ulong> d1 = t & mask; t = (t >> 52) + u.L2 + (mask - v.L2);
            Vector<ulong> d2 = t & mask; t = (t >> 52) + u.L3 + (mask - v.L3);
            Vector<ulong> d3 = t & mask; t = (t >> 52) + u.L4 + (mask - v.L4);
            Vector<ulong> d4 = t & mask;
            // wrapped: all ones where u < v (carry out 0); then add p's limbs there.
            Vector<ulong> wrapped = (t >> 52) - Vector<ulong>.One;
            t = d0 + (wrapped & Vector<ulong>.One);
            d0 = t & mask; t = (t >> 52) + d1;
            d1 = t & mask; t = (t >> 52) + d2;
            d2 = t & mask; t = (t >> 52) + d3 + (wrapped & Vector.Create(P3));
            d3 = t & mask; t = (t >> 52) + d4 + (wrapped & Vector.Create(P4));
            return new Limbs52(d0, d1, d2, d3, t & mask);
        }

        /// <summary>
        /// Maps normalised limbs of a value in [0, 2p) to [0, p): e = d + 2^260 − p has carry out 1 exactly when d ≥ p, and
        /// then e = d − p is kept.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Limbs52 Reduce()
        {
            Vector<ulong> mask = Vector.Create(LimbMask);
            // 2^260 − p = ¬p + 1 in limbs: (2^52 − 1, 2^52 − 1, 2^52 − 1, 2^52 − 1 − 17·2^36, 2^52 − 1 − 2^43).
            Vector<ulong> t = L0 + mask;
            Vector<ulong> e0 = t & mask; t = (t >> 52) + L1 + mask;
            Vector<ulong> e1 = t & mask; t = (t >> 52) + L2 + mask;
            Vector<ulong> e2 = t & mask; t = (t >> 52) + L3 + Vector.Create(LimbMask - P3);
            Vector<ulong> e3 = t & mask; t = (t >> 52) + L4 + Vector.Create(LimbMask - P4);
            Vector<ulong> e4 = t & mask;
            Vector<ulong> atLeastP = Vector<ulong>.Zero - (t >> 52);
            return new Limbs52(
                Vector.ConditionalSelect(atLeastP, e0, L0), Vector.ConditionalSelect(atLeastP, e1, L1), Vector.ConditionalSelect(atLeastP, e2, L2),
                Vector.ConditionalSelect(atLeastP, e3, L3), Vector.ConditionalSelect(atLeastP, e4, L4));
        }
    }
}
