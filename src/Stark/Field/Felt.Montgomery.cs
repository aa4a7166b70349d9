using System.Runtime.CompilerServices;

namespace Zetina.Stark.Field;

public readonly partial struct Felt
{
    /// <summary>a + b mod p. Inputs and output in [0, p).</summary>
    /// <remarks>a + b &lt; 2p &lt; 2^253, so the sum never leaves four limbs; one conditional subtraction reduces it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt Add(in Felt a, in Felt b)
    {
        ulong c;
        ulong r0 = a.L0 + b.L0; c = r0 < a.L0 ? 1UL : 0UL;
        ulong t1 = a.L1 + c; ulong c1 = t1 < c ? 1UL : 0UL; ulong r1 = t1 + b.L1; c = c1 | (r1 < t1 ? 1UL : 0UL);
        ulong t2 = a.L2 + c; ulong c2 = t2 < c ? 1UL : 0UL; ulong r2 = t2 + b.L2; c = c2 | (r2 < t2 ? 1UL : 0UL);
        ulong r3 = a.L3 + b.L3 + c;
        // Masked (ReduceOnceCt), not branched: a sum lands in [p, 2p) half the time, a coin toss the predictor loses.
        return ReduceOnceCt(r0, r1, r2, r3);
    }

    /// <summary>a − b mod p. Inputs and output in [0, p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt Sub(in Felt a, in Felt b)
    {
        ulong r0 = a.L0 - b.L0; ulong br = a.L0 < b.L0 ? 1UL : 0UL;
        ulong t = a.L1 - b.L1; ulong bn = a.L1 < b.L1 ? 1UL : 0UL; ulong r1 = t - br; br = bn | (t < br ? 1UL : 0UL);
        t = a.L2 - b.L2; bn = a.L2 < b.L2 ? 1UL : 0UL; ulong r2 = t - br; br = bn | (t < br ? 1UL : 0UL);
        t = a.L3 - b.L3; bn = a.L3 < b.L3 ? 1UL : 0UL; ulong r3 = t - br; br = bn | (t < br ? 1UL : 0UL);
        // Went below zero: add p = 1 + P3·2^192 (the wrap-around of 2^256 cancels). Masked rather than branched:
        // on random operands the branch is a coin toss the predictor loses half the time.
        ulong mask = 0UL - br;
        ulong s0 = r0 + (mask & 1UL); ulong c = s0 < r0 ? 1UL : 0UL;
        r1 += c; c = r1 < c ? 1UL : 0UL;
        r2 += c; c = r2 < c ? 1UL : 0UL;
        r3 += (mask & P3) + c;
        r0 = s0;
        return new Felt(r0, r1, r2, r3);
    }

    /// <summary>−a mod p. Input and output in [0, p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt Neg(in Felt a) => a.IsZero ? a : Sub(default, a);

    /// <summary>2a mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Felt Double() => Add(this, this);

    /// <summary>
    /// Montgomery product a·b·R⁻¹ mod p, which is the field product of the represented values.
    /// Inputs and output in [0, p).
    /// </summary>
    /// <remarks>
    /// CIOS Montgomery multiplication (Koç, Acar, Kaliski 1996, Alg. "CIOS") in its "no-carry" form, valid
    /// because p's top limb is below 2^63 − 1 (Gautam Botrel et al., gnark-crypto's note on faster
    /// Montgomery multiplication). p's shape shortens each round further: −p⁻¹ mod 2^64 = −1, so the
    /// quotient digit is m = −t₀; p₀ = 1 makes the low word of m·p₀ + t₀ zero with carry [t₀ ≠ 0];
    /// p₁ = p₂ = 0 remove two multiplications. Four rounds of four multiplications plus one for m·p₃.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt Mul(in Felt a, in Felt b)
    {
        MontgomeryProduct(a, b, out ulong t0, out ulong t1, out ulong t2, out ulong t3);
        return ReduceOnce(t0, t1, t2, t3);
    }

    /// <summary>
    /// The four CIOS rounds shared by <see cref="Mul"/> and the constant-time product: a·b·R⁻¹ as four limbs
    /// in [0, 2p), before the final reduction. Branch-free.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MontgomeryProduct(in Felt a, in Felt b, out ulong t0, out ulong t1, out ulong t2, out ulong t3)
    {
        ulong a0 = a.L0, a1 = a.L1, a2 = a.L2, a3 = a.L3;
        t0 = 0; t1 = 0; t2 = 0; t3 = 0;
        Round(a0, a1, a2, a3, b.L0, ref t0, ref t1, ref t2, ref t3);
        Round(a0, a1, a2, a3, b.L1, ref t0, ref t1, ref t2, ref t3);
        Round(a0, a1, a2, a3, b.L2, ref t0, ref t1, ref t2, ref t3);
        Round(a0, a1, a2, a3, b.L3, ref t0, ref t1, ref t2, ref t3);
    }

    /// <summary>a² mod p (Montgomery). Input and output in [0, p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Felt Square(in Felt a) => Mul(a, a);

    /// <summary>This value squared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Felt Square() => Mul(this, this);

    /// <summary>One CIOS round: t += a·bᵢ, then one Montgomery reduction step, t /= 2^64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ulong a0, ulong a1, ulong a2, ulong a3, ulong bi,
        ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3)
    {
        ulong A, hi, lo;
        hi = MulWide(a0, bi, out lo); lo += t0; A = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        hi = MulWide(a1, bi, out lo); lo += t1; hi += lo < t1 ? 1UL : 0UL; lo += A; A = hi + (lo < A ? 1UL : 0UL); t1 = lo;
        hi = MulWide(a2, bi, out lo); lo += t2; hi += lo < t2 ? 1UL : 0UL; lo += A; A = hi + (lo < A ? 1UL : 0UL); t2 = lo;
        hi = MulWide(a3, bi, out lo); lo += t3; hi += lo < t3 ? 1UL : 0UL; lo += A; A = hi + (lo < A ? 1UL : 0UL); t3 = lo;
        Reduce(ref t0, ref t1, ref t2, ref t3, A);
    }

    /// <summary>
    /// One reduction step of the no-carry CIOS: with m = −t₀ mod 2^64, (t + m·p) / 2^64, where the
    /// high word A of the product row becomes the new top limb.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce(ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3, ulong A)
    {
        ulong m = 0UL - t0;
        ulong C = t0 != 0 ? 1UL : 0UL;          // hi(m·1 + t₀)
        ulong s = t1 + C; C = s < C ? 1UL : 0UL; t0 = s;   // j = 1: p₁ = 0
        s = t2 + C; C = s < C ? 1UL : 0UL; t1 = s;         // j = 2: p₂ = 0
        ulong hi = MulWide(m, P3, out ulong lo);       // j = 3
        lo += t3; hi += lo < t3 ? 1UL : 0UL;
        lo += C; hi += lo < C ? 1UL : 0UL;
        t2 = lo;
        t3 = hi + A;
    }

    /// <summary>The 128-bit product a·b as (high, low).</summary>
    /// <remarks>
    /// Through <see cref="Math.BigMul(ulong, ulong, out ulong)"/>, one <c>mulx</c>. Not the <see cref="UInt128"/>-returning
    /// overload: the native-AOT compiler leaves <c>UInt128 &gt;&gt; 64</c> as a call (7.6% of <c>zetina bench field</c>'s
    /// time under <c>perf</c>), where the JIT inlined it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulWide(ulong a, ulong b, out ulong lo) => Math.BigMul(a, b, out lo);

    /// <summary>Maps a four-limb value in [0, 2p) to [0, p) by one conditional subtraction of p.</summary>
    /// <remarks>
    /// Branched: a Montgomery product lands in [p, 2p) only about 3% of the time (it is below p + p/32 for inputs
    /// below p), so the branch is nearly always predicted and costs less than a masked select on the dependency chain
    /// (measured: 32.7 against 41.4 ns a product in a dependent chain).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Felt ReduceOnce(ulong r0, ulong r1, ulong r2, ulong r3)
    {
        // r ≥ p  ⇔  r3 > P3, or r3 == P3 and (r0|r1|r2) ≥ 1 (since p's low limbs are 1, 0, 0).
        if (r3 > P3 || (r3 == P3 && (r0 | r1 | r2) != 0))
        {
            // r − p = r − 1 − P3·2^192.
            ulong b = r0 == 0 ? 1UL : 0UL; r0 -= 1;
            ulong nb = (r1 == 0 && b == 1) ? 1UL : 0UL; r1 -= b; b = nb;
            nb = (r2 == 0 && b == 1) ? 1UL : 0UL; r2 -= b; b = nb;
            r3 = r3 - P3 - b;
        }
        return new Felt(r0, r1, r2, r3);
    }

    /// <summary>
    /// Converts canonical limbs (a number below p) into Montgomery form: x·R = MontMul(x, R² mod p).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Felt FromCanonicalUnchecked(ulong x0, ulong x1, ulong x2, ulong x3) =>
        Mul(new Felt(x0, x1, x2, x3), s_r2);

    /// <summary>Writes the canonical value x (not x·R) as four little-endian limbs: MontMul(x·R, 1).</summary>
    /// <remarks>
    /// MontMul(x·R, 1) is four CIOS rounds whose products a·bᵢ are x, then 0, 0, 0: what remains are the four reduction
    /// steps on t = x·R, four multiplications instead of twenty (Merkle leaves convert every committed value).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ToCanonical(out ulong x0, out ulong x1, out ulong x2, out ulong x3)
    {
        ulong t0 = L0, t1 = L1, t2 = L2, t3 = L3;
        Reduce(ref t0, ref t1, ref t2, ref t3, 0);
        Reduce(ref t0, ref t1, ref t2, ref t3, 0);
        Reduce(ref t0, ref t1, ref t2, ref t3, 0);
        Reduce(ref t0, ref t1, ref t2, ref t3, 0);
        Felt c = ReduceOnce(t0, t1, t2, t3);
        x0 = c.L0; x1 = c.L1; x2 = c.L2; x3 = c.L3;
    }

    /// <summary>The small integer <paramref name="value"/> as a field element.</summary>
    /// <remarks>
    /// MontMul(value, R² mod p) with a one-limb operand: each CIOS round adds value·r_i at limb 0 — one product and a
    /// carry instead of four products — before its reduction step. Eight multiplications instead of twenty, the same
    /// limbs as <see cref="Mul"/> of (value, 0, 0, 0) by R² (the trace builder converts every small cell).
    /// </remarks>
    public static Felt FromUInt64(ulong value)
    {
        ulong t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        OneLimbRound(value, s_r2.L0, ref t0, ref t1, ref t2, ref t3);
        OneLimbRound(value, s_r2.L1, ref t0, ref t1, ref t2, ref t3);
        OneLimbRound(value, s_r2.L2, ref t0, ref t1, ref t2, ref t3);
        OneLimbRound(value, s_r2.L3, ref t0, ref t1, ref t2, ref t3);
        return ReduceOnce(t0, t1, t2, t3);
    }

    /// <summary><see cref="Round"/> with a = (a0, 0, 0, 0): t += a0·bᵢ, the carry run up the limbs, one reduction step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OneLimbRound(ulong a0, ulong bi, ref ulong t0, ref ulong t1, ref ulong t2, ref ulong t3)
    {
        ulong hi = MulWide(a0, bi, out ulong lo);
        lo += t0; ulong c = hi + (lo < t0 ? 1UL : 0UL); t0 = lo;
        t1 += c; c = t1 < c ? 1UL : 0UL;
        t2 += c; c = t2 < c ? 1UL : 0UL;
        t3 += c; ulong A = t3 < c ? 1UL : 0UL;
        Reduce(ref t0, ref t1, ref t2, ref t3, A);
    }
}
