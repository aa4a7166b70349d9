using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.common.cairo_secp</c> (bigint, field, ec, signature over secp256k1) and
/// <c>secp256r1</c>, plus the variants StarkNet's hint whitelists and common external libraries compile
/// (secp256r1 constants imported into the scope, ed25519's 2^255 − 19, <c>pt</c>/<c>pt0</c> naming).
/// </summary>
/// <remarks>
/// Values are 256-bit integers in three 86-bit limbs (<c>BigInt3</c>: d0 + d1·2^86 + d2·2^172). Python's
/// <c>pack(z, prime)</c> lifts each limb with <c>as_int</c> (limbs may be "negative" felts), <c>split</c> writes
/// the canonical limbs (and fails unless 0 ≤ value &lt; 2^258). The hints talk through the execution scope:
/// one computes <c>value</c> (and <c>x</c>, <c>slope</c>, <c>new_x</c>, <c>res</c>, …), the next
/// (<c>nondet_bigint3</c>) writes it. Constants follow cairo-lang <c>secp_utils.py</c> and
/// <c>secp256r1_utils.py</c>; <c>div_mod</c>, <c>safe_div</c>, <c>line_slope</c>, <c>ec_double_slope</c> follow
/// <c>starkware.python.math_utils</c>, with their assertions as hint failures.
/// </remarks>
public static class SecpHints
{
    /// <summary>(cairo-lang cairo_secp/bigint.cairo, secp256r1/bigint.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string NondetBigint3 = """
        from starkware.cairo.common.cairo_secp.secp_utils import split

        segments.write_arg(ids.res.address_, split(value))
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json, ec_bigint.json).</summary>
    public const string NondetBigint3NoBlank = """
        from starkware.cairo.common.cairo_secp.secp_utils import split
        segments.write_arg(ids.res.address_, split(value))
        """;

    /// <summary>(cairo-lang cairo_secp/bigint.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string BigintToUint256 = "ids.low = (ids.x.d0 + ids.x.d1 * ids.BASE) & ((1 << 128) - 1)";

    /// <summary>(cairo-lang cairo_secp/field.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string VerifyZero = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack

        q, r = divmod(pack(ids.val, PRIME), SECP_P)
        assert r == 0, f"verify_zero: Invalid input {ids.val.d0, ids.val.d1, ids.val.d2}."
        ids.q = q % PRIME
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string VerifyZeroImportP = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P
        q, r = divmod(pack(ids.val, PRIME), SECP_P)
        assert r == 0, f"verify_zero: Invalid input {ids.val.d0, ids.val.d1, ids.val.d2}."
        ids.q = q % PRIME
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string VerifyZeroScopeP = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack

        q, r = divmod(pack(ids.val, PRIME), SECP_P)
        assert r == 0, f"verify_zero: Invalid input {ids.val.d0, ids.val.d1, ids.val.d2}."
        ids.q = q % PRIME
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string VerifyZeroEd25519 = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        SECP_P = 2**255-19
        to_assert = pack(ids.val, PRIME)
        q, r = divmod(pack(ids.val, PRIME), SECP_P)
        assert r == 0, f"verify_zero: Invalid input {ids.val.d0, ids.val.d1, ids.val.d2}."
        ids.q = q % PRIME
        """;

    /// <summary>(cairo-lang secp256r1/field.cairo).</summary>
    public const string VerifyZeroR1 = """
        from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_P
        from starkware.cairo.common.cairo_secp.secp_utils import pack

        q, r = divmod(pack(ids.val, PRIME), SECP256R1_P)
        assert r == 0, f"verify_zero: Invalid input {ids.val.d0, ids.val.d1, ids.val.d2}."
        ids.q = q % PRIME
        """;

    /// <summary>(cairo-lang cairo_secp/field.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string Reduce = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack

        value = pack(ids.x, PRIME) % SECP_P
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string ReduceScopeP = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        value = pack(ids.x, PRIME) % SECP_P
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string ReduceEd25519 = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        SECP_P=2**255-19

        value = pack(ids.x, PRIME) % SECP_P
        """;

    /// <summary>(cairo-lang secp256r1/field.cairo).</summary>
    public const string ReduceR1 = """
        from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_P
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        value = pack(ids.x, PRIME) % SECP256R1_P
        """;

    /// <summary>(cairo-lang cairo_secp/field.cairo, secp256r1/field.cairo; StarkNet whitelist 0.10.3.json, cairo_secp.json, latest.json).</summary>
    public const string IsZeroNondet = "memory[ap] = to_felt_or_relocatable(x == 0)";

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string IsZeroInt = "memory[ap] = int(x == 0)";

    /// <summary>(cairo-lang cairo_secp/field.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string IsZeroPack = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack

        x = pack(ids.x, PRIME) % SECP_P
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string IsZeroPackNoBlank = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack
        x = pack(ids.x, PRIME) % SECP_P
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string IsZeroPackScopeP = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack

        x = pack(ids.x, PRIME) % SECP_P
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string IsZeroPackScopePNoBlank = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        x = pack(ids.x, PRIME) % SECP_P
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string IsZeroPackEd25519 = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        SECP_P=2**255-19

        x = pack(ids.x, PRIME) % SECP_P
        """;

    /// <summary>(cairo-lang secp256r1/field.cairo).</summary>
    public const string IsZeroPackR1 = """
        from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_P
        from starkware.cairo.common.cairo_secp.secp_utils import pack

        x = pack(ids.x, PRIME) % SECP256R1_P
        """;

    /// <summary>(cairo-lang cairo_secp/field.cairo; StarkNet whitelist 0.10.3.json, cairo_secp.json, latest.json).</summary>
    public const string IsZeroAssignScopeVars = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P
        from starkware.python.math_utils import div_mod

        value = x_inv = div_mod(1, x, SECP_P)
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string IsZeroAssignScopeVarsScopeP = """
        from starkware.python.math_utils import div_mod

        value = x_inv = div_mod(1, x, SECP_P)
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string IsZeroAssignScopeVarsEd25519 = """
        SECP_P=2**255-19
        from starkware.python.math_utils import div_mod

        value = x_inv = div_mod(1, x, SECP_P)
        """;

    /// <summary>(cairo-lang secp256r1/field.cairo).</summary>
    public const string IsZeroAssignScopeVarsR1 = """
        from starkware.python.math_utils import div_mod

        value = div_mod(1, x, SECP256R1_P)
        """;

    /// <summary>(cairo-lang cairo_secp/signature.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string DivModNPacked = """
        from starkware.cairo.common.cairo_secp.secp_utils import N, pack
        from starkware.python.math_utils import div_mod, safe_div

        a = pack(ids.a, PRIME)
        b = pack(ids.b, PRIME)
        value = res = div_mod(a, b, N)
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string DivModNPackedScopeN = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.python.math_utils import div_mod, safe_div

        a = pack(ids.a, PRIME)
        b = pack(ids.b, PRIME)
        value = res = div_mod(a, b, N)
        """;

    /// <summary>(cairo-lang cairo_secp/signature.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string DivModNSafeDiv = "value = k = safe_div(res * b - a, N)";

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string DivModNSafeDivPlusOne = "value = k_plus_one = safe_div(res * b - a, N) + 1";

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string PackModNDivModN = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.python.math_utils import div_mod, safe_div

        N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141
        x = pack(ids.x, PRIME) % N
        s = pack(ids.s, PRIME) % N
        value = res = div_mod(x, s, N)
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string XsSafeDiv = "value = k = safe_div(res * s - x, N)";

    /// <summary>(cairo-lang cairo_secp/signature.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string GetPointFromX = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack

        x_cube_int = pack(ids.x_cube, PRIME) % SECP_P
        y_square_int = (x_cube_int + ids.BETA) % SECP_P
        y = pow(y_square_int, (SECP_P + 1) // 4, SECP_P)

        # We need to decide whether to take y or SECP_P - y.
        if ids.v % 2 == y % 2:
            value = y
        else:
            value = (-y) % SECP_P
        """;

    /// <summary>(cairo-lang secp256r1/ec.cairo).</summary>
    public const string GetPointFromXR1 = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP256R1, pack
        from starkware.python.math_utils import y_squared_from_x

        y_square_int = y_squared_from_x(
            x=pack(ids.x, PRIME),
            alpha=SECP256R1.alpha,
            beta=SECP256R1.beta,
            field_prime=SECP256R1.prime,
        )

        # Note that (y_square_int ** ((SECP256R1.prime + 1) / 4)) ** 2 =
        #   = y_square_int ** ((SECP256R1.prime + 1) / 2) =
        #   = y_square_int ** ((SECP256R1.prime - 1) / 2 + 1) =
        #   = y_square_int * y_square_int ** ((SECP256R1.prime - 1) / 2) = y_square_int * {+/-}1.
        y = pow(y_square_int, (SECP256R1.prime + 1) // 4, SECP256R1.prime)

        # We need to decide whether to take y or prime - y.
        if ids.v % 2 == y % 2:
            value = y
        else:
            value = (-y) % SECP256R1.prime
        """;

    /// <summary>(cairo-lang secp256r1/ec.cairo).</summary>
    public const string GetPointFromXR1V012 = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP256R1, pack
        from starkware.python.math_utils import y_squared_from_x

        y_square_int = y_squared_from_x(
            x=pack(ids.x, SECP256R1.prime),
            alpha=SECP256R1.alpha,
            beta=SECP256R1.beta,
            field_prime=SECP256R1.prime,
        )

        # Note that (y_square_int ** ((SECP256R1.prime + 1) / 4)) ** 2 =
        #   = y_square_int ** ((SECP256R1.prime + 1) / 2) =
        #   = y_square_int ** ((SECP256R1.prime - 1) / 2 + 1) =
        #   = y_square_int * y_square_int ** ((SECP256R1.prime - 1) / 2) = y_square_int * {+/-}1.
        y = pow(y_square_int, (SECP256R1.prime + 1) // 4, SECP256R1.prime)

        # We need to decide whether to take y or prime - y.
        if ids.v % 2 == y % 2:
            value = y
        else:
            value = (-y) % SECP256R1.prime
        """;

    /// <summary>(cairo-lang cairo_secp/signature.cairo).</summary>
    public const string IsOnCurve = "ids.is_on_curve = (y * y) % SECP_P == y_square_int";

    /// <summary>(cairo-lang secp256r1/ec.cairo).</summary>
    public const string IsOnCurveR1 = "ids.is_on_curve = (y * y) % SECP256R1.prime == y_square_int";

    /// <summary>(cairo-lang cairo_secp/ec.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string EcNegate = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack

        y = pack(ids.point.y, PRIME) % SECP_P
        # The modulo operation in python always returns a nonnegative number.
        value = (-y) % SECP_P
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string EcNegateEd25519 = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        SECP_P = 2**255-19

        y = pack(ids.point.y, PRIME) % SECP_P
        # The modulo operation in python always returns a nonnegative number.
        value = (-y) % SECP_P
        """;

    /// <summary>(cairo-lang cairo_secp/ec.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string EcDoubleSlope = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack
        from starkware.python.math_utils import ec_double_slope

        # Compute the slope.
        x = pack(ids.point.x, PRIME)
        y = pack(ids.point.y, PRIME)
        value = slope = ec_double_slope(point=(x, y), alpha=0, p=SECP_P)
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string EcDoubleSlopeEd25519 = """
        from starkware.python.math_utils import ec_double_slope
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        SECP_P = 2**255-19

        # Compute the slope.
        x = pack(ids.point.x, PRIME)
        y = pack(ids.point.y, PRIME)
        value = slope = ec_double_slope(point=(x, y), alpha=42204101795669822316448953119945047945709099015225996174933988943478124189485, p=SECP_P)
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string EcDoubleSlopeDivMod = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack
        from starkware.python.math_utils import div_mod

        # Compute the slope.
        x = pack(ids.pt.x, PRIME)
        y = pack(ids.pt.y, PRIME)
        value = slope = div_mod(3 * x ** 2, 2 * y, SECP_P)
        """;

    /// <summary>(cairo-lang secp256r1/ec.cairo).</summary>
    public const string EcDoubleSlopeR1V012 = """
        from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_ALPHA, SECP256R1_P
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.python.math_utils import ec_double_slope

        # Compute the slope.
        x = pack(ids.point.x, SECP256R1_P)
        y = pack(ids.point.y, SECP256R1_P)
        value = slope = ec_double_slope(point=(x, y), alpha=SECP256R1_ALPHA, p=SECP256R1_P)
        """;

    /// <summary>(cairo-lang secp256r1/ec.cairo).</summary>
    public const string EcDoubleSlopeR1 = """
        from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_ALPHA, SECP256R1_P
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.python.math_utils import ec_double_slope

        # Compute the slope.
        x = pack(ids.point.x, PRIME)
        y = pack(ids.point.y, PRIME)
        value = slope = ec_double_slope(point=(x, y), alpha=SECP256R1_ALPHA, p=SECP256R1_P)
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string EcDoubleSlopeScopeConsts = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.python.math_utils import ec_double_slope

        # Compute the slope.
        x = pack(ids.point.x, PRIME)
        y = pack(ids.point.y, PRIME)
        value = slope = ec_double_slope(point=(x, y), alpha=ALPHA, p=SECP_P)
        """;

    /// <summary>(cairo-lang cairo_secp/ec.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string ComputeSlope = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack
        from starkware.python.math_utils import line_slope

        # Compute the slope.
        x0 = pack(ids.point0.x, PRIME)
        y0 = pack(ids.point0.y, PRIME)
        x1 = pack(ids.point1.x, PRIME)
        y1 = pack(ids.point1.y, PRIME)
        value = slope = line_slope(point1=(x0, y0), point2=(x1, y1), p=SECP_P)
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string ComputeSlopeEd25519 = """
        from starkware.python.math_utils import line_slope
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        SECP_P = 2**255-19
        # Compute the slope.
        x0 = pack(ids.point0.x, PRIME)
        y0 = pack(ids.point0.y, PRIME)
        x1 = pack(ids.point1.x, PRIME)
        y1 = pack(ids.point1.y, PRIME)
        value = slope = line_slope(point1=(x0, y0), point2=(x1, y1), p=SECP_P)
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string ComputeSlopeScopeP = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.python.math_utils import line_slope

        # Compute the slope.
        x0 = pack(ids.point0.x, PRIME)
        y0 = pack(ids.point0.y, PRIME)
        x1 = pack(ids.point1.x, PRIME)
        y1 = pack(ids.point1.y, PRIME)
        value = slope = line_slope(point1=(x0, y0), point2=(x1, y1), p=SECP_P)
        """;

    /// <summary>(cairo-lang secp256r1/ec.cairo).</summary>
    public const string ComputeSlopeR1 = """
        from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_P
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.python.math_utils import line_slope

        # Compute the slope.
        x0 = pack(ids.point0.x, PRIME)
        y0 = pack(ids.point0.y, PRIME)
        x1 = pack(ids.point1.x, PRIME)
        y1 = pack(ids.point1.y, PRIME)
        value = slope = line_slope(point1=(x0, y0), point2=(x1, y1), p=SECP256R1_P)
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string ComputeSlopeDivMod = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack
        from starkware.python.math_utils import div_mod

        # Compute the slope.
        x0 = pack(ids.pt0.x, PRIME)
        y0 = pack(ids.pt0.y, PRIME)
        x1 = pack(ids.pt1.x, PRIME)
        y1 = pack(ids.pt1.y, PRIME)
        value = slope = div_mod(y0 - y1, x0 - x1, SECP_P)
        """;

    /// <summary>(cairo-lang secp256r1/ec.cairo; StarkNet whitelist cairo_secp.json).</summary>
    public const string ImportSecp256r1P = "from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_P as SECP_P";

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string ImportSecp256r1Alpha = "from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_ALPHA as ALPHA";

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string ImportSecp256r1N = "from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_N as N";

    /// <summary>(cairo-lang cairo_secp/ec.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string EcDoubleAssignNewX = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack

        slope = pack(ids.slope, PRIME)
        x = pack(ids.point.x, PRIME)
        y = pack(ids.point.y, PRIME)

        value = new_x = (pow(slope, 2, SECP_P) - 2 * x) % SECP_P
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string EcDoubleAssignNewXScopeP = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack

        slope = pack(ids.slope, PRIME)
        x = pack(ids.point.x, PRIME)
        y = pack(ids.point.y, PRIME)

        value = new_x = (pow(slope, 2, SECP_P) - 2 * x) % SECP_P
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string EcDoubleAssignNewXEd25519 = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        SECP_P = 2**255-19

        slope = pack(ids.slope, PRIME)
        x = pack(ids.point.x, PRIME)
        y = pack(ids.point.y, PRIME)

        value = new_x = (pow(slope, 2, SECP_P) - 2 * x) % SECP_P
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string EcDoubleAssignNewXPt = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack

        slope = pack(ids.slope, PRIME)
        x = pack(ids.pt.x, PRIME)
        y = pack(ids.pt.y, PRIME)

        value = new_x = (pow(slope, 2, SECP_P) - 2 * x) % SECP_P
        """;

    /// <summary>(cairo-lang secp256r1/ec.cairo).</summary>
    public const string EcDoubleAssignNewXR1 = """
        from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_P
        from starkware.cairo.common.cairo_secp.secp_utils import pack

        slope = pack(ids.slope, PRIME)
        x = pack(ids.point.x, PRIME)
        y = pack(ids.point.y, PRIME)

        value = new_x = (pow(slope, 2, SECP256R1_P) - 2 * x) % SECP256R1_P
        """;

    /// <summary>(cairo-lang secp256r1/ec.cairo).</summary>
    public const string EcDoubleAssignNewXR1V012 = """
        from starkware.cairo.common.cairo_secp.secp256r1_utils import SECP256R1_P
        from starkware.cairo.common.cairo_secp.secp_utils import pack

        slope = pack(ids.slope, SECP256R1_P)
        x = pack(ids.point.x, SECP256R1_P)
        y = pack(ids.point.y, SECP256R1_P)

        value = new_x = (pow(slope, 2, SECP256R1_P) - 2 * x) % SECP256R1_P
        """;

    /// <summary>(cairo-lang cairo_secp/ec.cairo; StarkNet whitelist 0.10.3.json, cairo_secp.json, latest.json).</summary>
    public const string EcDoubleAssignNewY = "value = new_y = (slope * (x - new_x) - y) % SECP_P";

    /// <summary>(cairo-lang secp256r1/ec.cairo).</summary>
    public const string EcDoubleAssignNewYR1 = "value = new_y = (slope * (x - new_x) - y) % SECP256R1_P";

    /// <summary>(cairo-lang cairo_secp/ec.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string FastEcAddAssignNewX = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack

        slope = pack(ids.slope, PRIME)
        x0 = pack(ids.point0.x, PRIME)
        x1 = pack(ids.point1.x, PRIME)
        y0 = pack(ids.point0.y, PRIME)

        value = new_x = (pow(slope, 2, SECP_P) - x0 - x1) % SECP_P
        """;

    /// <summary>(lambdaclass cairo-vm hint_code.rs).</summary>
    public const string FastEcAddAssignNewXEd25519 = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        SECP_P = 2**255-19

        slope = pack(ids.slope, PRIME)
        x0 = pack(ids.point0.x, PRIME)
        x1 = pack(ids.point1.x, PRIME)
        y0 = pack(ids.point0.y, PRIME)

        value = new_x = (pow(slope, 2, SECP_P) - x0 - x1) % SECP_P
        """;

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string FastEcAddAssignNewXPt = """
        from starkware.cairo.common.cairo_secp.secp_utils import SECP_P, pack

        slope = pack(ids.slope, PRIME)
        x0 = pack(ids.pt0.x, PRIME)
        x1 = pack(ids.pt1.x, PRIME)
        y0 = pack(ids.pt0.y, PRIME)

        value = new_x = (pow(slope, 2, SECP_P) - x0 - x1) % SECP_P
        """;

    /// <summary>(cairo-lang secp256r1/ec.cairo; StarkNet whitelist cairo_secp.json).</summary>
    public const string FastEcAddAssignNewXScopeP = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack

        slope = pack(ids.slope, PRIME)
        x0 = pack(ids.point0.x, PRIME)
        x1 = pack(ids.point1.x, PRIME)
        y0 = pack(ids.point0.y, PRIME)

        value = new_x = (pow(slope, 2, SECP_P) - x0 - x1) % SECP_P
        """;

    /// <summary>(cairo-lang cairo_secp/ec.cairo, secp256r1/ec.cairo; StarkNet whitelist 0.10.3.json, cairo_secp.json, latest.json).</summary>
    public const string FastEcAddAssignNewY = "value = new_y = (slope * (x0 - new_x) - y0) % SECP_P";

    /// <summary>(cairo-lang cairo_secp/ec.cairo, secp256r1/ec.cairo; StarkNet whitelist 0.10.3.json, cairo_secp.json, latest.json).</summary>
    public const string EcMulInner = "memory[ap] = (ids.scalar % PRIME) % 2";

    /// <summary>(cairo-lang cairo_secp/ec.cairo, secp256r1/ec.cairo).</summary>
    public const string Nibbles = """
        num = (ids.scalar.high << 128) + ids.scalar.low
        nibbles = [(num >> i) & 0xf for i in range(0, 256, 4)]
        ids.first_nibble = nibbles.pop()
        ids.last_nibble = nibbles[0]
        """;

    /// <summary>(StarkNet whitelist ec_bigint.json).</summary>
    public const string BigintPackDivMod = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.cairo.common.math_utils import as_int
        from starkware.python.math_utils import div_mod, safe_div

        p = pack(ids.P, PRIME)
        x = pack(ids.x, PRIME) + as_int(ids.x.d3, PRIME) * ids.BASE ** 3 + as_int(ids.x.d4, PRIME) * ids.BASE ** 4
        y = pack(ids.y, PRIME)

        value = res = div_mod(x, y, p)
        """;

    /// <summary>(StarkNet whitelist ec_bigint.json).</summary>
    public const string BigintSafeDiv = """
        k = safe_div(res * y - x, p)
        value = k if k > 0 else 0 - k
        ids.flag = 1 if k > 0 else 0
        """;

    /// <summary>(cairo-lang secp256r1/field.cairo).</summary>
    public const string Assert165Bits = """
        from starkware.cairo.common.math_utils import as_int

        # Correctness check.
        value = as_int(ids.value, PRIME) % PRIME
        assert value < ids.UPPER_BOUND, f'{value} is outside of the range [0, 2**165).'

        # Calculation for the assertion.
        ids.high, ids.low = divmod(ids.value, ids.SHIFT)
        """;


    /// <summary><c>local nibble = nondet %{ nibbles.pop() %}</c> as compiled for the local at fp + <paramref name="k"/>.</summary>
    public static string NibblesPopToLocal(int k) => $"memory[fp + {k}] = to_felt_or_relocatable(nibbles.pop())";

    /// <summary>The limb base 2^86.</summary>
    public static readonly BigInteger Base = BigInteger.One << 86;

    /// <summary>secp256k1's field prime 2^256 − 2^32 − 977.</summary>
    public static readonly BigInteger SecpP = (BigInteger.One << 256) - (BigInteger.One << 32) - 977;

    /// <summary>secp256k1's group order.</summary>
    public static readonly BigInteger SecpN = Hex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141");

    /// <summary>secp256r1's field prime 2^256 − 2^224 + 2^192 + 2^96 − 1.</summary>
    public static readonly BigInteger R1P = (BigInteger.One << 256) - (BigInteger.One << 224) + (BigInteger.One << 192) + (BigInteger.One << 96) - 1;

    /// <summary>secp256r1's group order.</summary>
    public static readonly BigInteger R1N = Hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");

    /// <summary>secp256r1's a coefficient (−3 mod p).</summary>
    public static readonly BigInteger R1Alpha = Hex("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC");

    /// <summary>secp256r1's b coefficient.</summary>
    public static readonly BigInteger R1Beta = Hex("5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B");

    /// <summary>The curve25519 field prime 2^255 − 19 (the ed25519 variants' <c>SECP_P</c>).</summary>
    public static readonly BigInteger Ed25519P = (BigInteger.One << 255) - 19;

    /// <summary>The a coefficient the ed25519 double-slope variant passes (the Weierstrass form of curve25519).</summary>
    public static readonly BigInteger Ed25519Alpha = BigInteger.Parse("42204101795669822316448953119945047945709099015225996174933988943478124189485");

    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string QuadBit = """
        ids.quad_bit = (
            8 * ((ids.scalar_v >> ids.m) & 1)
            + 4 * ((ids.scalar_u >> ids.m) & 1)
            + 2 * ((ids.scalar_v >> (ids.m - 1)) & 1)
            + ((ids.scalar_u >> (ids.m - 1)) & 1)
        )
        """;


    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string HiMaxBitlen = "ids.len_hi = max(ids.scalar_u.d2.bit_length(), ids.scalar_v.d2.bit_length())-1";


    /// <summary>(StarkNet whitelist cairo_secp.json).</summary>
    public const string DiBit = "ids.dibit = ((ids.scalar_u >> ids.m) & 1) + 2 * ((ids.scalar_v >> ids.m) & 1)";


    /// <summary>(an external library; text as lambdaclass cairo-vm lists it).</summary>
    public const string EcRecoverDivModNPacked = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.python.math_utils import div_mod, safe_div

        N = pack(ids.n, PRIME)
        x = pack(ids.x, PRIME) % N
        s = pack(ids.s, PRIME) % N
        value = res = div_mod(x, s, N)
        """;


    /// <summary>(an external library; text as lambdaclass cairo-vm lists it).</summary>
    public const string EcRecoverSubAB = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.python.math_utils import div_mod, safe_div

        a = pack(ids.a, PRIME)
        b = pack(ids.b, PRIME)

        value = res = a - b
        """;


    /// <summary>(an external library; text as lambdaclass cairo-vm lists it).</summary>
    public const string EcRecoverProductMod = """
        from starkware.cairo.common.cairo_secp.secp_utils import pack
        from starkware.python.math_utils import div_mod, safe_div

        a = pack(ids.a, PRIME)
        b = pack(ids.b, PRIME)
        product = a * b
        m = pack(ids.m, PRIME)

        value = res = product % m
        """;


    /// <summary>(an external library; text as lambdaclass cairo-vm lists it).</summary>
    public const string EcRecoverProductDivM = "value = k = product // m";


    /// <summary>(an external library; text as lambdaclass cairo-vm lists it).</summary>
    public const string SplitXx = """
        PRIME = 2**255 - 19
        II = pow(2, (PRIME - 1) // 4, PRIME)

        xx = ids.xx.low + (ids.xx.high<<128)
        x = pow(xx, (PRIME + 3) // 8, PRIME)
        if (x * x - xx) % PRIME != 0:
            x = (x * II) % PRIME
        if x % 2 != 0:
            x = PRIME - x
        ids.x.low = x & ((1<<128)-1)
        ids.x.high = x >> 128
        """;


    public static readonly KeyValuePair<string, NativeHint>[] All = Build();

    private static KeyValuePair<string, NativeHint>[] Build()
    {
        var list = new List<KeyValuePair<string, NativeHint>>
        {
        // ec_mul by two scalars (StarkNet's cairo_secp whitelist): the scalars' bits at m and m − 1.
        new(QuadBit, ctx =>
        {
            BigInteger u = Int(ctx, "scalar_u"), v = Int(ctx, "scalar_v"), m = Int(ctx, "m");
            if (m < 1 || m > 300) throw ctx.Fail($"ids.m = {m} is out of range");
            int mi = (int)m;
            ctx.Set("quad_bit", F(8 * ((v >> mi) & 1) + 4 * ((u >> mi) & 1) + 2 * ((v >> (mi - 1)) & 1) + ((u >> (mi - 1)) & 1)));
        }),
        new(HiMaxBitlen, ctx =>
        {
            BigInteger u2 = Int(ctx, ctx.MemberAddress("scalar_u", "d2")), v2 = Int(ctx, ctx.MemberAddress("scalar_v", "d2"));
            ctx.Set("len_hi", F((long)BigInteger.Max(u2, v2).GetBitLength() - 1));
        }),
        new(DiBit, ctx =>
        {
            BigInteger u = Int(ctx, "scalar_u"), v = Int(ctx, "scalar_v"), m = Int(ctx, "m");
            if (m > 300) throw ctx.Fail($"ids.m = {m} is out of range");
            int mi = (int)m;
            ctx.Set("dibit", F(((u >> mi) & 1) + 2 * ((v >> mi) & 1)));
        }),

            // ec_recover (an external library): arithmetic modulo a packed n or m.
            new(EcRecoverDivModNPacked, ctx =>
            {
                BigInteger n = Pack(ctx, "n");
                if (n.Sign <= 0) throw ctx.Fail($"pack(ids.n) = {n} is not a positive modulus");
                BigInteger x = Mod(Pack(ctx, "x"), n), s = Mod(Pack(ctx, "s"), n);
                SetScope(ctx, "N", n);
                SetScope(ctx, "x", x);
                SetScope(ctx, "s", s);
                SetValue(ctx, "res", DivModP(ctx, x, s, n));
            }),
            new(EcRecoverSubAB, ctx =>
            {
                BigInteger a = Pack(ctx, "a"), b = Pack(ctx, "b");
                SetScope(ctx, "a", a);
                SetScope(ctx, "b", b);
                SetValue(ctx, "res", a - b);
            }),
            new(EcRecoverProductMod, ctx =>
            {
                BigInteger a = Pack(ctx, "a"), b = Pack(ctx, "b"), m = Pack(ctx, "m");
                if (m.IsZero) throw ctx.Fail("integer modulo by zero");
                SetScope(ctx, "a", a);
                SetScope(ctx, "b", b);
                SetScope(ctx, "product", a * b);
                SetScope(ctx, "m", m);
                SetValue(ctx, "res", PyMod(a * b, m));
            }),
            new(EcRecoverProductDivM, ctx =>
            {
                BigInteger product = ScopeInt(ctx, "product"), m = ScopeInt(ctx, "m");
                if (m.IsZero) throw ctx.Fail("integer division by zero");
                SetValue(ctx, "k", (product - PyMod(product, m)) / m);
            }),
            // ed25519 (an external library): the square root of a Uint256 modulo 2^255 − 19, even root chosen.
            new(SplitXx, ctx =>
            {
                BigInteger p = Ed25519P;
                BigInteger ii = BigInteger.ModPow(2, (p - 1) / 4, p);
                BigInteger xx = Int(ctx, ctx.MemberAddress("xx", "low")) + (Int(ctx, ctx.MemberAddress("xx", "high")) << 128);
                BigInteger x = BigInteger.ModPow(xx, (p + 3) / 8, p);
                if (!Mod(x * x - xx, p).IsZero) x = x * ii % p;
                if (!x.IsEven) x = p - x;
                ctx.Memory.Insert(ctx.MemberAddress("x", "low"), F(x & ((BigInteger.One << 128) - 1)));
                ctx.Memory.Insert(ctx.MemberAddress("x", "high"), F(x >> 128));
            }),

            // bigint.cairo
            new(NondetBigint3, NondetBigint3Impl),
            new(NondetBigint3NoBlank, NondetBigint3Impl),
            new(BigintToUint256, ctx =>
            {
                Relocatable x = StructAddress(ctx, "x");
                BigInteger v = (Int(ctx, x) + Int(ctx, x.Add(1)) * ctx.Constant("BASE")) & ((BigInteger.One << 128) - 1);
                ctx.Set("low", F(v));
            }),

            // field.cairo: verify_zero
            new(VerifyZero, ctx => VerifyZeroImpl(ctx, Import(ctx, "SECP_P", SecpP))),
            new(VerifyZeroImportP, ctx => VerifyZeroImpl(ctx, Import(ctx, "SECP_P", SecpP))),
            new(VerifyZeroScopeP, ctx => VerifyZeroImpl(ctx, ScopeInt(ctx, "SECP_P"))),
            new(VerifyZeroEd25519, ctx => VerifyZeroImpl(ctx, Import(ctx, "SECP_P", Ed25519P))),
            new(VerifyZeroR1, ctx => VerifyZeroImpl(ctx, Import(ctx, "SECP256R1_P", R1P))),

            // field.cairo: reduce
            new(Reduce, ctx => SetScope(ctx, "value", Mod(Pack(ctx, "x"), Import(ctx, "SECP_P", SecpP)))),
            new(ReduceScopeP, ctx => SetScope(ctx, "value", Mod(Pack(ctx, "x"), ScopeInt(ctx, "SECP_P")))),
            new(ReduceEd25519, ctx => SetScope(ctx, "value", Mod(Pack(ctx, "x"), Import(ctx, "SECP_P", Ed25519P)))),
            new(ReduceR1, ctx => SetScope(ctx, "value", Mod(Pack(ctx, "x"), Import(ctx, "SECP256R1_P", R1P)))),

            // field.cairo: is_zero
            new(IsZeroNondet, ctx => WriteBoolAtAp(ctx, ScopeInt(ctx, "x").IsZero)),
            new(IsZeroInt, ctx => WriteBoolAtAp(ctx, ScopeInt(ctx, "x").IsZero)),
            new(IsZeroPack, ctx => SetScope(ctx, "x", Mod(Pack(ctx, "x"), Import(ctx, "SECP_P", SecpP)))),
            new(IsZeroPackNoBlank, ctx => SetScope(ctx, "x", Mod(Pack(ctx, "x"), Import(ctx, "SECP_P", SecpP)))),
            new(IsZeroPackScopeP, ctx => SetScope(ctx, "x", Mod(Pack(ctx, "x"), ScopeInt(ctx, "SECP_P")))),
            new(IsZeroPackScopePNoBlank, ctx => SetScope(ctx, "x", Mod(Pack(ctx, "x"), ScopeInt(ctx, "SECP_P")))),
            new(IsZeroPackEd25519, ctx => SetScope(ctx, "x", Mod(Pack(ctx, "x"), Import(ctx, "SECP_P", Ed25519P)))),
            new(IsZeroPackR1, ctx => SetScope(ctx, "x", Mod(Pack(ctx, "x"), Import(ctx, "SECP256R1_P", R1P)))),
            new(IsZeroAssignScopeVars, ctx => Inverse(ctx, Import(ctx, "SECP_P", SecpP), "x_inv")),
            new(IsZeroAssignScopeVarsScopeP, ctx => Inverse(ctx, ScopeInt(ctx, "SECP_P"), "x_inv")),
            new(IsZeroAssignScopeVarsEd25519, ctx => Inverse(ctx, Import(ctx, "SECP_P", Ed25519P), "x_inv")),
            new(IsZeroAssignScopeVarsR1, ctx => Inverse(ctx, ScopeInt(ctx, "SECP256R1_P"), null)),

            // signature.cairo: div_mod_n, get_point_from_x
            new(DivModNPacked, ctx => DivModNImpl(ctx, Import(ctx, "N", SecpN))),
            new(DivModNPackedScopeN, ctx => DivModNImpl(ctx, ScopeInt(ctx, "N"))),
            new(DivModNSafeDiv, ctx => SetValue(ctx, "k", SafeDiv(ctx, ScopeInt(ctx, "res") * ScopeInt(ctx, "b") - ScopeInt(ctx, "a"), ScopeInt(ctx, "N")))),
            new(DivModNSafeDivPlusOne, ctx => SetValue(ctx, "k_plus_one", SafeDiv(ctx, ScopeInt(ctx, "res") * ScopeInt(ctx, "b") - ScopeInt(ctx, "a"), ScopeInt(ctx, "N")) + 1)),
            new(PackModNDivModN, ctx =>
            {
                BigInteger n = Import(ctx, "N", SecpN);
                BigInteger x = Mod(Pack(ctx, "x"), n), s = Mod(Pack(ctx, "s"), n);
                SetScope(ctx, "x", x);
                SetScope(ctx, "s", s);
                SetValue(ctx, "res", DivModP(ctx, x, s, n));
            }),
            new(XsSafeDiv, ctx => SetValue(ctx, "k", SafeDiv(ctx, ScopeInt(ctx, "res") * ScopeInt(ctx, "s") - ScopeInt(ctx, "x"), ScopeInt(ctx, "N")))),
            new(GetPointFromX, ctx =>
            {
                BigInteger p = Import(ctx, "SECP_P", SecpP);
                BigInteger xCube = Mod(Pack(ctx, "x_cube"), p);
                SetScope(ctx, "x_cube_int", xCube);
                ChooseY(ctx, Mod(xCube + ctx.Constant("BETA"), p), p);
            }),
            new(GetPointFromXR1, ctx => GetPointFromXR1Impl(ctx, Felt.Modulus)),
            new(GetPointFromXR1V012, ctx => GetPointFromXR1Impl(ctx, R1P)),
            new(IsOnCurve, ctx => IsOnCurveImpl(ctx, ScopeInt(ctx, "SECP_P"))),
            new(IsOnCurveR1, ctx => IsOnCurveImpl(ctx, R1P)),

            // ec.cairo: negate, slopes, doubling and addition
            new(EcNegate, ctx => NegateImpl(ctx, Import(ctx, "SECP_P", SecpP))),
            new(EcNegateEd25519, ctx => NegateImpl(ctx, Import(ctx, "SECP_P", Ed25519P))),
            new(EcDoubleSlope, ctx => DoubleSlopeImpl(ctx, "point", Import(ctx, "SECP_P", SecpP), BigInteger.Zero, Felt.Modulus)),
            new(EcDoubleSlopeEd25519, ctx => DoubleSlopeImpl(ctx, "point", Import(ctx, "SECP_P", Ed25519P), Ed25519Alpha, Felt.Modulus)),
            new(EcDoubleSlopeDivMod, ctx =>
            {
                BigInteger p = Import(ctx, "SECP_P", SecpP);
                BigInteger x = Pack(ctx, "pt.x"), y = Pack(ctx, "pt.y");
                SetScope(ctx, "x", x);
                SetScope(ctx, "y", y);
                SetValue(ctx, "slope", DivModP(ctx, 3 * x * x, 2 * y, p));
            }),
            new(EcDoubleSlopeR1V012, ctx => DoubleSlopeImpl(ctx, "point", ImportR1P(ctx), Import(ctx, "SECP256R1_ALPHA", R1Alpha), R1P)),
            new(EcDoubleSlopeR1, ctx => DoubleSlopeImpl(ctx, "point", ImportR1P(ctx), Import(ctx, "SECP256R1_ALPHA", R1Alpha), Felt.Modulus)),
            new(EcDoubleSlopeScopeConsts, ctx => DoubleSlopeImpl(ctx, "point", ScopeInt(ctx, "SECP_P"), ScopeInt(ctx, "ALPHA"), Felt.Modulus)),
            new(ComputeSlope, ctx => LineSlopeImpl(ctx, "point0", "point1", Import(ctx, "SECP_P", SecpP), check: true)),
            new(ComputeSlopeEd25519, ctx => LineSlopeImpl(ctx, "point0", "point1", Import(ctx, "SECP_P", Ed25519P), check: true)),
            new(ComputeSlopeScopeP, ctx => LineSlopeImpl(ctx, "point0", "point1", ScopeInt(ctx, "SECP_P"), check: true)),
            new(ComputeSlopeR1, ctx => LineSlopeImpl(ctx, "point0", "point1", ImportR1P(ctx), check: true)),
            new(ComputeSlopeDivMod, ctx => LineSlopeImpl(ctx, "pt0", "pt1", Import(ctx, "SECP_P", SecpP), check: false)),
            new(ImportSecp256r1P, ctx => Import(ctx, "SECP_P", R1P)),
            new(ImportSecp256r1Alpha, ctx => Import(ctx, "ALPHA", R1Alpha)),
            new(ImportSecp256r1N, ctx => Import(ctx, "N", R1N)),
            new(EcDoubleAssignNewX, ctx => DoubleNewXImpl(ctx, "point", Import(ctx, "SECP_P", SecpP), Felt.Modulus)),
            new(EcDoubleAssignNewXScopeP, ctx => DoubleNewXImpl(ctx, "point", ScopeInt(ctx, "SECP_P"), Felt.Modulus)),
            new(EcDoubleAssignNewXEd25519, ctx => DoubleNewXImpl(ctx, "point", Import(ctx, "SECP_P", Ed25519P), Felt.Modulus)),
            new(EcDoubleAssignNewXPt, ctx => DoubleNewXImpl(ctx, "pt", Import(ctx, "SECP_P", SecpP), Felt.Modulus)),
            new(EcDoubleAssignNewXR1, ctx => DoubleNewXImpl(ctx, "point", ImportR1P(ctx), Felt.Modulus)),
            new(EcDoubleAssignNewXR1V012, ctx => DoubleNewXImpl(ctx, "point", ImportR1P(ctx), R1P)),
            new(EcDoubleAssignNewY, ctx => DoubleNewYImpl(ctx, ScopeInt(ctx, "SECP_P"))),
            new(EcDoubleAssignNewYR1, ctx => DoubleNewYImpl(ctx, ScopeInt(ctx, "SECP256R1_P"))),
            new(FastEcAddAssignNewX, ctx => AddNewXImpl(ctx, "point0", "point1", Import(ctx, "SECP_P", SecpP))),
            new(FastEcAddAssignNewXEd25519, ctx => AddNewXImpl(ctx, "point0", "point1", Import(ctx, "SECP_P", Ed25519P))),
            new(FastEcAddAssignNewXPt, ctx => AddNewXImpl(ctx, "pt0", "pt1", Import(ctx, "SECP_P", SecpP))),
            new(FastEcAddAssignNewXScopeP, ctx => AddNewXImpl(ctx, "point0", "point1", ScopeInt(ctx, "SECP_P"))),
            new(FastEcAddAssignNewY, ctx =>
            {
                BigInteger p = ScopeInt(ctx, "SECP_P");
                SetValue(ctx, "new_y", Mod(ScopeInt(ctx, "slope") * (ScopeInt(ctx, "x0") - ScopeInt(ctx, "new_x")) - ScopeInt(ctx, "y0"), p));
            }),
            new(EcMulInner, ctx => WriteBoolAtAp(ctx, !Int(ctx, "scalar").IsEven)),
            new(Nibbles, ctx =>
            {
                BigInteger num = (Int(ctx, ctx.MemberAddress("scalar", "high")) << 128) + Int(ctx, ctx.MemberAddress("scalar", "low"));
                var nibbles = new List<BigInteger>(64);
                for (int i = 0; i < 256; i += 4) nibbles.Add((num >> i) & 0xF);
                ctx.Set("first_nibble", F(nibbles[^1]));
                nibbles.RemoveAt(nibbles.Count - 1);
                ctx.Set("last_nibble", F(nibbles[0]));
                ctx.Processor.Scope["nibbles"] = nibbles;
            }),

            // bigint (ec_bigint whitelist): division modulo a packed prime with a 5-limb dividend
            new(BigintPackDivMod, ctx =>
            {
                BigInteger p = Pack(ctx, "P");
                Relocatable xAddr = StructAddress(ctx, "x");
                BigInteger b = ctx.Constant("BASE");
                BigInteger x = Pack(ctx, "x") + AsInt(Int(ctx, xAddr.Add(3))) * BigInteger.Pow(b, 3) + AsInt(Int(ctx, xAddr.Add(4))) * BigInteger.Pow(b, 4);
                BigInteger y = Pack(ctx, "y");
                SetScope(ctx, "p", p);
                SetScope(ctx, "x", x);
                SetScope(ctx, "y", y);
                SetValue(ctx, "res", DivModP(ctx, x, y, p));
            }),
            new(BigintSafeDiv, ctx =>
            {
                BigInteger k = SafeDiv(ctx, ScopeInt(ctx, "res") * ScopeInt(ctx, "y") - ScopeInt(ctx, "x"), ScopeInt(ctx, "p"));
                SetScope(ctx, "k", k);
                SetScope(ctx, "value", k.Sign > 0 ? k : -k);
                ctx.Set("flag", F(k.Sign > 0 ? 1 : 0));
            }),

            // secp256r1/field.cairo: assert_165_bit
            new(Assert165Bits, ctx =>
            {
                BigInteger v = Int(ctx, "value");
                BigInteger upper = ctx.Constant("UPPER_BOUND"), shift = ctx.Constant("SHIFT");
                if (v >= upper) throw ctx.Fail($"{v} is outside of the range [0, 2**165).");
                var (high, low) = DivMod(v, shift);
                ctx.Set("high", F(high));
                ctx.Set("low", F(low));
            }),
        };
        for (int k = 0; k < 16; k++)
        {
            int fpOffset = k;
            list.Add(new(NibblesPopToLocal(k), ctx => ctx.Memory.Insert(ctx.Fp.Add(fpOffset), F(PopNibble(ctx)))));
        }
        return list.ToArray();
    }

    private static BigInteger Hex(string digits) => BigInteger.Parse("0" + digits, System.Globalization.NumberStyles.HexNumber);

    /// <summary>Binds a module constant in the scope (a Python <c>from … import NAME</c>) and returns it.</summary>
    private static BigInteger Import(HintContext ctx, string name, BigInteger value)
    {
        SetScope(ctx, name, value);
        return value;
    }

    /// <summary>Python's <c>a % m</c> for either sign of m (the result takes m's sign).</summary>
    private static BigInteger PyMod(BigInteger a, BigInteger m)
    {
        BigInteger r = BigInteger.Remainder(a, m);
        return !r.IsZero && (r.Sign < 0) != (m.Sign < 0) ? r + m : r;
    }

    private static BigInteger ImportR1P(HintContext ctx) => Import(ctx, "SECP256R1_P", R1P);

    /// <summary>Sets both <c>value</c> and <paramref name="alias"/> (<c>value = alias = v</c>).</summary>
    private static void SetValue(HintContext ctx, string alias, BigInteger v)
    {
        SetScope(ctx, alias, v);
        SetScope(ctx, "value", v);
    }

    /// <summary>The address of the struct <c>ids.path</c>: <c>name</c> or <c>name.member</c> (value or pointer reference).</summary>
    internal static Relocatable StructAddress(HintContext ctx, string path)
    {
        int dot = path.IndexOf('.');
        if (dot >= 0) return ctx.MemberAddress(path[..dot], path[(dot + 1)..]);
        return ctx.StructAddress(path);
    }

    /// <summary>cairo-lang <c>pack(ids.path, prime)</c>: Σ as_int(dᵢ, prime)·2^(86i) over the three limbs.</summary>
    internal static BigInteger Pack(HintContext ctx, string path, BigInteger? prime = null)
    {
        Relocatable a = StructAddress(ctx, path);
        BigInteger p = prime ?? Felt.Modulus;
        BigInteger sum = BigInteger.Zero;
        for (int i = 2; i >= 0; i--)
        {
            BigInteger limb = Int(ctx, a.Add(i));
            sum = sum * Base + (limb < p / 2 ? limb : limb - p);
        }
        return sum;
    }

    /// <summary>cairo-lang <c>split(num)</c>: three limbs base 2^86; fails unless 0 ≤ num &lt; 2^258.</summary>
    internal static BigInteger[] Split(HintContext ctx, BigInteger num)
    {
        var limbs = new BigInteger[3];
        BigInteger rest = num;
        for (int i = 0; i < 3; i++) (rest, limbs[i]) = DivMod(rest, Base);
        if (!rest.IsZero) throw ctx.Fail($"split: {num} does not fit in three 86-bit limbs");
        return limbs;
    }

    /// <summary>math_utils <c>div_mod(n, m, p)</c>: x in [0, p) with m·x ≡ n (mod p); fails unless gcd(m, p) = 1.</summary>
    internal static BigInteger DivModP(HintContext ctx, BigInteger n, BigInteger m, BigInteger p)
    {
        if (p.Sign <= 0) throw ctx.Fail($"div_mod: modulus {p} is not positive");
        // Extended Euclid on (m mod p, p): old_s·m ≡ gcd (mod p).
        BigInteger oldR = Mod(m, p), r = p, oldS = BigInteger.One, s = BigInteger.Zero;
        while (!r.IsZero)
        {
            BigInteger q = BigInteger.Divide(oldR, r);
            (oldR, r) = (r, oldR - q * r);
            (oldS, s) = (s, oldS - q * s);
        }
        if (oldR != BigInteger.One && !(p.IsOne)) throw ctx.Fail($"div_mod: {m} is not invertible modulo {p}");
        return Mod(n * oldS, p);
    }

    /// <summary>math_utils <c>safe_div(x, y)</c>: x / y, failing unless y divides x.</summary>
    internal static BigInteger SafeDiv(HintContext ctx, BigInteger x, BigInteger y)
    {
        if (y.IsZero) throw ctx.Fail("safe_div: division by zero");
        BigInteger q = BigInteger.DivRem(x, y, out BigInteger rem);
        if (!rem.IsZero) throw ctx.Fail($"{x} is not divisible by {y}.");
        return q;
    }

    private static void NondetBigint3Impl(HintContext ctx) => WriteArg(ctx, ctx.AddressOf("res"), Split(ctx, ScopeInt(ctx, "value")));

    private static void VerifyZeroImpl(HintContext ctx, BigInteger p)
    {
        var (q, r) = DivMod(Pack(ctx, "val"), p);
        if (!r.IsZero)
        {
            Relocatable v = StructAddress(ctx, "val");
            throw ctx.Fail($"verify_zero: Invalid input ({Int(ctx, v)}, {Int(ctx, v.Add(1))}, {Int(ctx, v.Add(2))}).");
        }
        SetScope(ctx, "q", q);
        SetScope(ctx, "r", r);
        ctx.Set("q", F(q));
    }

    private static void Inverse(HintContext ctx, BigInteger p, string? alias)
    {
        BigInteger inv = DivModP(ctx, BigInteger.One, ScopeInt(ctx, "x"), p);
        if (alias is not null) SetScope(ctx, alias, inv);
        SetScope(ctx, "value", inv);
    }

    private static void DivModNImpl(HintContext ctx, BigInteger n)
    {
        BigInteger a = Pack(ctx, "a"), b = Pack(ctx, "b");
        SetScope(ctx, "a", a);
        SetScope(ctx, "b", b);
        SetValue(ctx, "res", DivModP(ctx, a, b, n));
    }

    /// <summary>y = y_square^((p+1)/4) (p ≡ 3 mod 4), then <c>value</c> = the root with the parity of <c>ids.v</c>.</summary>
    private static void ChooseY(HintContext ctx, BigInteger ySquare, BigInteger p)
    {
        SetScope(ctx, "y_square_int", ySquare);
        BigInteger y = BigInteger.ModPow(ySquare, (p + 1) / 4, p);
        SetScope(ctx, "y", y);
        SetScope(ctx, "value", Int(ctx, "v").IsEven == y.IsEven ? y : Mod(-y, p));
    }

    private static void GetPointFromXR1Impl(HintContext ctx, BigInteger packPrime)
    {
        BigInteger x = Pack(ctx, "x", packPrime);
        // math_utils y_squared_from_x: (x³ mod p + α·x + β) mod p.
        BigInteger ySquare = Mod(BigInteger.ModPow(Mod(x, R1P), 3, R1P) + R1Alpha * x + R1Beta, R1P);
        ChooseY(ctx, ySquare, R1P);
    }

    private static void IsOnCurveImpl(HintContext ctx, BigInteger p)
    {
        BigInteger y = ScopeInt(ctx, "y");
        ctx.Set("is_on_curve", F(Mod(y * y, p) == ScopeInt(ctx, "y_square_int") ? 1 : 0));
    }

    private static void NegateImpl(HintContext ctx, BigInteger p)
    {
        BigInteger y = Mod(Pack(ctx, "point.y"), p);
        SetScope(ctx, "y", y);
        SetScope(ctx, "value", Mod(-y, p));
    }

    private static void DoubleSlopeImpl(HintContext ctx, string point, BigInteger p, BigInteger alpha, BigInteger packPrime)
    {
        BigInteger x = Pack(ctx, point + ".x", packPrime), y = Pack(ctx, point + ".y", packPrime);
        SetScope(ctx, "x", x);
        SetScope(ctx, "y", y);
        // math_utils ec_double_slope: assert y % p != 0; div_mod(3x² + α, 2y, p).
        if (Mod(y, p).IsZero) throw ctx.Fail("ec_double_slope: the point's y coordinate is 0");
        SetValue(ctx, "slope", DivModP(ctx, 3 * x * x + alpha, 2 * y, p));
    }

    private static void LineSlopeImpl(HintContext ctx, string point0, string point1, BigInteger p, bool check)
    {
        BigInteger x0 = Pack(ctx, point0 + ".x"), y0 = Pack(ctx, point0 + ".y");
        BigInteger x1 = Pack(ctx, point1 + ".x"), y1 = Pack(ctx, point1 + ".y");
        SetScope(ctx, "x0", x0);
        SetScope(ctx, "y0", y0);
        SetScope(ctx, "x1", x1);
        SetScope(ctx, "y1", y1);
        // math_utils line_slope: assert (x0 - x1) % p != 0; div_mod(y0 - y1, x0 - x1, p).
        if (check && Mod(x0 - x1, p).IsZero) throw ctx.Fail("line_slope: the points have the same x coordinate");
        SetValue(ctx, "slope", DivModP(ctx, y0 - y1, x0 - x1, p));
    }

    private static void DoubleNewXImpl(HintContext ctx, string point, BigInteger p, BigInteger packPrime)
    {
        BigInteger slope = Pack(ctx, "slope", packPrime);
        BigInteger x = Pack(ctx, point + ".x", packPrime), y = Pack(ctx, point + ".y", packPrime);
        SetScope(ctx, "slope", slope);
        SetScope(ctx, "x", x);
        SetScope(ctx, "y", y);
        SetValue(ctx, "new_x", Mod(BigInteger.ModPow(Mod(slope, p), 2, p) - 2 * x, p));
    }

    private static void DoubleNewYImpl(HintContext ctx, BigInteger p) =>
        SetValue(ctx, "new_y", Mod(ScopeInt(ctx, "slope") * (ScopeInt(ctx, "x") - ScopeInt(ctx, "new_x")) - ScopeInt(ctx, "y"), p));

    private static void AddNewXImpl(HintContext ctx, string point0, string point1, BigInteger p)
    {
        BigInteger slope = Pack(ctx, "slope");
        BigInteger x0 = Pack(ctx, point0 + ".x"), x1 = Pack(ctx, point1 + ".x"), y0 = Pack(ctx, point0 + ".y");
        SetScope(ctx, "slope", slope);
        SetScope(ctx, "x0", x0);
        SetScope(ctx, "x1", x1);
        SetScope(ctx, "y0", y0);
        SetValue(ctx, "new_x", Mod(BigInteger.ModPow(Mod(slope, p), 2, p) - x0 - x1, p));
    }

    private static BigInteger PopNibble(HintContext ctx)
    {
        if (!ctx.Processor.Scope.TryGetValue("nibbles", out object? o) || o is not List<BigInteger> nibbles) throw ctx.Fail("name 'nibbles' is not defined");
        if (nibbles.Count == 0) throw ctx.Fail("pop from empty list");
        BigInteger v = nibbles[^1];
        nibbles.RemoveAt(nibbles.Count - 1);
        return v;
    }
}
