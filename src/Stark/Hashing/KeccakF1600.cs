using System.Numerics;
using System.Runtime.CompilerServices;

namespace Zetina.Stark.Hashing;

/// <summary>
/// The Keccak-f[1600] permutation (FIPS 202 §3.3, "Keccak-p[1600, 24]"): 24 rounds of θ, ρ, π, χ, ι over a
/// 5×5 array of 64-bit lanes, lane (x, y) at index x + 5y.
/// </summary>
/// <remarks>
/// The state lives in 25 locals for the whole permutation so the JIT keeps most lanes in registers; ρ and π
/// are fused into the χ step (the "lane complementing"-free plain form of the Keccak team's reference
/// <c>KeccakP-1600-reference.c</c>). Constant-time: no data-dependent branches or indices.
/// </remarks>
public static partial class KeccakF1600
{
    /// <summary>The ι round constants RC[i] (FIPS 202 Algorithm 5/6), one per round.</summary>
    private static ReadOnlySpan<ulong> RoundConstants =>
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    /// <summary>Applies Keccak-f[1600] in place to <paramref name="state25"/> (exactly 25 lanes, x + 5y order).</summary>
    /// <exception cref="ArgumentException">The span does not hold exactly 25 lanes.</exception>
    public static void Permute(Span<ulong> state25)
    {
        if (state25.Length != 25) throw new ArgumentException($"Keccak-f[1600] state is 25 lanes, got {state25.Length}", nameof(state25));
        PermuteUnchecked(ref state25[0]);
    }

    /// <summary>The permutation on 25 lanes starting at <paramref name="s"/>; the caller guarantees the length.</summary>
    [SkipLocalsInit]
    internal static void PermuteUnchecked(ref ulong s)
    {
        ulong a00 = s, a01 = Unsafe.Add(ref s, 1), a02 = Unsafe.Add(ref s, 2), a03 = Unsafe.Add(ref s, 3), a04 = Unsafe.Add(ref s, 4);
        ulong a05 = Unsafe.Add(ref s, 5), a06 = Unsafe.Add(ref s, 6), a07 = Unsafe.Add(ref s, 7), a08 = Unsafe.Add(ref s, 8), a09 = Unsafe.Add(ref s, 9);
        ulong a10 = Unsafe.Add(ref s, 10), a11 = Unsafe.Add(ref s, 11), a12 = Unsafe.Add(ref s, 12), a13 = Unsafe.Add(ref s, 13), a14 = Unsafe.Add(ref s, 14);
        ulong a15 = Unsafe.Add(ref s, 15), a16 = Unsafe.Add(ref s, 16), a17 = Unsafe.Add(ref s, 17), a18 = Unsafe.Add(ref s, 18), a19 = Unsafe.Add(ref s, 19);
        ulong a20 = Unsafe.Add(ref s, 20), a21 = Unsafe.Add(ref s, 21), a22 = Unsafe.Add(ref s, 22), a23 = Unsafe.Add(ref s, 23), a24 = Unsafe.Add(ref s, 24);

        ReadOnlySpan<ulong> rc = RoundConstants;
        for (int round = 0; round < 24; round++)
        {
            // θ: C[x] = ⊕_y A[x, y];  D[x] = C[x−1] ⊕ rot(C[x+1], 1);  A[x, y] ⊕= D[x].
            ulong c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            ulong c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            ulong c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            ulong c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            ulong c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            ulong d0 = c4 ^ BitOperations.RotateLeft(c1, 1);
            ulong d1 = c0 ^ BitOperations.RotateLeft(c2, 1);
            ulong d2 = c1 ^ BitOperations.RotateLeft(c3, 1);
            ulong d3 = c2 ^ BitOperations.RotateLeft(c4, 1);
            ulong d4 = c3 ^ BitOperations.RotateLeft(c0, 1);

            // ρ and π: B[y, 2x + 3y] = rot(A[x, y] ⊕ D[x], r[x, y]) (offsets from FIPS 202 Table 2).
            ulong b00 = a00 ^ d0;
            ulong b10 = BitOperations.RotateLeft(a01 ^ d1, 1);
            ulong b20 = BitOperations.RotateLeft(a02 ^ d2, 62);
            ulong b05 = BitOperations.RotateLeft(a03 ^ d3, 28);
            ulong b15 = BitOperations.RotateLeft(a04 ^ d4, 27);
            ulong b16 = BitOperations.RotateLeft(a05 ^ d0, 36);
            ulong b01 = BitOperations.RotateLeft(a06 ^ d1, 44);
            ulong b11 = BitOperations.RotateLeft(a07 ^ d2, 6);
            ulong b21 = BitOperations.RotateLeft(a08 ^ d3, 55);
            ulong b06 = BitOperations.RotateLeft(a09 ^ d4, 20);
            ulong b07 = BitOperations.RotateLeft(a10 ^ d0, 3);
            ulong b17 = BitOperations.RotateLeft(a11 ^ d1, 10);
            ulong b02 = BitOperations.RotateLeft(a12 ^ d2, 43);
            ulong b12 = BitOperations.RotateLeft(a13 ^ d3, 25);
            ulong b22 = BitOperations.RotateLeft(a14 ^ d4, 39);
            ulong b23 = BitOperations.RotateLeft(a15 ^ d0, 41);
            ulong b08 = BitOperations.RotateLeft(a16 ^ d1, 45);
            ulong b18 = BitOperations.RotateLeft(a17 ^ d2, 15);
            ulong b03 = BitOperations.RotateLeft(a18 ^ d3, 21);
            ulong b13 = BitOperations.RotateLeft(a19 ^ d4, 8);
            ulong b14 = BitOperations.RotateLeft(a20 ^ d0, 18);
            ulong b24 = BitOperations.RotateLeft(a21 ^ d1, 2);
            ulong b09 = BitOperations.RotateLeft(a22 ^ d2, 61);
            ulong b19 = BitOperations.RotateLeft(a23 ^ d3, 56);
            ulong b04 = BitOperations.RotateLeft(a24 ^ d4, 14);

            // χ: A[x, y] = B[x, y] ⊕ (¬B[x+1, y] ∧ B[x+2, y]);  ι: A[0, 0] ⊕= RC[round].
            a00 = b00 ^ (~b01 & b02) ^ rc[round];
            a01 = b01 ^ (~b02 & b03);
            a02 = b02 ^ (~b03 & b04);
            a03 = b03 ^ (~b04 & b00);
            a04 = b04 ^ (~b00 & b01);
            a05 = b05 ^ (~b06 & b07);
            a06 = b06 ^ (~b07 & b08);
            a07 = b07 ^ (~b08 & b09);
            a08 = b08 ^ (~b09 & b05);
            a09 = b09 ^ (~b05 & b06);
            a10 = b10 ^ (~b11 & b12);
            a11 = b11 ^ (~b12 & b13);
            a12 = b12 ^ (~b13 & b14);
            a13 = b13 ^ (~b14 & b10);
            a14 = b14 ^ (~b10 & b11);
            a15 = b15 ^ (~b16 & b17);
            a16 = b16 ^ (~b17 & b18);
            a17 = b17 ^ (~b18 & b19);
            a18 = b18 ^ (~b19 & b15);
            a19 = b19 ^ (~b15 & b16);
            a20 = b20 ^ (~b21 & b22);
            a21 = b21 ^ (~b22 & b23);
            a22 = b22 ^ (~b23 & b24);
            a23 = b23 ^ (~b24 & b20);
            a24 = b24 ^ (~b20 & b21);
        }

        s = a00; Unsafe.Add(ref s, 1) = a01; Unsafe.Add(ref s, 2) = a02; Unsafe.Add(ref s, 3) = a03; Unsafe.Add(ref s, 4) = a04;
        Unsafe.Add(ref s, 5) = a05; Unsafe.Add(ref s, 6) = a06; Unsafe.Add(ref s, 7) = a07; Unsafe.Add(ref s, 8) = a08; Unsafe.Add(ref s, 9) = a09;
        Unsafe.Add(ref s, 10) = a10; Unsafe.Add(ref s, 11) = a11; Unsafe.Add(ref s, 12) = a12; Unsafe.Add(ref s, 13) = a13; Unsafe.Add(ref s, 14) = a14;
        Unsafe.Add(ref s, 15) = a15; Unsafe.Add(ref s, 16) = a16; Unsafe.Add(ref s, 17) = a17; Unsafe.Add(ref s, 18) = a18; Unsafe.Add(ref s, 19) = a19;
        Unsafe.Add(ref s, 20) = a20; Unsafe.Add(ref s, 21) = a21; Unsafe.Add(ref s, 22) = a22; Unsafe.Add(ref s, 23) = a23; Unsafe.Add(ref s, 24) = a24;
    }
}
