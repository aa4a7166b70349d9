using System.Runtime.CompilerServices;
using ILGPU;

namespace Zetina.Gpu.Kernels.Field;

/// <summary>
/// A Stark252 element inside a kernel: the same Montgomery value as <c>Zetina.Stark.Field.Felt</c>
/// (x·R mod p, R = 2^256, fully reduced to [0, p)), held as eight little-endian 32-bit limbs X0..X7.
/// </summary>
/// <remarks>
/// In device memory an element is eight consecutive <see cref="uint"/>s, which are byte for byte the
/// four little-endian <see cref="ulong"/> limbs of a host <c>Felt</c>, so a <c>Span&lt;Felt&gt;</c> is
/// uploaded as it lies. 32-bit limbs because GPUs multiply 32×32→64 natively and ILGPU has no 64×64→128
/// intrinsic; p = 2^251 + 17·2^192 + 1 in 32-bit limbs is (1, 0, 0, 0, 0, 0, 0x11, 0x08000000).
/// Nothing here branches on secret data except the final conditional subtraction; not constant-time.
/// </remarks>
public struct DeviceFelt
{
    /// <summary>Limb 6 of p (17, from 17·2^192).</summary>
    public const uint P6 = 0x11;

    /// <summary>Limb 7 of p (2^251 = 2^27 · 2^224).</summary>
    public const uint P7 = 0x08000000;

    /// <summary>The limbs, least significant first.</summary>
    public uint X0, X1, X2, X3, X4, X5, X6, X7;

    /// <summary>Builds an element from limbs; the caller guarantees the value is below p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public DeviceFelt(uint x0, uint x1, uint x2, uint x3, uint x4, uint x5, uint x6, uint x7)
    {
        X0 = x0; X1 = x1; X2 = x2; X3 = x3; X4 = x4; X5 = x5; X6 = x6; X7 = x7;
    }

    /// <summary>Reads element <paramref name="index"/> (limbs 8·index … 8·index+7) of a device array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DeviceFelt Load(ArrayView<uint> view, long index)
    {
        long o = index * 8;
        return new DeviceFelt(view[o], view[o + 1], view[o + 2], view[o + 3],
            view[o + 4], view[o + 5], view[o + 6], view[o + 7]);
    }

    /// <summary>Writes <paramref name="value"/> as element <paramref name="index"/> of a device array.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ArrayView<uint> view, long index, DeviceFelt value)
    {
        long o = index * 8;
        view[o] = value.X0; view[o + 1] = value.X1; view[o + 2] = value.X2; view[o + 3] = value.X3;
        view[o + 4] = value.X4; view[o + 5] = value.X5; view[o + 6] = value.X6; view[o + 7] = value.X7;
    }

    /// <summary>
    /// a + b mod p. Inputs and output in [0, p); a + b &lt; 2p &lt; 2^253 stays in eight limbs, one
    /// conditional subtraction reduces it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DeviceFelt Add(DeviceFelt a, DeviceFelt b)
    {
        ulong s = (ulong)a.X0 + b.X0; uint r0 = (uint)s;
        s = (s >> 32) + a.X1 + b.X1; uint r1 = (uint)s;
        s = (s >> 32) + a.X2 + b.X2; uint r2 = (uint)s;
        s = (s >> 32) + a.X3 + b.X3; uint r3 = (uint)s;
        s = (s >> 32) + a.X4 + b.X4; uint r4 = (uint)s;
        s = (s >> 32) + a.X5 + b.X5; uint r5 = (uint)s;
        s = (s >> 32) + a.X6 + b.X6; uint r6 = (uint)s;
        s = (s >> 32) + a.X7 + b.X7; uint r7 = (uint)s;
        return ReduceOnce(r0, r1, r2, r3, r4, r5, r6, r7);
    }

    /// <summary>a − b mod p. Inputs and output in [0, p).</summary>
    /// <remarks>Computes a − b over 2^256; on borrow adds p back (the wrap-around of 2^256 cancels).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DeviceFelt Sub(DeviceFelt a, DeviceFelt b)
    {
        // Each step: d = a_i − b_i − borrow as a 64-bit two's complement; borrow = its sign bit.
        ulong d = (ulong)a.X0 - b.X0; uint r0 = (uint)d; ulong br = d >> 63;
        d = (ulong)a.X1 - b.X1 - br; uint r1 = (uint)d; br = d >> 63;
        d = (ulong)a.X2 - b.X2 - br; uint r2 = (uint)d; br = d >> 63;
        d = (ulong)a.X3 - b.X3 - br; uint r3 = (uint)d; br = d >> 63;
        d = (ulong)a.X4 - b.X4 - br; uint r4 = (uint)d; br = d >> 63;
        d = (ulong)a.X5 - b.X5 - br; uint r5 = (uint)d; br = d >> 63;
        d = (ulong)a.X6 - b.X6 - br; uint r6 = (uint)d; br = d >> 63;
        d = (ulong)a.X7 - b.X7 - br; uint r7 = (uint)d; br = d >> 63;
        if (br != 0)
        {
            // + p = + 1 + 17·2^192 + 2^251.
            ulong s = (ulong)r0 + 1; r0 = (uint)s;
            s = (s >> 32) + r1; r1 = (uint)s;
            s = (s >> 32) + r2; r2 = (uint)s;
            s = (s >> 32) + r3; r3 = (uint)s;
            s = (s >> 32) + r4; r4 = (uint)s;
            s = (s >> 32) + r5; r5 = (uint)s;
            s = (s >> 32) + r6 + P6; r6 = (uint)s;
            r7 = (uint)((s >> 32) + r7 + P7);
        }
        return new DeviceFelt(r0, r1, r2, r3, r4, r5, r6, r7);
    }

    /// <summary>
    /// Montgomery product a·b·R⁻¹ mod p (R = 2^256): the field product of the represented values, bit for
    /// bit the same limbs as <c>Felt.Mul</c>. Inputs and output in [0, p).
    /// </summary>
    /// <remarks>
    /// CIOS (Koç, Acar, Kaliski 1996) on eight 32-bit words in the "no-carry" form, valid because p's top
    /// word 0x08000000 is below (2^32 − 1)/2 − 1 (gnark-crypto's note on faster Montgomery multiplication).
    /// p ≡ 1 mod 2^32 gives −p⁻¹ mod 2^32 = −1, so the quotient digit is m = −t₀, and t₀ + m·p₀ has low word
    /// 0 and carry [t₀ ≠ 0]. p₁…p₅ = 0 leave only carries in those columns. Every 64-bit step
    /// a·b + t + c is at most (2^32−1)² + 2(2^32−1) = 2^64 − 1, so nothing overflows.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DeviceFelt Mul(DeviceFelt a, DeviceFelt b)
    {
        DeviceFelt t = default;
        t = Round(a, b.X0, t);
        t = Round(a, b.X1, t);
        t = Round(a, b.X2, t);
        t = Round(a, b.X3, t);
        t = Round(a, b.X4, t);
        t = Round(a, b.X5, t);
        t = Round(a, b.X6, t);
        t = Round(a, b.X7, t);
        return ReduceOnce(t.X0, t.X1, t.X2, t.X3, t.X4, t.X5, t.X6, t.X7);
    }

    /// <summary>a² mod p (Montgomery). Input and output in [0, p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DeviceFelt Square(DeviceFelt a) => Mul(a, a);

    /// <summary>
    /// The canonical value x of x·R (MontMul by 1), still as eight limbs; used where bytes leave the field
    /// (hash input).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static DeviceFelt ToCanonical(DeviceFelt a) => Mul(a, new DeviceFelt(1, 0, 0, 0, 0, 0, 0, 0));

    /// <summary>
    /// One CIOS round: t ← (t + a·bᵢ + m·p) / 2^32 with m = −(t₀ + a₀·bᵢ) mod 2^32. Input t &lt; 2p,
    /// output &lt; 2p.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DeviceFelt Round(DeviceFelt a, uint bi, DeviceFelt t)
    {
        // Row j: (A, u_j) = t_j + a_j·bᵢ + A; then (C, t'_{j−1}) = u_j + m·p_j + C.
        ulong s = (ulong)a.X0 * bi + t.X0; uint u = (uint)s; ulong A = s >> 32;
        uint m = 0u - u;
        ulong C = u != 0 ? 1UL : 0UL;                              // j = 0: u + m·1 = 0 (mod 2^32)
        s = (ulong)a.X1 * bi + t.X1 + A; u = (uint)s; A = s >> 32;
        s = u + C; uint n0 = (uint)s; C = s >> 32;                 // j = 1: p₁ = 0
        s = (ulong)a.X2 * bi + t.X2 + A; u = (uint)s; A = s >> 32;
        s = u + C; uint n1 = (uint)s; C = s >> 32;                 // j = 2: p₂ = 0
        s = (ulong)a.X3 * bi + t.X3 + A; u = (uint)s; A = s >> 32;
        s = u + C; uint n2 = (uint)s; C = s >> 32;                 // j = 3: p₃ = 0
        s = (ulong)a.X4 * bi + t.X4 + A; u = (uint)s; A = s >> 32;
        s = u + C; uint n3 = (uint)s; C = s >> 32;                 // j = 4: p₄ = 0
        s = (ulong)a.X5 * bi + t.X5 + A; u = (uint)s; A = s >> 32;
        s = u + C; uint n4 = (uint)s; C = s >> 32;                 // j = 5: p₅ = 0
        s = (ulong)a.X6 * bi + t.X6 + A; u = (uint)s; A = s >> 32;
        s = (ulong)m * P6 + u + C; uint n5 = (uint)s; C = s >> 32; // j = 6: p₆ = 17
        s = (ulong)a.X7 * bi + t.X7 + A; u = (uint)s; A = s >> 32;
        s = (ulong)m * P7 + u + C; uint n6 = (uint)s; C = s >> 32; // j = 7: p₇ = 2^27
        uint n7 = (uint)(C + A);
        return new DeviceFelt(n0, n1, n2, n3, n4, n5, n6, n7);
    }

    /// <summary>Maps an eight-limb value in [0, 2p) to [0, p) by one conditional subtraction of p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static DeviceFelt ReduceOnce(uint r0, uint r1, uint r2, uint r3, uint r4, uint r5, uint r6, uint r7)
    {
        // r ≥ p ⇔ (r7, r6) > (P7, P6), or (r7, r6) == (P7, P6) and the low six limbs are ≥ 1 (p's are 1, 0…0).
        ulong top = ((ulong)r7 << 32) | r6;
        const ulong PTop = ((ulong)P7 << 32) | P6;
        bool ge = top > PTop || (top == PTop && (r0 | r1 | r2 | r3 | r4 | r5) != 0);
        if (ge)
        {
            // r − p = r − 1 − P6·2^192 − P7·2^224.
            ulong d = (ulong)r0 - 1; r0 = (uint)d; ulong br = d >> 63;
            d = (ulong)r1 - br; r1 = (uint)d; br = d >> 63;
            d = (ulong)r2 - br; r2 = (uint)d; br = d >> 63;
            d = (ulong)r3 - br; r3 = (uint)d; br = d >> 63;
            d = (ulong)r4 - br; r4 = (uint)d; br = d >> 63;
            d = (ulong)r5 - br; r5 = (uint)d; br = d >> 63;
            d = (ulong)r6 - P6 - br; r6 = (uint)d; br = d >> 63;
            r7 = (uint)((ulong)r7 - P7 - br);
        }
        return new DeviceFelt(r0, r1, r2, r3, r4, r5, r6, r7);
    }
}
