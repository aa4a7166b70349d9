using System.Runtime.CompilerServices;
using Zetina.Stark.Field;

namespace Zetina.Stark.Crypto;

/// <summary>
/// A Stark-curve point in Jacobian coordinates: (X : Y : Z) stands for the affine (X/Z², Y/Z³); Z = 0 is infinity.
/// Variable-time (branches on special cases): for public data only.
/// </summary>
/// <remarks>
/// Formulas from the Explicit-Formulas Database (Bernstein, Lange: hyperelliptic.org/EFD/g1p/auto-shortw-jacobian.html)
/// for y² = x³ + a·x + b with a = 1: "dbl-2007-bl" simplified, "madd-2007-bl"-style mixed addition and
/// "add-2007-bl"-style general addition, with the doubling and infinity cases checked explicitly.
/// </remarks>
internal readonly struct JacobianPoint
{
    public readonly Felt X;
    public readonly Felt Y;
    public readonly Felt Z;

    public JacobianPoint(in Felt x, in Felt y, in Felt z)
    {
        X = x; Y = y; Z = z;
    }

    public static JacobianPoint Infinity => new(Felt.One, Felt.One, Felt.Zero);

    public bool IsInfinity => Z.IsZero;

    public static JacobianPoint FromAffine(in EcPoint p) => p.IsInfinity ? Infinity : new JacobianPoint(p.X, p.Y, Felt.One);

    /// <summary>The affine point (one field inversion).</summary>
    public EcPoint ToAffine()
    {
        if (IsInfinity) return EcPoint.Infinity;
        Felt zi = Z.Inverse();
        Felt zi2 = Square(zi);
        return new EcPoint(Mul(X, zi2), Mul(Y, Mul(zi2, zi)));
    }

    /// <summary>The affine x, X/Z² (one inversion, and no work on y); infinity has none.</summary>
    /// <exception cref="InvalidOperationException">The point is infinity.</exception>
    public Felt AffineX()
    {
        if (IsInfinity) throw new InvalidOperationException("the point at infinity has no affine x");
        return Mul(X, Square(Z.Inverse()));
    }

    /// <summary>2P: with XX = X², YY = Y², S = 4·X·YY, M = 3·XX + Z⁴ (a = 1): X' = M² − 2S, Y' = M(S − X') − 8·YY², Z' = 2·Y·Z.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static JacobianPoint Double(in JacobianPoint p)
    {
        if (p.Z.IsZero || p.Y.IsZero) return Infinity;
        Felt xx = Square(p.X);
        Felt yy = Square(p.Y);
        Felt yyyy = Square(yy);
        Felt zz = Square(p.Z);
        Felt s = Mul(p.X, yy).Double().Double();
        Felt m = Felt.Add(Felt.Add(xx.Double(), xx), Square(zz));
        Felt x3 = Felt.Sub(Square(m), s.Double());
        Felt y3 = Felt.Sub(Mul(m, Felt.Sub(s, x3)), yyyy.Double().Double().Double());
        Felt z3 = Mul(p.Y, p.Z).Double();
        return new JacobianPoint(x3, y3, z3);
    }

    /// <summary>
    /// P + Q for affine Q (x₂, y₂), Q not infinity: U₂ = x₂Z², S₂ = y₂Z³, H = U₂ − X, r = S₂ − Y;
    /// X' = r² − H³ − 2XH², Y' = r(XH² − X') − YH³, Z' = ZH.
    /// </summary>
    public static JacobianPoint AddAffine(in JacobianPoint p, in Felt x2, in Felt y2)
    {
        if (p.Z.IsZero) return new JacobianPoint(x2, y2, Felt.One);
        Felt z1z1 = Square(p.Z);
        Felt u2 = Mul(x2, z1z1);
        Felt s2 = Mul(y2, Mul(p.Z, z1z1));
        Felt h = Felt.Sub(u2, p.X);
        Felt r = Felt.Sub(s2, p.Y);
        if (h.IsZero) return SameX(p, r);
        Felt hh = Square(h);
        Felt hhh = Mul(h, hh);
        Felt v = Mul(p.X, hh);
        Felt x3 = Felt.Sub(Felt.Sub(Square(r), hhh), v.Double());
        Felt y3 = Felt.Sub(Mul(r, Felt.Sub(v, x3)), Mul(p.Y, hhh));
        Felt z3 = Mul(p.Z, h);
        return new JacobianPoint(x3, y3, z3);
    }

    /// <summary>
    /// P + Q when Q has P's affine x: 2P when r = 0 (Q = P), else infinity (Q = −P). Never inlined: the rare case
    /// would spend the compiler's inlining budget that the common path's field products need.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static JacobianPoint SameX(in JacobianPoint p, in Felt r) => r.IsZero ? Double(p) : Infinity;

    /// <summary>P + Q for Jacobian P and Q (general addition, U₁ = X₁Z₂², U₂ = X₂Z₁², S₁ = Y₁Z₂³, S₂ = Y₂Z₁³).</summary>
    public static JacobianPoint Add(in JacobianPoint p, in JacobianPoint q)
    {
        if (p.Z.IsZero) return q;
        if (q.Z.IsZero) return p;
        Felt z1z1 = Square(p.Z);
        Felt z2z2 = Square(q.Z);
        Felt u1 = Mul(p.X, z2z2);
        Felt u2 = Mul(q.X, z1z1);
        Felt s1 = Mul(p.Y, Mul(q.Z, z2z2));
        Felt s2 = Mul(q.Y, Mul(p.Z, z1z1));
        Felt h = Felt.Sub(u2, u1);
        Felt r = Felt.Sub(s2, s1);
        if (h.IsZero)
        {
            return r.IsZero ? Double(p) : Infinity;
        }
        Felt hh = Square(h);
        Felt hhh = Mul(h, hh);
        Felt v = Mul(u1, hh);
        Felt x3 = Felt.Sub(Felt.Sub(Square(r), hhh), v.Double());
        Felt y3 = Felt.Sub(Mul(r, Felt.Sub(v, x3)), Mul(s1, hhh));
        Felt z3 = Mul(Mul(p.Z, q.Z), h);
        return new JacobianPoint(x3, y3, z3);
    }

    public JacobianPoint Negate() => new(X, Felt.Neg(Y), Z);

    /// <summary>True when the affine x of this point equals <paramref name="x"/> (checks X = x·Z², no inversion).</summary>
    public bool HasAffineX(in Felt x) => !IsInfinity && Mul(x, Square(Z)) == X;

    /// <summary>
    /// The field product, called rather than inlined: a point formula with a dozen inlined Montgomery products holds
    /// more locals than the compiler keeps in registers, and ran about 2.5 times slower (mixed addition: 845 ns
    /// inlined, against 11 products of 27 ns called).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Felt Mul(in Felt a, in Felt b) => Felt.Mul(a, b);

    /// <inheritdoc cref="Mul"/>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Felt Square(in Felt a) => Felt.Mul(a, a);

    /// <summary>Converts many points to affine with one inversion (Montgomery's trick); infinity maps to infinity.</summary>
    public static void BatchToAffine(ReadOnlySpan<JacobianPoint> points, Span<EcPoint> result)
    {
        int n = points.Length;
        var zs = new Felt[n];
        for (int i = 0; i < n; i++) zs[i] = points[i].IsInfinity ? Felt.One : points[i].Z;
        Felt.BatchInverse(zs, zs);
        for (int i = 0; i < n; i++)
        {
            if (points[i].IsInfinity) { result[i] = EcPoint.Infinity; continue; }
            Felt zi2 = Square(zs[i]);
            result[i] = new EcPoint(Mul(points[i].X, zi2), Mul(points[i].Y, Mul(zi2, zs[i])));
        }
    }
}
