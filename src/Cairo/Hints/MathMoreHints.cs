using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>More hints of <c>starkware.cairo.common.math</c> and <c>math_cmp</c>: comparisons, division, splits, sqrt.</summary>
public static class MathMoreHints
{
    public const string IsPositive = """
        from starkware.cairo.common.math_utils import is_positive
        ids.is_positive = 1 if is_positive(
            value=ids.value, prime=PRIME, rc_bound=range_check_builtin.bound) else 0
        """;

    public const string AssertLeFelt = """
        import itertools

        from starkware.cairo.common.math_utils import assert_integer
        assert_integer(ids.a)
        assert_integer(ids.b)
        a = ids.a % PRIME
        b = ids.b % PRIME
        assert a <= b, f'a = {a} is not less than or equal to b = {b}.'

        # Find an arc less than PRIME / 3, and another less than PRIME / 2.
        lengths_and_indices = [(a, 0), (b - a, 1), (PRIME - 1 - b, 2)]
        lengths_and_indices.sort()
        assert lengths_and_indices[0][0] <= PRIME // 3 and lengths_and_indices[1][0] <= PRIME // 2
        excluded = lengths_and_indices[2][1]

        memory[ids.range_check_ptr + 1], memory[ids.range_check_ptr + 0] = (
            divmod(lengths_and_indices[0][0], ids.PRIME_OVER_3_HIGH))
        memory[ids.range_check_ptr + 3], memory[ids.range_check_ptr + 2] = (
            divmod(lengths_and_indices[1][0], ids.PRIME_OVER_2_HIGH))
        """;

    public const string AssertLeFeltExcluded0 = """
        memory[ap] = 1 if excluded != 0 else 0
        """;

    public const string AssertLeFeltExcluded1 = """
        memory[ap] = 1 if excluded != 1 else 0
        """;

    public const string AssertLeFeltExcluded2 = """
        assert excluded == 2
        """;

    public const string AssertLtFelt = """
        from starkware.cairo.common.math_utils import assert_integer
        assert_integer(ids.a)
        assert_integer(ids.b)
        assert (ids.a % PRIME) < (ids.b % PRIME), \
            f'a = {ids.a % PRIME} is not less than b = {ids.b % PRIME}.'
        """;

    public const string SplitIntAssertRange = """
        assert ids.value == 0, 'split_int(): value is out of range.'
        """;

    public const string Assert250Bits = """
        from starkware.cairo.common.math_utils import as_int

        # Correctness check.
        value = as_int(ids.value, PRIME) % PRIME
        assert value < ids.UPPER_BOUND, f'{value} is outside of the range [0, 2**250).'

        # Calculation for the assertion.
        ids.high, ids.low = divmod(ids.value, ids.SHIFT)
        """;

    public const string Is250Bits = """
        ids.is_250 = 1 if ids.addr < 2**250 else 0
        """;

    public const string SplitInt = """
        memory[ids.output] = res = (int(ids.value) % PRIME) % ids.base
        assert res < ids.bound, f'split_int(): Limb {res} is out of range.'
        """;

    public const string Sqrt = """
        from starkware.python.math_utils import isqrt
        value = ids.value % PRIME
        assert value < 2 ** 250, f"value={value} is outside of the range [0, 2**250)."
        assert 2 ** 250 < PRIME
        ids.root = isqrt(value)
        """;

    public const string UnsignedDivRem = """
        from starkware.cairo.common.math_utils import assert_integer
        assert_integer(ids.div)
        assert 0 < ids.div <= PRIME // range_check_builtin.bound, \
            f'div={hex(ids.div)} is out of the valid range.'
        ids.q, ids.r = divmod(ids.value, ids.div)
        """;

    public const string SignedDivRem = """
        from starkware.cairo.common.math_utils import as_int, assert_integer

        assert_integer(ids.div)
        assert 0 < ids.div <= PRIME // range_check_builtin.bound, \
            f'div={hex(ids.div)} is out of the valid range.'

        assert_integer(ids.bound)
        assert ids.bound <= range_check_builtin.bound // 2, \
            f'bound={hex(ids.bound)} is out of the valid range.'

        int_value = as_int(ids.value, PRIME)
        q, ids.r = divmod(int_value, ids.div)

        assert -ids.bound <= q < ids.bound, \
            f'{int_value} / {ids.div} = {q} is out of the range [{-ids.bound}, {ids.bound}).'

        ids.biased_q = q + ids.bound
        """;

    /// <summary>(cairo-lang math.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string IsQuadResidue = """
        from starkware.crypto.signature.signature import FIELD_PRIME
        from starkware.python.math_utils import div_mod, is_quad_residue, sqrt

        x = ids.x
        if is_quad_residue(x, FIELD_PRIME):
            ids.y = sqrt(x, FIELD_PRIME)
        else:
            ids.y = sqrt(div_mod(x, 3, FIELD_PRIME), FIELD_PRIME)
        """;


    /// <summary>(cairo-lang log2_ceil.cairo).</summary>
    public const string Log2Ceil = """
        from starkware.python.math_utils import log2_ceil
        ids.res = log2_ceil(ids.value)
        """;


    /// <summary>(StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string IsAddrBounded = """
        # Verify the assumptions on the relationship between 2**250, ADDR_BOUND and PRIME.
        ADDR_BOUND = ids.ADDR_BOUND % PRIME
        assert (2**250 < ADDR_BOUND <= 2**251) and (2 * 2**250 < PRIME) and (
                ADDR_BOUND * 2 > PRIME), \
            'normalize_address() cannot be used with the current constants.'
        ids.is_small = 1 if ids.addr < ADDR_BOUND else 0
        """;


    /// <summary>(cairo-lang math.cairo).</summary>
    public const string AssertLeFeltV06 = """
        from starkware.cairo.common.math_utils import assert_integer
        assert_integer(ids.a)
        assert_integer(ids.b)
        assert (ids.a % PRIME) <= (ids.b % PRIME), \
            f'a = {ids.a % PRIME} is not less than or equal to b = {ids.b % PRIME}.'
        """;


    /// <summary>(cairo-lang math.cairo).</summary>
    public const string AssertLeFeltV08 = """
        from starkware.cairo.common.math_utils import assert_integer
        assert_integer(ids.a)
        assert_integer(ids.b)
        a = ids.a % PRIME
        b = ids.b % PRIME
        assert a <= b, f'a = {a} is not less than or equal to b = {b}.'

        ids.small_inputs = int(
            a < range_check_builtin.bound and (b - a) < range_check_builtin.bound)
        """;


    /// <summary>(an external library; text as lambdaclass cairo-vm lists it).</summary>
    public const string GetFeltBitLength = """
        x = ids.x
        ids.bit_length = x.bit_length()
        """;


    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(AssertLeFeltV06, ctx =>
        {
            BigInteger a = Int(ctx, "a"), b = Int(ctx, "b");
            if (a > b) throw ctx.Fail($"a = {a} is not less than or equal to b = {b}.");
        }),
        new(AssertLeFeltV08, ctx =>
        {
            BigInteger a = Int(ctx, "a"), b = Int(ctx, "b");
            if (a > b) throw ctx.Fail($"a = {a} is not less than or equal to b = {b}.");
            ctx.Set("small_inputs", F(a < MathHints.RcBound && b - a < MathHints.RcBound ? 1 : 0));
        }),
        new(GetFeltBitLength, ctx => ctx.Set("bit_length", F((long)Int(ctx, "x").GetBitLength()))),

        new(IsQuadResidue, ctx =>
        {
            // x is a square, or else x / 3 is (3 is not a square mod PRIME); the smaller root in either case.
            Felt x = ctx.GetFelt("x");
            if (!x.TrySqrt(out Felt y) && !(x / Felt.FromUInt64(3)).TrySqrt(out y))
                throw ctx.Fail($"neither {x.ToBigInteger()} nor its third is a square");
            ctx.Set("y", y);
        }),
        new(Log2Ceil, ctx =>
        {
            BigInteger v = Int(ctx, "value");
            if (v.Sign <= 0) throw ctx.Fail("log2_ceil: assert x > 0 failed");
            ctx.Set("res", F((long)(v - 1).GetBitLength()));
        }),
        new(IsAddrBounded, ctx =>
        {
            BigInteger bound = ((ctx.Constant("ADDR_BOUND") % Felt.Modulus) + Felt.Modulus) % Felt.Modulus;
            BigInteger two250 = BigInteger.One << 250;
            if (!(two250 < bound && bound <= two250 * 2 && bound * 2 > Felt.Modulus))
                throw ctx.Fail("normalize_address() cannot be used with the current constants.");
            ctx.Set("is_small", F(Int(ctx, "addr") < bound ? 1 : 0));
        }),

        new(IsPositive, ctx =>
        {
            BigInteger v = AsInt(Int(ctx, "value"));
            if (BigInteger.Abs(v) >= MathHints.RcBound) throw ctx.Fail($"value = {v} is out of the range [-rc_bound, rc_bound).");
            ctx.Set("is_positive", v > 0 ? Felt.One : Felt.Zero);
        }),
        new(AssertLeFelt, ctx =>
        {
            BigInteger a = Int(ctx, "a"), b = Int(ctx, "b"), p = Felt.Modulus;
            if (a > b) throw ctx.Fail($"a = {a} is not less than or equal to b = {b}.");
            var arcs = new List<(BigInteger Len, int Index)> { (a, 0), (b - a, 1), (p - 1 - b, 2) };
            arcs.Sort((x, y) => x.Len != y.Len ? x.Len.CompareTo(y.Len) : x.Index.CompareTo(y.Index));
            if (arcs[0].Len > p / 3 || arcs[1].Len > p / 2) throw ctx.Fail("assert_le_felt: arcs are too long");
            ctx.Processor.Scope["excluded"] = (long)arcs[2].Index;
            Relocatable rc = ctx.GetPtr("range_check_ptr");
            BigInteger q3 = ctx.Constant("PRIME_OVER_3_HIGH"), q2 = ctx.Constant("PRIME_OVER_2_HIGH");
            ctx.Memory.Insert(rc.Add(1), F(BigInteger.DivRem(arcs[0].Len, q3, out BigInteger r0)));
            ctx.Memory.Insert(rc.Add(0), F(r0));
            ctx.Memory.Insert(rc.Add(3), F(BigInteger.DivRem(arcs[1].Len, q2, out BigInteger r1)));
            ctx.Memory.Insert(rc.Add(2), F(r1));
        }),
        new(AssertLeFeltExcluded0, ctx => ctx.Memory.Insert(ctx.Ap, Excluded(ctx) != 0 ? Felt.One : Felt.Zero)),
        new(AssertLeFeltExcluded1, ctx => ctx.Memory.Insert(ctx.Ap, Excluded(ctx) != 1 ? Felt.One : Felt.Zero)),
        new(AssertLeFeltExcluded2, ctx =>
        {
            if (Excluded(ctx) != 2) throw ctx.Fail("assert excluded == 2");
        }),
        new(AssertLtFelt, ctx =>
        {
            BigInteger a = Int(ctx, "a"), b = Int(ctx, "b");
            if (a >= b) throw ctx.Fail($"a = {a} is not less than b = {b}.");
        }),
        new(SplitIntAssertRange, ctx =>
        {
            if (!ctx.GetFelt("value").IsZero) throw ctx.Fail("split_int(): value is out of range.");
        }),
        new(Assert250Bits, ctx =>
        {
            BigInteger v = Int(ctx, "value");
            BigInteger upper = ctx.Constant("UPPER_BOUND"), shift = ctx.Constant("SHIFT");
            if (v >= upper) throw ctx.Fail($"{v} is outside of the range [0, 2**250).");
            ctx.Set("high", F(BigInteger.DivRem(v, shift, out BigInteger low)));
            ctx.Set("low", F(low));
        }),
        new(Is250Bits, ctx => ctx.Set("is_250", Int(ctx, "addr") < (BigInteger.One << 250) ? Felt.One : Felt.Zero)),
        new(SplitInt, ctx =>
        {
            BigInteger res = Int(ctx, "value") % Int(ctx, "base");
            if (res >= Int(ctx, "bound")) throw ctx.Fail($"split_int(): Limb {res} is out of range.");
            ctx.Memory.Insert(ctx.GetPtr("output"), F(res));
        }),
        new(Sqrt, ctx =>
        {
            BigInteger v = Int(ctx, "value");
            if (v >= BigInteger.One << 250) throw ctx.Fail($"value={v} is outside of the range [0, 2**250).");
            ctx.Set("root", F(Isqrt(v)));
        }),
        new(UnsignedDivRem, ctx =>
        {
            BigInteger div = Int(ctx, "div");
            if (div.IsZero || div > Felt.Modulus / MathHints.RcBound) throw ctx.Fail($"div=0x{div:x} is out of the valid range.");
            ctx.Set("q", F(BigInteger.DivRem(Int(ctx, "value"), div, out BigInteger r)));
            ctx.Set("r", F(r));
        }),
        new(SignedDivRem, ctx =>
        {
            BigInteger div = Int(ctx, "div"), bound = Int(ctx, "bound");
            if (div.IsZero || div > Felt.Modulus / MathHints.RcBound) throw ctx.Fail($"div=0x{div:x} is out of the valid range.");
            if (bound > MathHints.RcBound / 2) throw ctx.Fail($"bound=0x{bound:x} is out of the valid range.");
            BigInteger v = AsInt(Int(ctx, "value"));
            BigInteger q = BigInteger.DivRem(v, div, out BigInteger r);
            if (r.Sign < 0) { r += div; q -= 1; }
            if (q < -bound || q >= bound) throw ctx.Fail($"{v} / {div} = {q} is out of the range [{-bound}, {bound}).");
            ctx.Set("r", F(r));
            ctx.Set("biased_q", F(q + bound));
        }),
    ];

    private static long Excluded(HintContext ctx) =>
        ctx.Processor.Scope.TryGetValue("excluded", out object? o) && o is long v ? v : throw ctx.Fail("excluded is not in scope");

    private static MaybeRelocatable F(BigInteger v) => MaybeRelocatable.FromFelt(Felt.FromBigInteger(((v % Felt.Modulus) + Felt.Modulus) % Felt.Modulus));

    private static BigInteger Int(HintContext ctx, string name) => ctx.GetFelt(name).ToBigInteger();

    /// <summary>Python's <c>as_int</c>: the felt as a signed integer in (−p/2, p/2].</summary>
    private static BigInteger AsInt(BigInteger v) => v > Felt.Modulus / 2 ? v - Felt.Modulus : v;

    private static BigInteger Isqrt(BigInteger n) => IntegerMath.Isqrt(n);
}
