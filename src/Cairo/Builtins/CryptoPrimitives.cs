using System.Numerics;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// The hash and curve primitives the builtins need, bound to Zetina.Stark.Hashing and Zetina.Stark.Crypto, so a
/// builtin computes exactly what the prover and the verifier compute.
/// </summary>
internal static class CryptoPrimitives
{
    /// <summary>Order of the STARK curve's generator.</summary>
    public static BigInteger CurveOrder => StarkCurve.Order;

    /// <summary>StarkNet Pedersen hash H(x, y).</summary>
    public static Felt Pedersen(in Felt x, in Felt y) => PedersenHash.Hash(x, y);

    /// <summary>The Hades permutation of a 3-element state, in place.</summary>
    public static void PoseidonPermute(Span<Felt> state) => PoseidonHash.Permute(state);

    /// <summary>Keccak-f[1600] over a 200-byte little-endian state, in place.</summary>
    public static void KeccakF1600(Span<byte> state200)
    {
        Span<ulong> lanes = stackalloc ulong[25];
        for (int i = 0; i < 25; i++) lanes[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(state200.Slice(8 * i, 8));
        Stark.Hashing.KeccakF1600.Permute(lanes);
        for (int i = 0; i < 25; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(state200.Slice(8 * i, 8), lanes[i]);
    }

    /// <summary>Rounds of the ec_op builtin's scalar loop (cairo-lang's <c>EcOpInstanceDef.scalar_height</c>).</summary>
    public const int EcOpScalarHeight = 256;

    /// <summary>
    /// R = P + m·Q as cairo-lang's <c>ec_op_impl</c> computes it (builtins/ec/ec_op_builtin_runner.py; cairo-vm's
    /// port says why: it "mimics the operation of the AIR"): the partial sum A = P and the doubled point D = Q go
    /// through <see cref="EcOpScalarHeight"/> rounds of "refuse when D.x = A.x; A += D when bit j of m is set;
    /// D = 2D". P and Q must lie on the curve. Throws a builtin error when a point is off the curve or a round meets
    /// equal x-coordinates (whether or not its bit is set), which is exactly what the ec_op lane cannot prove.
    /// </summary>
    public static (Felt X, Felt Y) EcOp(in Felt px, in Felt py, in Felt qx, in Felt qy, in Felt m, Relocatable at)
    {
        var p = new EcPoint(px, py);
        var q = new EcPoint(qx, qy);
        if (!StarkCurve.IsOnCurve(p)) throw new CairoException(CairoErrorKind.BuiltinError, $"ec_op builtin at {at}: point P {p} is not on the curve");
        if (!StarkCurve.IsOnCurve(q)) throw new CairoException(CairoErrorKind.BuiltinError, $"ec_op builtin at {at}: point Q {q} is not on the curve");
        BigInteger scalar = m.ToBigInteger();
        EcPoint a = p, d = q;
        for (int j = 0; j < EcOpScalarHeight; j++)
        {
            // Distinct x: the addition below is a chord (never a doubling, never infinity), as in the lane.
            if (a.X == d.X)
                throw new CairoException(CairoErrorKind.BuiltinError,
                    $"ec_op builtin at {at}: cannot apply EC operation: the computation of P + m·Q reaches two points with the same x coordinate at bit {j} (m = {m.ToHexString()})");
            if (!(scalar >> j).IsEven) a = StarkCurve.Add(a, d);
            d = StarkCurve.Double(d);
        }
        return (a.X, a.Y);
    }

    /// <summary>
    /// STARK-curve ECDSA verification of (r, s) on <paramref name="message"/> for the key whose x coordinate is
    /// <paramref name="publicKey"/> (either y): x(z·w·G ± r·w·Q) = r with w = s⁻¹ mod n.
    /// </summary>
    public static bool EcdsaVerify(in Felt publicKey, in Felt message, in Felt r, in Felt s)
    {
        BigInteger n = StarkCurve.Order;
        BigInteger rb = r.ToBigInteger(), sb = s.ToBigInteger(), z = message.ToBigInteger();
        if (rb.IsZero || rb >= n || sb.IsZero || sb >= n) return false;
        if (!StarkCurve.TryRecoverY(publicKey, out EcPoint q)) return false;
        BigInteger w = BigInteger.ModPow(sb, n - 2, n);
        EcPoint zg = StarkCurve.Multiply(StarkCurve.Generator, z * w % n);
        EcPoint rq = StarkCurve.Multiply(q, rb * w % n);
        EcPoint a = StarkCurve.Add(zg, rq), b = StarkCurve.Add(zg, rq.Negate());
        return (!a.IsInfinity && a.X.ToBigInteger() % n == rb) || (!b.IsInfinity && b.X.ToBigInteger() % n == rb);
    }
}
