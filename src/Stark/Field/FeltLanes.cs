using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zetina.Stark.Field;

/// <summary>
/// Field arithmetic on <see cref="Vector{T}"/>.Count elements at once (4 with AVX2, the x86-64-v3 build; 8 where
/// <c>Vector&lt;T&gt;</c> is 512 bits): the span products and the NTT butterflies. Results are bit-identical to
/// <see cref="Felt"/>'s scalar arithmetic. Each entry point processes the leading multiple of the lane count and
/// returns it; the caller finishes the rest with scalar arithmetic.
/// </summary>
/// <remarks>
/// <para>Why: the scalar Montgomery product is bound by 64×64→128 products and carry chains the JIT schedules poorly
/// (about 32 ns a product on the 2-core reference machine). Here each 64-bit lane holds one element's 32-bit digit,
/// so <c>vpmuludq</c> forms a digit product for every element at once and carries ride in the lanes' spare 32 bits
/// until a shift moves them on.</para>
/// <para>How: the operands' 64-bit limbs split into eight 32-bit digits; the 64 digit products are summed column by
/// column (product scanning), interleaved with eight Montgomery rounds in base 2^32 — R = 2^256, the same R as
/// <see cref="Felt"/>. p's shape makes the rounds multiplication-free: −p⁻¹ ≡ −1 (mod 2^32), and
/// p = 1 + 17·2^192 + 2^251 has three nonzero digits (1; 17 at digit 6; 2^27 at digit 7). The unrolled product body
/// is written by <c>scripts/generate-lane-product.py</c>. Subtractions use two's complement (u + ¬v + 1) so that only
/// logical shifts are needed, which AVX2 has for 64-bit lanes.</para>
/// <para><see cref="Vector{T}"/> rather than a fixed width: its operators are compiler intrinsics, so the ~500
/// operations of a product cost no inlining budget, and the native-AOT build (x86-64-v3) gets the AVX2 path.</para>
/// </remarks>
internal static unsafe class FeltLanes
{
    /// <summary>Elements per vector when the lane path runs here, else 1.</summary>
    public static int Lanes { get; } =
        Vector<ulong>.Count == 4 && Avx2.IsSupported && Vector256.IsHardwareAccelerated ? 4
        : Vector<ulong>.Count == 8 && Avx512F.IsSupported && Vector512.IsHardwareAccelerated ? 8
        : 1;

    /// <summary>A short description for benchmark headers.</summary>
    public static string Description => Lanes switch
    {
        8 => "AVX-512, 8 lanes",
        4 => Avx512F.IsSupported ? "AVX2 ops on AVX-512 registers, 4 lanes" : "AVX2, 4 lanes",
        _ => "scalar 64-bit limbs",
    };

    /// <summary>destination[i] = a[i]·b[i] for the leading multiple of <see cref="Lanes"/>; destination may alias an input.</summary>
    public static int Mul(Felt* a, Felt* b, Felt* destination, int count)
    {
        if (Lanes == 1) return 0;
        int done = count & ~(Lanes - 1);
        for (int i = 0; i < done; i += Lanes)
        {
            Digits x = Digits.Load(a + i), y = Digits.Load(b + i);
            Product(x, y).Reduce().Store(destination + i);
        }
        return done;
    }

    /// <summary>
    /// The radix-2 butterflies (a[i], b[i]) ← (a[i] + w[i]·b[i], a[i] − w[i]·b[i]) for the leading multiple of
    /// <see cref="Lanes"/>.
    /// </summary>
    public static int Butterflies(Felt* a, Felt* b, Felt* w, int count)
    {
        if (Lanes == 1) return 0;
        int done = count & ~(Lanes - 1);
        for (int i = 0; i < done; i += Lanes)
        {
            Digits t = Product(Digits.Load(b + i), Digits.Load(w + i)).Reduce();
            Digits u = Digits.Load(a + i);
            Digits.Add(u, t).Reduce().Store(a + i);
            Digits.Sub(u, t).Store(b + i);
        }
        return done;
    }

    /// <summary>
    /// Two consecutive radix-2 stages on quadruples (q0[i], q1[i], q2[i], q3[i]) = elements j, j + m, j + 2m, j + 3m of a
    /// block of 4m: stage m pairs (q0, q1) and (q2, q3) with twiddle <paramref name="wm"/>[i] = ω_{2m}^j, then stage 2m
    /// pairs (q0, q2) with <paramref name="w2m0"/>[i] = ω_{4m}^j and (q1, q3) with <paramref name="w2m1"/>[i] = ω_{4m}^{j+m}.
    /// One load and one store per element for two stages. Returns the count processed (leading multiple of <see cref="Lanes"/>).
    /// </summary>
    public static int ButterflyPairs(Felt* q0, Felt* q1, Felt* q2, Felt* q3, Felt* wm, Felt* w2m0, Felt* w2m1, int count)
    {
        if (Lanes == 1) return 0;
        int done = count & ~(Lanes - 1);
        for (int i = 0; i < done; i += Lanes)
        {
            Digits a0 = Digits.Load(q0 + i), a1 = Digits.Load(q1 + i), a2 = Digits.Load(q2 + i), a3 = Digits.Load(q3 + i);
            Digits w = Digits.Load(wm + i);
            Digits t = Product(a1, w).Reduce();
            Digits b0 = Digits.Add(a0, t).Reduce(), b1 = Digits.Sub(a0, t);
            t = Product(a3, w).Reduce();
            Digits b2 = Digits.Add(a2, t).Reduce(), b3 = Digits.Sub(a2, t);
            t = Product(b2, Digits.Load(w2m0 + i)).Reduce();
            Digits.Add(b0, t).Reduce().Store(q0 + i);
            Digits.Sub(b0, t).Store(q2 + i);
            t = Product(b3, Digits.Load(w2m1 + i)).Reduce();
            Digits.Add(b1, t).Reduce().Store(q1 + i);
            Digits.Sub(b1, t).Store(q3 + i);
        }
        return done;
    }

    /// <summary>
    /// values[i] ← values[i]·start·step^i for the leading multiple of <see cref="Lanes"/> (a coset shift's powers, or a
    /// constant when step is one). Returns the count processed.
    /// </summary>
    public static int MulByPowers(Felt* values, int count, Felt start, Felt step)
    {
        if (Lanes == 1) return 0;
        int done = count & ~(Lanes - 1);
        Felt* powers = stackalloc Felt[Lanes];
        Felt* stride = stackalloc Felt[Lanes];
        Felt x = start;
        for (int k = 0; k < Lanes; k++)
        {
            powers[k] = x;
            x = Felt.Mul(x, step);
        }
        Felt stepToLanes = step.Pow((ulong)Lanes);
        for (int k = 0; k < Lanes; k++) stride[k] = stepToLanes;
        Digits current = Digits.Load(powers), advance = Digits.Load(stride);
        bool constant = step.IsOne;
        for (int i = 0; i < done; i += Lanes)
        {
            Product(Digits.Load(values + i), current).Reduce().Store(values + i);
            if (!constant) current = Product(current, advance).Reduce();
        }
        return done;
    }

    /// <summary>
    /// Inverts the leading multiple of <see cref="Lanes"/> elements (all nonzero) by Montgomery's trick run as
    /// <see cref="Lanes"/> interleaved chains — lane k multiplies the elements i ≡ k (mod Lanes) — so the chains' products
    /// overlap instead of waiting on one another; one scalar inversion per lane closes them. <paramref name="prefix"/>
    /// holds <paramref name="count"/> elements of scratch. Returns the count processed (0 when short or without lanes).
    /// </summary>
    public static int BatchInverse(Felt* values, Felt* result, Felt* prefix, int count)
    {
        if (Lanes == 1 || count < 16 * Lanes) return 0;
        int done = count & ~(Lanes - 1);
        // prefix[j] = v_{j mod L} · v_{j mod L + L} · … · v_j, lane by lane.
        Digits running = Digits.Load(values);
        running.Store(prefix);
        for (int i = Lanes; i < done; i += Lanes)
        {
            running = Product(running, Digits.Load(values + i)).Reduce();
            running.Store(prefix + i);
        }
        Felt* inverses = stackalloc Felt[Lanes];
        for (int k = 0; k < Lanes; k++) inverses[k] = prefix[done - Lanes + k].Inverse();
        // Walking back: v_i⁻¹ = inv·prefix[i − L], then inv ← inv·v_i.
        Digits inv = Digits.Load(inverses);
        for (int i = done - Lanes; i > 0; i -= Lanes)
        {
            Digits vi = Digits.Load(values + i);
            Product(inv, Digits.Load(prefix + i - Lanes)).Reduce().Store(result + i);
            inv = Product(inv, vi).Reduce();
        }
        inv.Store(result);
        return done;
    }

    /// <summary>Lane-wise product of the low 32 bits of each lane, as 64 bits (<c>vpmuludq</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<ulong> MultiplyDigits(Vector<ulong> a, Vector<ulong> b) =>
        Vector<ulong>.Count == 4
            ? Avx2.Multiply(a.AsVector256().AsUInt32(), b.AsVector256().AsUInt32()).AsVector()
            : Avx512F.Multiply(a.AsVector512().AsUInt32(), b.AsVector512().AsUInt32()).AsVector();

    // AVX-512 transposition: element k's limb j is word 4k + j of the 32 loaded. The first permutation gathers limbs
    // 0 and 1 (or 2 and 3) of four elements into one register, the second joins two such halves; the first index
    // pattern also undoes the second's grouping on the way back.
    private static readonly Vector512<ulong> s_gatherLow = Vector512.Create(0UL, 4, 8, 12, 1, 5, 9, 13);
    private static readonly Vector512<ulong> s_gatherHigh = Vector512.Create(2UL, 6, 10, 14, 3, 7, 11, 15);
    private static readonly Vector512<ulong> s_joinLow = Vector512.Create(0UL, 1, 2, 3, 8, 9, 10, 11);
    private static readonly Vector512<ulong> s_joinHigh = Vector512.Create(4UL, 5, 6, 7, 12, 13, 14, 15);

    /// <summary>Reads <see cref="Lanes"/> consecutive elements as four planes of limbs (plane j: every element's limb j).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadLimbs(Felt* source, out Vector<ulong> l0, out Vector<ulong> l1, out Vector<ulong> l2, out Vector<ulong> l3)
    {
        ulong* q = (ulong*)source;
        if (Vector<ulong>.Count == 4)
        {
            Transpose4(Vector256.Load(q), Vector256.Load(q + 4), Vector256.Load(q + 8), Vector256.Load(q + 12),
                out Vector256<ulong> w0, out Vector256<ulong> w1, out Vector256<ulong> w2, out Vector256<ulong> w3);
            l0 = w0.AsVector(); l1 = w1.AsVector(); l2 = w2.AsVector(); l3 = w3.AsVector();
        }
        else
        {
            Vector512<ulong> v0 = Vector512.Load(q), v1 = Vector512.Load(q + 8), v2 = Vector512.Load(q + 16), v3 = Vector512.Load(q + 24);
            Vector512<ulong> x01lo = Avx512F.PermuteVar8x64x2(v0, s_gatherLow, v1);
            Vector512<ulong> x01hi = Avx512F.PermuteVar8x64x2(v0, s_gatherHigh, v1);
            Vector512<ulong> x23lo = Avx512F.PermuteVar8x64x2(v2, s_gatherLow, v3);
            Vector512<ulong> x23hi = Avx512F.PermuteVar8x64x2(v2, s_gatherHigh, v3);
            l0 = Avx512F.PermuteVar8x64x2(x01lo, s_joinLow, x23lo).AsVector();
            l1 = Avx512F.PermuteVar8x64x2(x01lo, s_joinHigh, x23lo).AsVector();
            l2 = Avx512F.PermuteVar8x64x2(x01hi, s_joinLow, x23hi).AsVector();
            l3 = Avx512F.PermuteVar8x64x2(x01hi, s_joinHigh, x23hi).AsVector();
        }
    }

    /// <summary>Writes four planes of limbs back as <see cref="Lanes"/> consecutive elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreLimbs(Felt* destination, Vector<ulong> l0, Vector<ulong> l1, Vector<ulong> l2, Vector<ulong> l3)
    {
        ulong* q = (ulong*)destination;
        if (Vector<ulong>.Count == 4)
        {
            Transpose4(l0.AsVector256(), l1.AsVector256(), l2.AsVector256(), l3.AsVector256(),
                out Vector256<ulong> w0, out Vector256<ulong> w1, out Vector256<ulong> w2, out Vector256<ulong> w3);
            w0.Store(q); w1.Store(q + 4); w2.Store(q + 8); w3.Store(q + 12);
        }
        else
        {
            Vector512<ulong> x01lo = Avx512F.PermuteVar8x64x2(l0.AsVector512(), s_joinLow, l1.AsVector512());
            Vector512<ulong> x23lo = Avx512F.PermuteVar8x64x2(l0.AsVector512(), s_joinHigh, l1.AsVector512());
            Vector512<ulong> x01hi = Avx512F.PermuteVar8x64x2(l2.AsVector512(), s_joinLow, l3.AsVector512());
            Vector512<ulong> x23hi = Avx512F.PermuteVar8x64x2(l2.AsVector512(), s_joinHigh, l3.AsVector512());
            Avx512F.PermuteVar8x64x2(x01lo, s_gatherLow, x01hi).Store(q);
            Avx512F.PermuteVar8x64x2(x01lo, s_gatherHigh, x01hi).Store(q + 8);
            Avx512F.PermuteVar8x64x2(x23lo, s_gatherLow, x23hi).Store(q + 16);
            Avx512F.PermuteVar8x64x2(x23lo, s_gatherHigh, x23hi).Store(q + 24);
        }
    }

    /// <summary>A 4×4 transposition of 64-bit words (its own inverse): element k's limb j ↔ plane j's lane k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(Vector256<ulong> v0, Vector256<ulong> v1, Vector256<ulong> v2, Vector256<ulong> v3,
        out Vector256<ulong> w0, out Vector256<ulong> w1, out Vector256<ulong> w2, out Vector256<ulong> w3)
    {
        Vector256<ulong> t0 = Avx2.UnpackLow(v0, v1), t1 = Avx2.UnpackHigh(v0, v1);
        Vector256<ulong> t2 = Avx2.UnpackLow(v2, v3), t3 = Avx2.UnpackHigh(v2, v3);
        w0 = Avx2.Permute2x128(t0, t2, 0x20);
        w1 = Avx2.Permute2x128(t1, t3, 0x20);
        w2 = Avx2.Permute2x128(t0, t2, 0x31);
        w3 = Avx2.Permute2x128(t1, t3, 0x31);
    }

    /// <summary>The Montgomery product x·y·2^−256 as normalised digits, a value in [0, 2p) for inputs in [0, p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Digits Product(in Digits x, in Digits y)
    {
        Vector<ulong> mask = Vector.Create<ulong>(0xFFFF_FFFFUL);
        Vector<ulong> a0 = x.D0, a1 = x.D1, a2 = x.D2, a3 = x.D3, a4 = x.D4, a5 = x.D5, a6 = x.D6, a7 = x.D7;
        Vector<ulong> b0 = y.D0, b1 = y.D1, b2 = y.D2, b3 = y.D3, b4 = y.D4, b5 = y.D5, b6 = y.D6, b7 = y.D7;
        // --- generated by scripts/generate-lane-product.py ---
        // Column k of the schoolbook product is Σ_{i+j=k} lo(a_i·b_j) + Σ_{i+j=k−1} hi(a_i·b_j). Round k of the
        // reduction runs as soon as column k is complete: m_k = −col_k mod 2^32 (−p⁻¹ ≡ −1 mod 2^32), and m_k·p adds
        // m_k at column k (clearing it), 17·m_k at column k + 6 and 2^27·m_k at column k + 7.
        Vector<ulong> col, next = Vector<ulong>.Zero, carry = Vector<ulong>.Zero, prod;
        // column 0
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a0, b0); col += prod & mask; next += prod >> 32;
        Vector<ulong> m0 = (Vector<ulong>.Zero - col) & mask;
        carry = (col + m0) >> 32;
        // column 1
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a0, b1); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a1, b0); col += prod & mask; next += prod >> 32;
        Vector<ulong> m1 = (Vector<ulong>.Zero - col) & mask;
        carry = (col + m1) >> 32;
        // column 2
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a0, b2); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a1, b1); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a2, b0); col += prod & mask; next += prod >> 32;
        Vector<ulong> m2 = (Vector<ulong>.Zero - col) & mask;
        carry = (col + m2) >> 32;
        // column 3
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a0, b3); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a1, b2); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a2, b1); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a3, b0); col += prod & mask; next += prod >> 32;
        Vector<ulong> m3 = (Vector<ulong>.Zero - col) & mask;
        carry = (col + m3) >> 32;
        // column 4
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a0, b4); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a1, b3); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a2, b2); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a3, b1); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a4, b0); col += prod & mask; next += prod >> 32;
        Vector<ulong> m4 = (Vector<ulong>.Zero - col) & mask;
        carry = (col + m4) >> 32;
        // column 5
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a0, b5); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a1, b4); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a2, b3); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a3, b2); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a4, b1); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a5, b0); col += prod & mask; next += prod >> 32;
        Vector<ulong> m5 = (Vector<ulong>.Zero - col) & mask;
        carry = (col + m5) >> 32;
        // column 6
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a0, b6); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a1, b5); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a2, b4); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a3, b3); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a4, b2); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a5, b1); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a6, b0); col += prod & mask; next += prod >> 32;
        col += (m0 << 4) + m0;
        Vector<ulong> m6 = (Vector<ulong>.Zero - col) & mask;
        carry = (col + m6) >> 32;
        // column 7
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a0, b7); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a1, b6); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a2, b5); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a3, b4); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a4, b3); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a5, b2); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a6, b1); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a7, b0); col += prod & mask; next += prod >> 32;
        col += (m1 << 4) + m1;
        col += m0 << 27;
        Vector<ulong> m7 = (Vector<ulong>.Zero - col) & mask;
        carry = (col + m7) >> 32;
        // column 8
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a1, b7); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a2, b6); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a3, b5); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a4, b4); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a5, b3); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a6, b2); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a7, b1); col += prod & mask; next += prod >> 32;
        col += (m2 << 4) + m2;
        col += m1 << 27;
        Vector<ulong> r0 = col & mask;
        carry = col >> 32;
        // column 9
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a2, b7); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a3, b6); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a4, b5); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a5, b4); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a6, b3); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a7, b2); col += prod & mask; next += prod >> 32;
        col += (m3 << 4) + m3;
        col += m2 << 27;
        Vector<ulong> r1 = col & mask;
        carry = col >> 32;
        // column 10
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a3, b7); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a4, b6); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a5, b5); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a6, b4); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a7, b3); col += prod & mask; next += prod >> 32;
        col += (m4 << 4) + m4;
        col += m3 << 27;
        Vector<ulong> r2 = col & mask;
        carry = col >> 32;
        // column 11
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a4, b7); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a5, b6); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a6, b5); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a7, b4); col += prod & mask; next += prod >> 32;
        col += (m5 << 4) + m5;
        col += m4 << 27;
        Vector<ulong> r3 = col & mask;
        carry = col >> 32;
        // column 12
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a5, b7); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a6, b6); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a7, b5); col += prod & mask; next += prod >> 32;
        col += (m6 << 4) + m6;
        col += m5 << 27;
        Vector<ulong> r4 = col & mask;
        carry = col >> 32;
        // column 13
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a6, b7); col += prod & mask; next += prod >> 32;
        prod = MultiplyDigits(a7, b6); col += prod & mask; next += prod >> 32;
        col += (m7 << 4) + m7;
        col += m6 << 27;
        Vector<ulong> r5 = col & mask;
        carry = col >> 32;
        // column 14
        col = next + carry; next = Vector<ulong>.Zero;
        prod = MultiplyDigits(a7, b7); col += prod & mask; next += prod >> 32;
        col += m7 << 27;
        Vector<ulong> r6 = col & mask;
        carry = col >> 32;
        // column 15
        col = next + carry; next = Vector<ulong>.Zero;
        Vector<ulong> r7 = col & mask;
        carry = col >> 32;
        // --- end of generated code ---
        return new Digits(r0, r1, r2, r3, r4, r5, r6, r7);
    }

    /// <summary>Eight 32-bit digits of every lane's element (each in a 64-bit lane), least significant first.</summary>
    private readonly struct Digits(Vector<ulong> d0, Vector<ulong> d1, Vector<ulong> d2, Vector<ulong> d3, Vector<ulong> d4, Vector<ulong> d5, Vector<ulong> d6, Vector<ulong> d7)
    {
        public readonly Vector<ulong> D0 = d0, D1 = d1, D2 = d2, D3 = d3, D4 = d4, D5 = d5, D6 = d6, D7 = d7;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Digits Load(Felt* source)
        {
            LoadLimbs(source, out Vector<ulong> l0, out Vector<ulong> l1, out Vector<ulong> l2, out Vector<ulong> l3);
            Vector<ulong> mask = Vector.Create<ulong>(0xFFFF_FFFFUL);
            return new Digits(l0 & mask, l0 >> 32, l1 & mask, l1 >> 32, l2 & mask, l2 >> 32, l3 & mask, l3 >> 32);
        }

        /// <summary>Packs digit pairs back into limbs and writes the elements; the digits must be normalised and the value below p.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(Felt* destination) =>
            StoreLimbs(destination, D0 | (D1 << 32), D2 | (D3 << 32), D4 | (D5 << 32), D6 | (D7 << 32));

        /// <summary>u + v, normalised; a value in [0, 2p) for inputs in [0, p) (follow with <see cref="Reduce"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Digits Add(in Digits u, in Digits v)
        {
            Vector<ulong> mask = Vector.Create<ulong>(0xFFFF_FFFFUL);
            Vector<ulong> t = u.D0 + v.D0;
            Vector<ulong> s0 = t & mask; t = (t >> 32) + u.D1 + v.D1;
            Vector<ulong> s1 = t & mask; t = (t >> 32) + u.D2 + v.D2;
            Vector<ulong> s2 = t & mask; t = (t >> 32) + u.D3 + v.D3;
            Vector<ulong> s3 = t & mask; t = (t >> 32) + u.D4 + v.D4;
            Vector<ulong> s4 = t & mask; t = (t >> 32) + u.D5 + v.D5;
            Vector<ulong> s5 = t & mask; t = (t >> 32) + u.D6 + v.D6;
            Vector<ulong> s6 = t & mask; t = (t >> 32) + u.D7 + v.D7;
            return new Digits(s0, s1, s2, s3, s4, s5, s6, t);
        }

        /// <summary>
        /// u − v mod p for inputs in [0, p): u + ¬v + 1 over 256 bits, whose carry out is 1 exactly when u ≥ v; where it is
        /// 0 the difference wrapped, and p is added back.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Digits Sub(in Digits u, in Digits v)
        {
            Vector<ulong> mask = Vector.Create<ulong>(0xFFFF_FFFFUL);
            Vector<ulong> t = u.D0 + (mask - v.D0) + Vector.Create<ulong>(1);
            Vector<ulong> d0 = t & mask; t = (t >> 32) + u.D1 + (mask - v.D1);
            Vector<ulong> d1 = t & mask; t = (t >> 32) + u.D2 + (mask - v.D2);
            Vector<ulong> d2 = t & mask; t = (t >> 32) + u.D3 + (mask - v.D3);
            Vector<ulong> d3 = t & mask; t = (t >> 32) + u.D4 + (mask - v.D4);
            Vector<ulong> d4 = t & mask; t = (t >> 32) + u.D5 + (mask - v.D5);
            Vector<ulong> d5 = t & mask; t = (t >> 32) + u.D6 + (mask - v.D6);
            Vector<ulong> d6 = t & mask; t = (t >> 32) + u.D7 + (mask - v.D7);
            Vector<ulong> d7 = t & mask;
            // wrapped: all ones where u < v (carry out 0); then add p's digits there.
            Vector<ulong> wrapped = (t >> 32) - Vector.Create<ulong>(1);
            t = d0 + (wrapped & Vector.Create<ulong>(1));
            d0 = t & mask; t = (t >> 32) + d1;
            d1 = t & mask; t = (t >> 32) + d2;
            d2 = t & mask; t = (t >> 32) + d3;
            d3 = t & mask; t = (t >> 32) + d4;
            d4 = t & mask; t = (t >> 32) + d5;
            d5 = t & mask; t = (t >> 32) + d6 + (wrapped & Vector.Create<ulong>(17));
            d6 = t & mask; t = (t >> 32) + d7 + (wrapped & Vector.Create<ulong>(1UL << 27));
            return new Digits(d0, d1, d2, d3, d4, d5, d6, t & mask);
        }

        /// <summary>
        /// Maps normalised digits of a value in [0, 2p) to [0, p): e = d + ¬p + 1 has carry out 1 exactly when d ≥ p, and
        /// then e = d − p is kept.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Digits Reduce()
        {
            Vector<ulong> mask = Vector.Create<ulong>(0xFFFF_FFFFUL);
            // ¬p + 1 in digits: (2^32 − 1, 2^32 − 1, …, 2^32 − 1 − 17, 2^32 − 1 − 2^27), the +1 folded into digit 0's ¬1 = 2^32 − 2.
            Vector<ulong> t = D0 + mask;
            Vector<ulong> e0 = t & mask; t = (t >> 32) + D1 + mask;
            Vector<ulong> e1 = t & mask; t = (t >> 32) + D2 + mask;
            Vector<ulong> e2 = t & mask; t = (t >> 32) + D3 + mask;
            Vector<ulong> e3 = t & mask; t = (t >> 32) + D4 + mask;
            Vector<ulong> e4 = t & mask; t = (t >> 32) + D5 + mask;
            Vector<ulong> e5 = t & mask; t = (t >> 32) + D6 + Vector.Create<ulong>(0xFFFF_FFFFUL - 17);
            Vector<ulong> e6 = t & mask; t = (t >> 32) + D7 + Vector.Create<ulong>(0xFFFF_FFFFUL - (1UL << 27));
            Vector<ulong> e7 = t & mask;
            Vector<ulong> atLeastP = Vector<ulong>.Zero - (t >> 32);
            return new Digits(
                Vector.ConditionalSelect(atLeastP, e0, D0), Vector.ConditionalSelect(atLeastP, e1, D1), Vector.ConditionalSelect(atLeastP, e2, D2),
                Vector.ConditionalSelect(atLeastP, e3, D3), Vector.ConditionalSelect(atLeastP, e4, D4), Vector.ConditionalSelect(atLeastP, e5, D5),
                Vector.ConditionalSelect(atLeastP, e6, D6), Vector.ConditionalSelect(atLeastP, e7, D7));
        }
    }
}
