using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Zetina.Stark.Hashing;

// Keccak-f[1600] over several independent states at once, one state per SIMD element ("lane-sliced"): lane (x, y)
// of every state sits in one vector, so each step of the scalar round becomes the same vector operation.
// Written by scripts/generate-keccak-lanes.py from one template for both widths; edit that, not this file.
public static partial class KeccakF1600
{
    /// <summary>
    /// Applies Keccak-f[1600] in place to four independent states: <paramref name="states25"/>[i] holds lane i
    /// (x + 5y order) of all four, state j in vector element j. Equal, state by state, to <see cref="Permute(Span{ulong})"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The span does not hold exactly 25 vectors.</exception>
    public static void Permute(Span<Vector256<ulong>> states25)
    {
        if (states25.Length != 25) throw new ArgumentException($"Keccak-f[1600] state is 25 lanes, got {states25.Length}", nameof(states25));
        Permute256(ref MemoryMarshal.GetReference(states25));
    }

    /// <summary>
    /// Applies Keccak-f[1600] in place to eight independent states, laid out as in
    /// <see cref="Permute(Span{Vector256{ulong}})"/>. Fast only where <see cref="Vector512.IsHardwareAccelerated"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The span does not hold exactly 25 vectors.</exception>
    public static void Permute(Span<Vector512<ulong>> states25)
    {
        if (states25.Length != 25) throw new ArgumentException($"Keccak-f[1600] state is 25 lanes, got {states25.Length}", nameof(states25));
        Permute512(ref MemoryMarshal.GetReference(states25));
    }

    /// <summary>
    /// Rotation left by a constant: one <c>vprolq</c> where AVX-512VL is present (the JIT on an AVX-512 CPU, an
    /// x86-64-v4 build), otherwise two shifts and an OR (AVX2 has no 64-bit rotate).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Rol(Vector256<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.RotateLeft(x, n) : (x << n) | (x >>> (64 - n));

    /// <summary>Rotation left by a constant: one <c>vprolq</c> where AVX-512F is present, otherwise shifts and an OR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> Rol(Vector512<ulong> x, [ConstantExpected(Min = 1, Max = 63)] byte n) =>
        Avx512F.IsSupported ? Avx512F.RotateLeft(x, n) : (x << n) | (x >>> (64 - n));

    /// <summary>The permutation on four states (25 vectors from <paramref name="s"/>); the caller guarantees the length.</summary>
    [SkipLocalsInit]
    internal static void Permute256(ref Vector256<ulong> s)
    {
        Vector256<ulong> a00 = s, a01 = Unsafe.Add(ref s, 1), a02 = Unsafe.Add(ref s, 2), a03 = Unsafe.Add(ref s, 3), a04 = Unsafe.Add(ref s, 4);
        Vector256<ulong> a05 = Unsafe.Add(ref s, 5), a06 = Unsafe.Add(ref s, 6), a07 = Unsafe.Add(ref s, 7), a08 = Unsafe.Add(ref s, 8), a09 = Unsafe.Add(ref s, 9);
        Vector256<ulong> a10 = Unsafe.Add(ref s, 10), a11 = Unsafe.Add(ref s, 11), a12 = Unsafe.Add(ref s, 12), a13 = Unsafe.Add(ref s, 13), a14 = Unsafe.Add(ref s, 14);
        Vector256<ulong> a15 = Unsafe.Add(ref s, 15), a16 = Unsafe.Add(ref s, 16), a17 = Unsafe.Add(ref s, 17), a18 = Unsafe.Add(ref s, 18), a19 = Unsafe.Add(ref s, 19);
        Vector256<ulong> a20 = Unsafe.Add(ref s, 20), a21 = Unsafe.Add(ref s, 21), a22 = Unsafe.Add(ref s, 22), a23 = Unsafe.Add(ref s, 23), a24 = Unsafe.Add(ref s, 24);

        ReadOnlySpan<ulong> rc = RoundConstants;
        for (int round = 0; round < 24; round++)
        {
            // θ: C[x] = ⊕_y A[x, y];  D[x] = C[x−1] ⊕ rot(C[x+1], 1).
            Vector256<ulong> c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            Vector256<ulong> c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            Vector256<ulong> c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            Vector256<ulong> c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            Vector256<ulong> c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            Vector256<ulong> d0 = c4 ^ Rol(c1, 1);
            Vector256<ulong> d1 = c0 ^ Rol(c2, 1);
            Vector256<ulong> d2 = c1 ^ Rol(c3, 1);
            Vector256<ulong> d3 = c2 ^ Rol(c4, 1);
            Vector256<ulong> d4 = c3 ^ Rol(c0, 1);

            // ρ and π: B[y, 2x + 3y] = rot(A[x, y] ⊕ D[x], r[x, y]).
            Vector256<ulong> b00 = a00 ^ d0;
            Vector256<ulong> b10 = Rol(a01 ^ d1, 1);
            Vector256<ulong> b20 = Rol(a02 ^ d2, 62);
            Vector256<ulong> b05 = Rol(a03 ^ d3, 28);
            Vector256<ulong> b15 = Rol(a04 ^ d4, 27);
            Vector256<ulong> b16 = Rol(a05 ^ d0, 36);
            Vector256<ulong> b01 = Rol(a06 ^ d1, 44);
            Vector256<ulong> b11 = Rol(a07 ^ d2, 6);
            Vector256<ulong> b21 = Rol(a08 ^ d3, 55);
            Vector256<ulong> b06 = Rol(a09 ^ d4, 20);
            Vector256<ulong> b07 = Rol(a10 ^ d0, 3);
            Vector256<ulong> b17 = Rol(a11 ^ d1, 10);
            Vector256<ulong> b02 = Rol(a12 ^ d2, 43);
            Vector256<ulong> b12 = Rol(a13 ^ d3, 25);
            Vector256<ulong> b22 = Rol(a14 ^ d4, 39);
            Vector256<ulong> b23 = Rol(a15 ^ d0, 41);
            Vector256<ulong> b08 = Rol(a16 ^ d1, 45);
            Vector256<ulong> b18 = Rol(a17 ^ d2, 15);
            Vector256<ulong> b03 = Rol(a18 ^ d3, 21);
            Vector256<ulong> b13 = Rol(a19 ^ d4, 8);
            Vector256<ulong> b14 = Rol(a20 ^ d0, 18);
            Vector256<ulong> b24 = Rol(a21 ^ d1, 2);
            Vector256<ulong> b09 = Rol(a22 ^ d2, 61);
            Vector256<ulong> b19 = Rol(a23 ^ d3, 56);
            Vector256<ulong> b04 = Rol(a24 ^ d4, 14);

            // χ: A[x, y] = B[x, y] ⊕ (¬B[x+1, y] ∧ B[x+2, y]);  ι: A[0, 0] ⊕= RC[round].
            a00 = b00 ^ Vector256.AndNot(b02, b01) ^ Vector256.Create(rc[round]);
            a01 = b01 ^ Vector256.AndNot(b03, b02);
            a02 = b02 ^ Vector256.AndNot(b04, b03);
            a03 = b03 ^ Vector256.AndNot(b00, b04);
            a04 = b04 ^ Vector256.AndNot(b01, b00);
            a05 = b05 ^ Vector256.AndNot(b07, b06);
            a06 = b06 ^ Vector256.AndNot(b08, b07);
            a07 = b07 ^ Vector256.AndNot(b09, b08);
            a08 = b08 ^ Vector256.AndNot(b05, b09);
            a09 = b09 ^ Vector256.AndNot(b06, b05);
            a10 = b10 ^ Vector256.AndNot(b12, b11);
            a11 = b11 ^ Vector256.AndNot(b13, b12);
            a12 = b12 ^ Vector256.AndNot(b14, b13);
            a13 = b13 ^ Vector256.AndNot(b10, b14);
            a14 = b14 ^ Vector256.AndNot(b11, b10);
            a15 = b15 ^ Vector256.AndNot(b17, b16);
            a16 = b16 ^ Vector256.AndNot(b18, b17);
            a17 = b17 ^ Vector256.AndNot(b19, b18);
            a18 = b18 ^ Vector256.AndNot(b15, b19);
            a19 = b19 ^ Vector256.AndNot(b16, b15);
            a20 = b20 ^ Vector256.AndNot(b22, b21);
            a21 = b21 ^ Vector256.AndNot(b23, b22);
            a22 = b22 ^ Vector256.AndNot(b24, b23);
            a23 = b23 ^ Vector256.AndNot(b20, b24);
            a24 = b24 ^ Vector256.AndNot(b21, b20);
        }

        s = a00; Unsafe.Add(ref s, 1) = a01; Unsafe.Add(ref s, 2) = a02; Unsafe.Add(ref s, 3) = a03; Unsafe.Add(ref s, 4) = a04;
        Unsafe.Add(ref s, 5) = a05; Unsafe.Add(ref s, 6) = a06; Unsafe.Add(ref s, 7) = a07; Unsafe.Add(ref s, 8) = a08; Unsafe.Add(ref s, 9) = a09;
        Unsafe.Add(ref s, 10) = a10; Unsafe.Add(ref s, 11) = a11; Unsafe.Add(ref s, 12) = a12; Unsafe.Add(ref s, 13) = a13; Unsafe.Add(ref s, 14) = a14;
        Unsafe.Add(ref s, 15) = a15; Unsafe.Add(ref s, 16) = a16; Unsafe.Add(ref s, 17) = a17; Unsafe.Add(ref s, 18) = a18; Unsafe.Add(ref s, 19) = a19;
        Unsafe.Add(ref s, 20) = a20; Unsafe.Add(ref s, 21) = a21; Unsafe.Add(ref s, 22) = a22; Unsafe.Add(ref s, 23) = a23; Unsafe.Add(ref s, 24) = a24;
    }

    /// <summary>The permutation on eight states (25 vectors from <paramref name="s"/>); the caller guarantees the length.</summary>
    [SkipLocalsInit]
    internal static void Permute512(ref Vector512<ulong> s)
    {
        Vector512<ulong> a00 = s, a01 = Unsafe.Add(ref s, 1), a02 = Unsafe.Add(ref s, 2), a03 = Unsafe.Add(ref s, 3), a04 = Unsafe.Add(ref s, 4);
        Vector512<ulong> a05 = Unsafe.Add(ref s, 5), a06 = Unsafe.Add(ref s, 6), a07 = Unsafe.Add(ref s, 7), a08 = Unsafe.Add(ref s, 8), a09 = Unsafe.Add(ref s, 9);
        Vector512<ulong> a10 = Unsafe.Add(ref s, 10), a11 = Unsafe.Add(ref s, 11), a12 = Unsafe.Add(ref s, 12), a13 = Unsafe.Add(ref s, 13), a14 = Unsafe.Add(ref s, 14);
        Vector512<ulong> a15 = Unsafe.Add(ref s, 15), a16 = Unsafe.Add(ref s, 16), a17 = Unsafe.Add(ref s, 17), a18 = Unsafe.Add(ref s, 18), a19 = Unsafe.Add(ref s, 19);
        Vector512<ulong> a20 = Unsafe.Add(ref s, 20), a21 = Unsafe.Add(ref s, 21), a22 = Unsafe.Add(ref s, 22), a23 = Unsafe.Add(ref s, 23), a24 = Unsafe.Add(ref s, 24);

        ReadOnlySpan<ulong> rc = RoundConstants;
        for (int round = 0; round < 24; round++)
        {
            // θ: C[x] = ⊕_y A[x, y];  D[x] = C[x−1] ⊕ rot(C[x+1], 1).
            Vector512<ulong> c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            Vector512<ulong> c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            Vector512<ulong> c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            Vector512<ulong> c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            Vector512<ulong> c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            Vector512<ulong> d0 = c4 ^ Rol(c1, 1);
            Vector512<ulong> d1 = c0 ^ Rol(c2, 1);
            Vector512<ulong> d2 = c1 ^ Rol(c3, 1);
            Vector512<ulong> d3 = c2 ^ Rol(c4, 1);
            Vector512<ulong> d4 = c3 ^ Rol(c0, 1);

            // ρ and π: B[y, 2x + 3y] = rot(A[x, y] ⊕ D[x], r[x, y]).
            Vector512<ulong> b00 = a00 ^ d0;
            Vector512<ulong> b10 = Rol(a01 ^ d1, 1);
            Vector512<ulong> b20 = Rol(a02 ^ d2, 62);
            Vector512<ulong> b05 = Rol(a03 ^ d3, 28);
            Vector512<ulong> b15 = Rol(a04 ^ d4, 27);
            Vector512<ulong> b16 = Rol(a05 ^ d0, 36);
            Vector512<ulong> b01 = Rol(a06 ^ d1, 44);
            Vector512<ulong> b11 = Rol(a07 ^ d2, 6);
            Vector512<ulong> b21 = Rol(a08 ^ d3, 55);
            Vector512<ulong> b06 = Rol(a09 ^ d4, 20);
            Vector512<ulong> b07 = Rol(a10 ^ d0, 3);
            Vector512<ulong> b17 = Rol(a11 ^ d1, 10);
            Vector512<ulong> b02 = Rol(a12 ^ d2, 43);
            Vector512<ulong> b12 = Rol(a13 ^ d3, 25);
            Vector512<ulong> b22 = Rol(a14 ^ d4, 39);
            Vector512<ulong> b23 = Rol(a15 ^ d0, 41);
            Vector512<ulong> b08 = Rol(a16 ^ d1, 45);
            Vector512<ulong> b18 = Rol(a17 ^ d2, 15);
            Vector512<ulong> b03 = Rol(a18 ^ d3, 21);
            Vector512<ulong> b13 = Rol(a19 ^ d4, 8);
            Vector512<ulong> b14 = Rol(a20 ^ d0, 18);
            Vector512<ulong> b24 = Rol(a21 ^ d1, 2);
            Vector512<ulong> b09 = Rol(a22 ^ d2, 61);
            Vector512<ulong> b19 = Rol(a23 ^ d3, 56);
            Vector512<ulong> b04 = Rol(a24 ^ d4, 14);

            // χ: A[x, y] = B[x, y] ⊕ (¬B[x+1, y] ∧ B[x+2, y]);  ι: A[0, 0] ⊕= RC[round].
            a00 = b00 ^ Vector512.AndNot(b02, b01) ^ Vector512.Create(rc[round]);
            a01 = b01 ^ Vector512.AndNot(b03, b02);
            a02 = b02 ^ Vector512.AndNot(b04, b03);
            a03 = b03 ^ Vector512.AndNot(b00, b04);
            a04 = b04 ^ Vector512.AndNot(b01, b00);
            a05 = b05 ^ Vector512.AndNot(b07, b06);
            a06 = b06 ^ Vector512.AndNot(b08, b07);
            a07 = b07 ^ Vector512.AndNot(b09, b08);
            a08 = b08 ^ Vector512.AndNot(b05, b09);
            a09 = b09 ^ Vector512.AndNot(b06, b05);
            a10 = b10 ^ Vector512.AndNot(b12, b11);
            a11 = b11 ^ Vector512.AndNot(b13, b12);
            a12 = b12 ^ Vector512.AndNot(b14, b13);
            a13 = b13 ^ Vector512.AndNot(b10, b14);
            a14 = b14 ^ Vector512.AndNot(b11, b10);
            a15 = b15 ^ Vector512.AndNot(b17, b16);
            a16 = b16 ^ Vector512.AndNot(b18, b17);
            a17 = b17 ^ Vector512.AndNot(b19, b18);
            a18 = b18 ^ Vector512.AndNot(b15, b19);
            a19 = b19 ^ Vector512.AndNot(b16, b15);
            a20 = b20 ^ Vector512.AndNot(b22, b21);
            a21 = b21 ^ Vector512.AndNot(b23, b22);
            a22 = b22 ^ Vector512.AndNot(b24, b23);
            a23 = b23 ^ Vector512.AndNot(b20, b24);
            a24 = b24 ^ Vector512.AndNot(b21, b20);
        }

        s = a00; Unsafe.Add(ref s, 1) = a01; Unsafe.Add(ref s, 2) = a02; Unsafe.Add(ref s, 3) = a03; Unsafe.Add(ref s, 4) = a04;
        Unsafe.Add(ref s, 5) = a05; Unsafe.Add(ref s, 6) = a06; Unsafe.Add(ref s, 7) = a07; Unsafe.Add(ref s, 8) = a08; Unsafe.Add(ref s, 9) = a09;
        Unsafe.Add(ref s, 10) = a10; Unsafe.Add(ref s, 11) = a11; Unsafe.Add(ref s, 12) = a12; Unsafe.Add(ref s, 13) = a13; Unsafe.Add(ref s, 14) = a14;
        Unsafe.Add(ref s, 15) = a15; Unsafe.Add(ref s, 16) = a16; Unsafe.Add(ref s, 17) = a17; Unsafe.Add(ref s, 18) = a18; Unsafe.Add(ref s, 19) = a19;
        Unsafe.Add(ref s, 20) = a20; Unsafe.Add(ref s, 21) = a21; Unsafe.Add(ref s, 22) = a22; Unsafe.Add(ref s, 23) = a23; Unsafe.Add(ref s, 24) = a24;
    }
}
