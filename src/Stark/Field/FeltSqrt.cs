namespace Zetina.Stark.Field;

/// <summary>
/// Square roots in the Stark252 field by table-driven discrete logarithms in the 2-Sylow subgroup, for
/// <see cref="Felt.TrySqrt"/>. p − 1 = 2^192·q with q = 2^59 + 17: plain Tonelli–Shanks needs up to about
/// 192²/2 products here; this needs about 550.
/// </summary>
/// <remarks>
/// Bernstein, "Faster square roots in annoying finite fields" (2001), with windows of w = 8 bits:
/// with g = 3^q (order 2^192; 3 is a non-residue), x = a^q = g^e for some e &lt; 2^192. The digits dᵢ of e in base
/// 2^8 come out low first: with xₖ = x^(2^(8k)) precomputed (184 squarings),
/// xₖ·∏_{j&lt;i} g^(−dⱼ·2^(8(j+k))) for k = 23 − i equals ω^(dᵢ), ω = g^(2^184) a primitive 256th root of unity,
/// whose exponent is read from a 256-entry map. a is a square exactly when e is even; then
/// √a = a^((q+1)/2)·g^(−e/2), because its square is a·a^q·x⁻¹ = a.
/// Tables: T[m][d] = g^(−d·2^(8m)) for m &lt; 24, d &lt; 256 (196 KB), built once on first use.
/// Not constant-time (table lookups by value): do not use on secrets.
/// </remarks>
internal static class FeltSqrt
{
    private const int W = 8;
    private const int Digits = 24; // 192 / W
    private const ulong Q = (1UL << 59) + 17;

    /// <summary>T[m·256 + d] = g^(−d·2^(8m)).</summary>
    private static readonly Felt[] s_table = BuildTable();

    /// <summary>Maps the low Montgomery limb of ω^d to d (the 256 values have distinct low limbs; checked on build).</summary>
    private static readonly Dictionary<ulong, int> s_rootIndex = BuildRootIndex();

    private static Felt[] BuildTable()
    {
        Felt g = Felt.FromUInt64(3).Pow(Q);
        Felt gInv = g.Inverse();
        var t = new Felt[Digits * 256];
        Felt baseM = gInv; // g^(−2^(8m))
        for (int m = 0; m < Digits; m++)
        {
            Felt acc = Felt.One;
            for (int d = 0; d < 256; d++)
            {
                t[m * 256 + d] = acc;
                acc = Felt.Mul(acc, baseM);
            }
            for (int i = 0; i < W; i++) baseM = Felt.Square(baseM);
        }
        return t;
    }

    private static Dictionary<ulong, int> BuildRootIndex()
    {
        // ω^d = (T[23][d])⁻¹ = T[23][(256 − d) mod 256].
        var map = new Dictionary<ulong, int>(256);
        for (int d = 0; d < 256; d++)
        {
            Felt root = s_table[23 * 256 + ((256 - d) & 255)];
            if (!map.TryAdd(root.L0, d)) throw new InvalidOperationException("sqrt table: low limbs of the 256th roots of unity collide");
        }
        return map;
    }

    /// <summary>A square root of <paramref name="a"/> (either of the two), or false when a is not a square.</summary>
    public static bool TrySqrt(in Felt a, out Felt root)
    {
        root = Felt.Zero;
        if (a.IsZero) return true;

        // v = a^((q−1)/2) = a^(2^58 + 8); r0 = v·a = a^((q+1)/2); x = v²·a = a^q.
        Felt a8 = Felt.Square(Felt.Square(Felt.Square(a)));
        Felt a2_58 = a;
        for (int i = 0; i < 58; i++) a2_58 = Felt.Square(a2_58);
        Felt v = Felt.Mul(a2_58, a8);
        Felt r0 = Felt.Mul(v, a);
        Felt x = Felt.Mul(Felt.Square(v), a);

        // xₖ = x^(2^(8k)).
        Span<Felt> xk = stackalloc Felt[Digits];
        xk[0] = x;
        for (int k = 1; k < Digits; k++)
        {
            Felt y = xk[k - 1];
            for (int i = 0; i < W; i++) y = Felt.Square(y);
            xk[k] = y;
        }

        Span<int> d = stackalloc int[Digits];
        Felt[] t = s_table;
        for (int i = 0; i < Digits; i++)
        {
            int k = Digits - 1 - i;
            Felt y = xk[k];
            for (int j = 0; j < i; j++) y = Felt.Mul(y, t[(j + k) * 256 + d[j]]);
            if (!s_rootIndex.TryGetValue(y.L0, out int di) || t[23 * 256 + ((256 - di) & 255)] != y) return false;
            d[i] = di;
            if (i == 0 && (di & 1) != 0) return false; // e odd: a is not a square
        }

        // f = e / 2 in base 2^8: fᵢ = (dᵢ >> 1) | ((dᵢ₊₁ & 1) << 7).
        Felt r = r0;
        for (int i = 0; i < Digits; i++)
        {
            int fi = (d[i] >> 1) | ((i + 1 < Digits ? d[i + 1] & 1 : 0) << 7);
            if (fi != 0) r = Felt.Mul(r, t[i * 256 + fi]);
        }
        root = r;
        return true;
    }
}
