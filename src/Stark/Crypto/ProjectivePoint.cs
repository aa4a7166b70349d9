using System.Numerics;
using System.Runtime.CompilerServices;
using Zetina.Stark.Field;

namespace Zetina.Stark.Crypto;

/// <summary>
/// A Stark-curve point in homogeneous projective coordinates (X : Y : Z) ↦ (X/Z, Y/Z), infinity (0 : 1 : 0), with
/// complete addition formulas: one branch-free formula for every pair of inputs, doubling and infinity included.
/// Used for constant-time multiplication by secret scalars.
/// </summary>
/// <remarks>
/// Renes, Costello, Batina, "Complete addition formulas for prime order elliptic curves" (EUROCRYPT 2016),
/// Algorithm 1 (general a, here a = 1; complete because the Stark curve's order is prime, hence odd).
/// 12 multiplications, 2 by 3b, 23 additions, all through the constant-time field operations.
/// </remarks>
internal readonly struct ProjectivePoint
{
    public readonly Felt X;
    public readonly Felt Y;
    public readonly Felt Z;

    public ProjectivePoint(in Felt x, in Felt y, in Felt z)
    {
        X = x; Y = y; Z = z;
    }

    public static ProjectivePoint Infinity => new(Felt.Zero, Felt.One, Felt.Zero);

    public static ProjectivePoint FromAffine(in EcPoint p) => p.IsInfinity ? Infinity : new ProjectivePoint(p.X, p.Y, Felt.One);

    /// <summary>The affine point; the inversion is constant-time too.</summary>
    public EcPoint ToAffine()
    {
        if (Z.IsZero) return EcPoint.Infinity;
        Felt zi = Felt.InverseCt(Z);
        return new EcPoint(Felt.MulCt(X, zi), Felt.MulCt(Y, zi));
    }

    private static readonly Felt s_b3 = StarkCurve.Beta + StarkCurve.Beta + StarkCurve.Beta;

    /// <summary>P + Q by RCB16 Algorithm 1 with a = 1 (steps numbered as in the paper's listing, in groups).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ProjectivePoint Add(in ProjectivePoint p, in ProjectivePoint q)
    {
        Felt b3 = s_b3;
        Felt t0 = Felt.MulCt(p.X, q.X);                                   // 1
        Felt t1 = Felt.MulCt(p.Y, q.Y);                                   // 2
        Felt t2 = Felt.MulCt(p.Z, q.Z);                                   // 3
        Felt t3 = Felt.MulCt(Felt.AddCt(p.X, p.Y), Felt.AddCt(q.X, q.Y)); // 4–6
        Felt t4 = Felt.AddCt(t0, t1);                                     // 7
        t3 = Felt.SubCt(t3, t4);                                          // 8: X1Y2 + X2Y1
        t4 = Felt.MulCt(Felt.AddCt(p.X, p.Z), Felt.AddCt(q.X, q.Z));      // 9–11
        Felt t5 = Felt.AddCt(t0, t2);                                     // 12
        t4 = Felt.SubCt(t4, t5);                                          // 13: X1Z2 + X2Z1
        t5 = Felt.MulCt(Felt.AddCt(p.Y, p.Z), Felt.AddCt(q.Y, q.Z));      // 14–16
        Felt x3 = Felt.AddCt(t1, t2);                                     // 17
        t5 = Felt.SubCt(t5, x3);                                          // 18: Y1Z2 + Y2Z1
        Felt z3 = t4;                                                     // 19: a·t4
        x3 = Felt.MulCt(b3, t2);                                          // 20
        z3 = Felt.AddCt(x3, z3);                                          // 21
        x3 = Felt.SubCt(t1, z3);                                          // 22
        z3 = Felt.AddCt(t1, z3);                                          // 23
        Felt y3 = Felt.MulCt(x3, z3);                                     // 24
        t1 = Felt.AddCt(Felt.AddCt(t0, t0), t0);                          // 25–26
        // 27: t2 = a·t2 = t2
        t4 = Felt.MulCt(b3, t4);                                          // 28
        t1 = Felt.AddCt(t1, t2);                                          // 29
        t2 = Felt.SubCt(t0, t2);                                          // 30; 31: a·t2 = t2
        t4 = Felt.AddCt(t4, t2);                                          // 32
        t0 = Felt.MulCt(t1, t4);                                          // 33
        y3 = Felt.AddCt(y3, t0);                                          // 34
        t0 = Felt.MulCt(t5, t4);                                          // 35
        x3 = Felt.MulCt(t3, x3);                                          // 36
        x3 = Felt.SubCt(x3, t0);                                          // 37
        t0 = Felt.MulCt(t3, t1);                                          // 38
        z3 = Felt.MulCt(t5, z3);                                          // 39
        z3 = Felt.AddCt(z3, t0);                                          // 40
        return new ProjectivePoint(x3, y3, z3);
    }

    /// <summary>Mask-select: all ones picks <paramref name="a"/>, zero picks <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ProjectivePoint Select(ulong mask, in ProjectivePoint a, in ProjectivePoint b) =>
        new(Felt.Select(mask, a.X, b.X), Felt.Select(mask, a.Y, b.Y), Felt.Select(mask, a.Z, b.Z));

    /// <summary>T[i·16 + j] = j·16^i·G for the 63 nibbles of a scalar below 2^252.</summary>
    private static readonly Lazy<ProjectivePoint[]> s_generatorComb = new(BuildGeneratorComb);

    private static ProjectivePoint[] BuildGeneratorComb()
    {
        var jac = new JacobianPoint[63 * 15];
        JacobianPoint b = JacobianPoint.FromAffine(StarkCurve.Generator);
        for (int i = 0; i < 63; i++)
        {
            EcPoint ba = b.ToAffine();
            JacobianPoint acc = b;
            jac[i * 15] = acc;
            for (int j = 2; j <= 15; j++)
            {
                acc = JacobianPoint.AddAffine(acc, ba.X, ba.Y);
                jac[i * 15 + j - 1] = acc;
            }
            for (int s = 0; s < 4; s++) b = JacobianPoint.Double(b);
        }
        var affine = new EcPoint[jac.Length];
        JacobianPoint.BatchToAffine(jac, affine);
        var table = new ProjectivePoint[63 * 16];
        for (int i = 0; i < 63; i++)
        {
            table[i * 16] = Infinity;
            for (int j = 1; j < 16; j++) table[i * 16 + j] = FromAffine(affine[i * 15 + j - 1]);
        }
        return table;
    }

    /// <summary>
    /// k·G for a secret 0 ≤ k &lt; 2^252 in constant time: for each of the 63 nibbles, every one of the 16 table
    /// entries is read and the wanted one kept by mask, then added with the complete formula (no skipped zero digits).
    /// </summary>
    [SkipLocalsInit]
    public static ProjectivePoint MultiplyGeneratorConstantTime(BigInteger k)
    {
        if (k.Sign < 0 || k >= (BigInteger.One << 252)) throw new ArgumentOutOfRangeException(nameof(k), "scalar must be in [0, 2^252)");
        Span<ulong> limbs = stackalloc ulong[4];
        StarkCurve.ScalarLimbs(k, limbs);
        ProjectivePoint[] table = s_generatorComb.Value;
        ProjectivePoint acc = Infinity;
        for (int i = 0; i < 63; i++)
        {
            ulong nibble = (limbs[i >> 4] >> (4 * (i & 15))) & 15;
            ProjectivePoint pick = Infinity;
            for (int j = 0; j < 16; j++)
            {
                ulong diff = nibble ^ (ulong)j;
                ulong eq = ((diff | (0UL - diff)) >> 63) - 1; // all ones iff diff == 0
                pick = Select(eq, table[i * 16 + j], pick);
            }
            acc = Add(acc, pick);
        }
        limbs.Clear();
        return acc;
    }
}
