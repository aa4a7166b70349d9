using System.Runtime.CompilerServices;

namespace Zetina.Gpu.Kernels.Hashing;

/// <summary>
/// The Keccak-f[1600] state inside a kernel: 25 lanes A[x, y] as fields A{x + 5y}, each lane the
/// little-endian reading of 8 state bytes (FIPS 202, §3.1.2). A value type so that ILGPU keeps it in
/// registers; every operation takes and returns it by value.
/// </summary>
public struct KeccakState
{
    public ulong A00, A01, A02, A03, A04;
    public ulong A05, A06, A07, A08, A09;
    public ulong A10, A11, A12, A13, A14;
    public ulong A15, A16, A17, A18, A19;
    public ulong A20, A21, A22, A23, A24;

    /// <summary>Keccak-f[1600]: 24 rounds of θ, ρ, π, χ, ι (FIPS 202, §3.2–3.3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static KeccakState Permute(KeccakState s)
    {
        for (int round = 0; round < 24; round++)
        {
            s = Round(s);
            // ι: A[0,0] ⊕= RC[round].
            s.A00 ^= RoundConstant(round);
        }
        return s;
    }

    /// <summary>
    /// XORs <paramref name="v"/> into rate lane <paramref name="lane"/> (0 … 16 for Keccak-256's 136-byte
    /// rate); any other index leaves the state unchanged.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static KeccakState XorLane(KeccakState s, int lane, ulong v)
    {
        switch (lane)
        {
            case 0: s.A00 ^= v; break;
            case 1: s.A01 ^= v; break;
            case 2: s.A02 ^= v; break;
            case 3: s.A03 ^= v; break;
            case 4: s.A04 ^= v; break;
            case 5: s.A05 ^= v; break;
            case 6: s.A06 ^= v; break;
            case 7: s.A07 ^= v; break;
            case 8: s.A08 ^= v; break;
            case 9: s.A09 ^= v; break;
            case 10: s.A10 ^= v; break;
            case 11: s.A11 ^= v; break;
            case 12: s.A12 ^= v; break;
            case 13: s.A13 ^= v; break;
            case 14: s.A14 ^= v; break;
            case 15: s.A15 ^= v; break;
            case 16: s.A16 ^= v; break;
        }
        return s;
    }

    /// <summary>θ, ρ, π and χ of one round, written out lane by lane (the state never leaves registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static KeccakState Round(KeccakState s)
    {
        // θ: column parities C[x] = ⊕_y A[x,y]; D[x] = C[x−1] ⊕ rot(C[x+1], 1); A[x,y] ⊕= D[x].
        ulong c0 = s.A00 ^ s.A05 ^ s.A10 ^ s.A15 ^ s.A20;
        ulong c1 = s.A01 ^ s.A06 ^ s.A11 ^ s.A16 ^ s.A21;
        ulong c2 = s.A02 ^ s.A07 ^ s.A12 ^ s.A17 ^ s.A22;
        ulong c3 = s.A03 ^ s.A08 ^ s.A13 ^ s.A18 ^ s.A23;
        ulong c4 = s.A04 ^ s.A09 ^ s.A14 ^ s.A19 ^ s.A24;
        ulong d0 = c4 ^ Rotl(c1, 1);
        ulong d1 = c0 ^ Rotl(c2, 1);
        ulong d2 = c1 ^ Rotl(c3, 1);
        ulong d3 = c2 ^ Rotl(c4, 1);
        ulong d4 = c3 ^ Rotl(c0, 1);
        // ρ and π: B[y, 2x+3y] = rot(A[x,y] ⊕ D[x], r[x,y]).
        ulong b00 = s.A00 ^ d0;
        ulong b10 = Rotl(s.A01 ^ d1, 1);
        ulong b20 = Rotl(s.A02 ^ d2, 62);
        ulong b05 = Rotl(s.A03 ^ d3, 28);
        ulong b15 = Rotl(s.A04 ^ d4, 27);
        ulong b16 = Rotl(s.A05 ^ d0, 36);
        ulong b01 = Rotl(s.A06 ^ d1, 44);
        ulong b11 = Rotl(s.A07 ^ d2, 6);
        ulong b21 = Rotl(s.A08 ^ d3, 55);
        ulong b06 = Rotl(s.A09 ^ d4, 20);
        ulong b07 = Rotl(s.A10 ^ d0, 3);
        ulong b17 = Rotl(s.A11 ^ d1, 10);
        ulong b02 = Rotl(s.A12 ^ d2, 43);
        ulong b12 = Rotl(s.A13 ^ d3, 25);
        ulong b22 = Rotl(s.A14 ^ d4, 39);
        ulong b23 = Rotl(s.A15 ^ d0, 41);
        ulong b08 = Rotl(s.A16 ^ d1, 45);
        ulong b18 = Rotl(s.A17 ^ d2, 15);
        ulong b03 = Rotl(s.A18 ^ d3, 21);
        ulong b13 = Rotl(s.A19 ^ d4, 8);
        ulong b14 = Rotl(s.A20 ^ d0, 18);
        ulong b24 = Rotl(s.A21 ^ d1, 2);
        ulong b09 = Rotl(s.A22 ^ d2, 61);
        ulong b19 = Rotl(s.A23 ^ d3, 56);
        ulong b04 = Rotl(s.A24 ^ d4, 14);
        // χ: A[x,y] = B[x,y] ⊕ (¬B[x+1,y] ∧ B[x+2,y]).
        s.A00 = b00 ^ (~b01 & b02);
        s.A01 = b01 ^ (~b02 & b03);
        s.A02 = b02 ^ (~b03 & b04);
        s.A03 = b03 ^ (~b04 & b00);
        s.A04 = b04 ^ (~b00 & b01);
        s.A05 = b05 ^ (~b06 & b07);
        s.A06 = b06 ^ (~b07 & b08);
        s.A07 = b07 ^ (~b08 & b09);
        s.A08 = b08 ^ (~b09 & b05);
        s.A09 = b09 ^ (~b05 & b06);
        s.A10 = b10 ^ (~b11 & b12);
        s.A11 = b11 ^ (~b12 & b13);
        s.A12 = b12 ^ (~b13 & b14);
        s.A13 = b13 ^ (~b14 & b10);
        s.A14 = b14 ^ (~b10 & b11);
        s.A15 = b15 ^ (~b16 & b17);
        s.A16 = b16 ^ (~b17 & b18);
        s.A17 = b17 ^ (~b18 & b19);
        s.A18 = b18 ^ (~b19 & b15);
        s.A19 = b19 ^ (~b15 & b16);
        s.A20 = b20 ^ (~b21 & b22);
        s.A21 = b21 ^ (~b22 & b23);
        s.A22 = b22 ^ (~b23 & b24);
        s.A23 = b23 ^ (~b24 & b20);
        s.A24 = b24 ^ (~b20 & b21);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Rotl(ulong x, int n) => (x << n) | (x >> (64 - n));

    /// <summary>The ι constants RC[i] of FIPS 202, §3.2.5 (outputs of the degree-8 LFSR rc).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RoundConstant(int round) => round switch
    {
        0 => 0x0000000000000001UL, 1 => 0x0000000000008082UL, 2 => 0x800000000000808AUL, 3 => 0x8000000080008000UL,
        4 => 0x000000000000808BUL, 5 => 0x0000000080000001UL, 6 => 0x8000000080008081UL, 7 => 0x8000000000008009UL,
        8 => 0x000000000000008AUL, 9 => 0x0000000000000088UL, 10 => 0x0000000080008009UL, 11 => 0x000000008000000AUL,
        12 => 0x000000008000808BUL, 13 => 0x800000000000008BUL, 14 => 0x8000000000008089UL, 15 => 0x8000000000008003UL,
        16 => 0x8000000000008002UL, 17 => 0x8000000000000080UL, 18 => 0x000000000000800AUL, 19 => 0x800000008000000AUL,
        20 => 0x8000000080008081UL, 21 => 0x8000000000008080UL, 22 => 0x0000000080000001UL, _ => 0x8000000080008008UL,
    };
}
