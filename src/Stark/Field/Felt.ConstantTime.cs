using System.Runtime.CompilerServices;

namespace Zetina.Stark.Field;

public readonly partial struct Felt
{
    // Constant-time variants for code that handles secrets (private-key scalar multiplication). They do the same
    // work whatever the values: carries and the final conditional subtraction are computed with comparisons that
    // yield 0/1 (compiled to setcc/adc, not jumps) and applied through masks. Inputs and outputs in [0, p).

    /// <summary><paramref name="mask"/> all ones selects <paramref name="a"/>, zero selects <paramref name="b"/>; constant-time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Felt Select(ulong mask, in Felt a, in Felt b) => new(
        (a.L0 & mask) | (b.L0 & ~mask),
        (a.L1 & mask) | (b.L1 & ~mask),
        (a.L2 & mask) | (b.L2 & ~mask),
        (a.L3 & mask) | (b.L3 & ~mask));

    /// <summary>a + b mod p in constant time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Felt AddCt(in Felt a, in Felt b)
    {
        ulong r0 = a.L0 + b.L0; ulong c = r0 < a.L0 ? 1UL : 0UL;
        ulong t = a.L1 + c; ulong c1 = t < c ? 1UL : 0UL; ulong r1 = t + b.L1; c = c1 | (r1 < t ? 1UL : 0UL);
        t = a.L2 + c; c1 = t < c ? 1UL : 0UL; ulong r2 = t + b.L2; c = c1 | (r2 < t ? 1UL : 0UL);
        ulong r3 = a.L3 + b.L3 + c;
        return ReduceOnceCt(r0, r1, r2, r3);
    }

    /// <summary>a − b mod p in constant time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Felt SubCt(in Felt a, in Felt b)
    {
        ulong r0 = a.L0 - b.L0; ulong br = a.L0 < b.L0 ? 1UL : 0UL;
        ulong t = a.L1 - b.L1; ulong bn = a.L1 < b.L1 ? 1UL : 0UL; ulong r1 = t - br; br = bn | (t < br ? 1UL : 0UL);
        t = a.L2 - b.L2; bn = a.L2 < b.L2 ? 1UL : 0UL; ulong r2 = t - br; br = bn | (t < br ? 1UL : 0UL);
        t = a.L3 - b.L3; bn = a.L3 < b.L3 ? 1UL : 0UL; ulong r3 = t - br; br = bn | (t < br ? 1UL : 0UL);
        // Add p·borrow: p = 1 + P3·2^192 (the wrap-around of 2^256 cancels the borrow).
        ulong m = 0UL - br;
        r0 += m & 1UL; ulong c = r0 < (m & 1UL) ? 1UL : 0UL;
        r1 += c; c = r1 < c ? 1UL : 0UL;
        r2 += c; c = r2 < c ? 1UL : 0UL;
        r3 += (m & P3) + c;
        return new Felt(r0, r1, r2, r3);
    }

    /// <summary>a·b mod p (Montgomery) in constant time: the CIOS rounds are branch-free; only the final reduction differs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Felt MulCt(in Felt a, in Felt b)
    {
        MontgomeryProduct(a, b, out ulong t0, out ulong t1, out ulong t2, out ulong t3);
        return ReduceOnceCt(t0, t1, t2, t3);
    }

    /// <summary>Maps [0, 2p) to [0, p): computes r − p and keeps it unless it borrowed, through a mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Felt ReduceOnceCt(ulong r0, ulong r1, ulong r2, ulong r3)
    {
        ulong d0 = r0 - 1; ulong b = r0 < 1UL ? 1UL : 0UL;
        ulong d1 = r1 - b; b = r1 < b ? 1UL : 0UL;
        ulong d2 = r2 - b; b = r2 < b ? 1UL : 0UL;
        ulong t = r3 - P3; ulong bn = r3 < P3 ? 1UL : 0UL; ulong d3 = t - b; b = bn | (t < b ? 1UL : 0UL);
        ulong keep = 0UL - b; // all ones when r < p
        return new Felt(
            (r0 & keep) | (d0 & ~keep),
            (r1 & keep) | (d1 & ~keep),
            (r2 & keep) | (d2 & ~keep),
            (r3 & keep) | (d3 & ~keep));
    }

    /// <summary>a^(p−2) through the same addition chain as <see cref="Inverse"/>, on <see cref="MulCt"/>; zero maps to zero.</summary>
    internal static Felt InverseCt(in Felt a)
    {
        Felt e2 = MulCt(SquareTimesCt(a, 1), a);
        Felt e4 = MulCt(SquareTimesCt(e2, 2), e2);
        Felt e8 = MulCt(SquareTimesCt(e4, 4), e4);
        Felt e16 = MulCt(SquareTimesCt(e8, 8), e8);
        Felt e32 = MulCt(SquareTimesCt(e16, 16), e16);
        Felt e64 = MulCt(SquareTimesCt(e32, 32), e32);
        Felt y = SquareTimesCt(MulCt(SquareTimesCt(a, 55), a), 4);
        Felt z = MulCt(SquareTimesCt(y, 64), e64);
        z = MulCt(SquareTimesCt(z, 64), e64);
        return MulCt(SquareTimesCt(z, 64), e64);
    }

    private static Felt SquareTimesCt(Felt x, int k)
    {
        for (int i = 0; i < k; i++) x = MulCt(x, x);
        return x;
    }
}
