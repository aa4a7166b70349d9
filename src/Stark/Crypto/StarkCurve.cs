using System.Numerics;
using Zetina.Stark.Field;

namespace Zetina.Stark.Crypto;

/// <summary>
/// The Stark curve y² = x³ + α·x + β over the Stark252 field (α = 1), of prime order n, with StarkWare's generator
/// (docs.starkware.co, "STARK curve"; cairo-lang <c>starkware/crypto/signature/signature.py</c>).
/// </summary>
/// <remarks>
/// β and the generator are StarkWare's "nothing up my sleeve" values from the digits of π: β is the first 76 digits
/// plus 379 (the first such value giving a prime group order), and the generator is the second point of
/// <see cref="ConstantPoints"/>, derived here from π (see there). The public methods are variable-time and meant for
/// public data; secret scalars go through <see cref="StarkEcdsa"/>, which uses a constant-time multiplication.
/// </remarks>
public static class StarkCurve
{
    /// <summary>α = 1.</summary>
    public static Felt Alpha => Felt.One;

    /// <summary>β = 0x6f21413efbe40de150e596d72f7a8c5609ad26c15c915c1f4cdfcb99cee9e89.</summary>
    public static Felt Beta => s_beta;

    /// <summary>The group order n (prime).</summary>
    public static BigInteger Order { get; } = BigInteger.Parse(
        "3618502788666131213697322783095070105526743751716087489154079457884512865583", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The generator G (ECDSA base point).</summary>
    public static EcPoint Generator => ConstantPoints.Generator;

    private static readonly Felt s_beta = Felt.Parse("3141592653589793238462643383279502884197169399375105820974944592307816406665");

    /// <summary>True when <paramref name="p"/> is infinity or satisfies y² = x³ + x + β.</summary>
    public static bool IsOnCurve(EcPoint p) =>
        p.IsInfinity || Felt.Square(p.Y) == RightHandSide(p.X);

    /// <summary>x³ + x + β.</summary>
    internal static Felt RightHandSide(in Felt x) => Felt.Add(Felt.Mul(Felt.Add(Felt.Square(x), Felt.One), x), s_beta);

    /// <summary>
    /// The point with abscissa <paramref name="x"/> whose y is the smaller of the two roots in canonical form;
    /// false when no point has that x.
    /// </summary>
    public static bool TryRecoverY(Felt x, out EcPoint p)
    {
        if (!RightHandSide(x).TrySqrt(out Felt y)) { p = EcPoint.Infinity; return false; }
        p = new EcPoint(x, y);
        return true;
    }

    /// <summary>P + Q (variable-time).</summary>
    public static EcPoint Add(EcPoint p, EcPoint q) =>
        q.IsInfinity ? p : JacobianPoint.AddAffine(JacobianPoint.FromAffine(p), q.X, q.Y).ToAffine();

    /// <summary>2P (variable-time).</summary>
    public static EcPoint Double(EcPoint p) => JacobianPoint.Double(JacobianPoint.FromAffine(p)).ToAffine();

    /// <summary>
    /// P, 2P, 4P, …, 2^(count−1)·P in affine form: the same points as <paramref name="count"/> − 1 calls of
    /// <see cref="Double"/>, with one inversion for all (Jacobian doublings, then Montgomery's batch inversion).
    /// </summary>
    internal static EcPoint[] Doublings(EcPoint p, int count)
    {
        var jacobian = new JacobianPoint[count];
        JacobianPoint q = JacobianPoint.FromAffine(p);
        for (int i = 0; i < count; i++)
        {
            jacobian[i] = q;
            q = JacobianPoint.Double(q);
        }
        var affine = new EcPoint[count];
        JacobianPoint.BatchToAffine(jacobian, affine);
        return affine;
    }

    /// <summary>
    /// k·P for any integer k (reduced mod n; negative k multiplies −P). Variable-time: for public scalars only —
    /// private keys go through <see cref="StarkEcdsa"/>.
    /// </summary>
    public static EcPoint Multiply(EcPoint p, BigInteger k)
    {
        k %= Order;
        if (k.Sign < 0) k += Order;
        if (k.IsZero || p.IsInfinity) return EcPoint.Infinity;
        if (p == Generator) return GeneratorTable.Value.Multiply(k).ToAffine();
        return MultiplyJacobian(p, k).ToAffine();
    }

    /// <summary>k·P in Jacobian form, 0 ≤ k &lt; 2^256, P not infinity: fixed 4-bit windows over precomputed 1..15·P.</summary>
    internal static JacobianPoint MultiplyJacobian(in EcPoint p, BigInteger k)
    {
        Span<ulong> limbs = stackalloc ulong[4];
        ScalarLimbs(k, limbs);
        // odd and even multiples 1·P … 15·P in affine form (one batched inversion).
        Span<JacobianPoint> jac = stackalloc JacobianPoint[15];
        jac[0] = JacobianPoint.FromAffine(p);
        for (int i = 1; i < 15; i++) jac[i] = JacobianPoint.AddAffine(jac[i - 1], p.X, p.Y);
        Span<EcPoint> mult = stackalloc EcPoint[15];
        JacobianPoint.BatchToAffine(jac, mult);

        JacobianPoint acc = JacobianPoint.Infinity;
        for (int nib = 63; nib >= 0; nib--)
        {
            acc = JacobianPoint.Double(JacobianPoint.Double(JacobianPoint.Double(JacobianPoint.Double(acc))));
            int d = (int)((limbs[nib >> 4] >> (4 * (nib & 15))) & 15);
            if (d != 0 && !mult[d - 1].IsInfinity) acc = JacobianPoint.AddAffine(acc, mult[d - 1].X, mult[d - 1].Y);
        }
        return acc;
    }

    /// <summary>Writes 0 ≤ k &lt; 2^256 as four little-endian limbs.</summary>
    internal static void ScalarLimbs(BigInteger k, Span<ulong> limbs)
    {
        Span<byte> le = stackalloc byte[32];
        le.Clear();
        if (!k.TryWriteBytes(le, out _, isUnsigned: true, isBigEndian: false))
            throw new ArgumentOutOfRangeException(nameof(k), "scalar does not fit 256 bits");
        for (int i = 0; i < 4; i++) limbs[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(le[(8 * i)..]);
    }

    /// <summary>8-bit window table of G for variable-time k·G (ECDSA verification, public keys of public scalars).</summary>
    internal static readonly Lazy<FixedBaseTable> GeneratorTable = new(() => new FixedBaseTable(ConstantPoints.Generator, 32));
}
