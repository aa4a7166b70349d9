using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>Hints of <c>starkware.cairo.common.uint256</c> (values as <c>low</c>, <c>high</c> 128-bit limbs).</summary>
public static class Uint256Hints
{
    private static readonly BigInteger Shift = BigInteger.One << 128;

    public const string Split64 = """
        ids.low = ids.a & ((1<<64) - 1)
        ids.high = ids.a >> 64
        """;

    public const string Uint256Add = """
        sum_low = ids.a.low + ids.b.low
        ids.carry_low = 1 if sum_low >= ids.SHIFT else 0
        sum_high = ids.a.high + ids.b.high + ids.carry_low
        ids.carry_high = 1 if sum_high >= ids.SHIFT else 0
        """;

    public const string Uint256Sub = """
        def split(num: int, num_bits_shift: int = 128, length: int = 2):
            a = []
            for _ in range(length):
                a.append( num & ((1 << num_bits_shift) - 1) )
                num = num >> num_bits_shift
            return tuple(a)

        def pack(z, num_bits_shift: int = 128) -> int:
            limbs = (z.low, z.high)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        a = pack(ids.a)
        b = pack(ids.b)
        res = (a - b)%2**256
        res_split = split(res)
        ids.res.low = res_split[0]
        ids.res.high = res_split[1]
        """;

    public const string Uint256Sqrt = """
        from starkware.python.math_utils import isqrt
        n = (ids.n.high << 128) + ids.n.low
        root = isqrt(n)
        assert 0 <= root < 2 ** 128
        ids.root.low = root
        ids.root.high = 0
        """;

    public const string Uint256SignedNn = """
        memory[ap] = 1 if 0 <= (ids.a.high % PRIME) < 2 ** 127 else 0
        """;

    public const string Uint256UnsignedDivRem = """
        a = (ids.a.high << 128) + ids.a.low
        div = (ids.div.high << 128) + ids.div.low
        quotient, remainder = divmod(a, div)

        ids.quotient.low = quotient & ((1 << 128) - 1)
        ids.quotient.high = quotient >> 128
        ids.remainder.low = remainder & ((1 << 128) - 1)
        ids.remainder.high = remainder >> 128
        """;

    public const string Uint256MulDivMod = """
        a = (ids.a.high << 128) + ids.a.low
        b = (ids.b.high << 128) + ids.b.low
        div = (ids.div.high << 128) + ids.div.low
        quotient, remainder = divmod(a * b, div)

        ids.quotient_low.low = quotient & ((1 << 128) - 1)
        ids.quotient_low.high = (quotient >> 128) & ((1 << 128) - 1)
        ids.quotient_high.low = (quotient >> 256) & ((1 << 128) - 1)
        ids.quotient_high.high = quotient >> 384
        ids.remainder.low = remainder & ((1 << 128) - 1)
        ids.remainder.high = remainder >> 128
        """;

    /// <summary><c>uint256_unsigned_div_rem</c> with the divisor as a <c>Uint256Expanded</c> (StarkNet's uint256 improvements).</summary>
    public const string Uint256ExpandedUnsignedDivRem = """
        a = (ids.a.high << 128) + ids.a.low
        div = (ids.div.b23 << 128) + ids.div.b01
        quotient, remainder = divmod(a, div)

        ids.quotient.low = quotient & ((1 << 128) - 1)
        ids.quotient.high = quotient >> 128
        ids.remainder.low = remainder & ((1 << 128) - 1)
        ids.remainder.high = remainder >> 128
        """;

    /// <summary><c>uint256_sqrt</c> returning the root as a felt (StarkNet's uint256 improvements).</summary>
    public const string Uint256SqrtFelt = """
        from starkware.python.math_utils import isqrt
        n = (ids.n.high << 128) + ids.n.low
        root = isqrt(n)
        assert 0 <= root < 2 ** 128
        ids.root = root
        """;

    /// <summary><c>uint256_add</c> computing the low carry only.</summary>
    public const string Uint256AddLow = """
        sum_low = ids.a.low + ids.b.low
        ids.carry_low = 1 if sum_low >= ids.SHIFT else 0
        """;

    /// <summary><c>uint128_add</c> (StarkNet's uint256 improvements).</summary>
    public const string Uint128Add = """
        res = ids.a + ids.b
        ids.carry = 1 if res >= ids.SHIFT else 0
        """;

    /// <summary>(an external library; text as lambdaclass cairo-vm lists it).</summary>
    public const string Split128 = """
        ids.low = ids.a & ((1<<128) - 1)
        ids.high = ids.a >> 128
        """;


    /// <summary>(an external library; text as lambdaclass cairo-vm lists it).</summary>
    public const string Uint384AddNoCheck = """
        sum_d0 = ids.a.d0 + ids.b.d0
        ids.carry_d0 = 1 if sum_d0 >= ids.SHIFT else 0
        sum_d1 = ids.a.d1 + ids.b.d1 + ids.carry_d0
        ids.carry_d1 = 1 if sum_d1 >= ids.SHIFT else 0
        sum_d2 = ids.a.d2 + ids.b.d2 + ids.carry_d1
        ids.carry_d2 = 1 if sum_d2 >= ids.SHIFT else 0
        """;


    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(Split128, ctx =>
        {
            BigInteger a = ctx.GetFelt("a").ToBigInteger();
            ctx.Set("low", F(a & (Shift - 1)));
            ctx.Set("high", F(a >> 128));
        }),
        new(Uint384AddNoCheck, ctx =>
        {
            BigInteger shift = ctx.Constant("SHIFT"), carry = 0;
            foreach (string d in new[] { "d0", "d1", "d2" })
            {
                BigInteger sum = Limb(ctx, "a", d) + Limb(ctx, "b", d) + carry;
                carry = sum >= shift ? 1 : 0;
                ctx.Set("carry_" + d, F(carry));
            }
        }),

        new(Split64, ctx =>
        {
            BigInteger a = ctx.GetFelt("a").ToBigInteger();
            ctx.Set("low", F(a & ((BigInteger.One << 64) - 1)));
            ctx.Set("high", F(a >> 64));
        }),
        new(Uint256Add, ctx =>
        {
            BigInteger sumLow = Limb(ctx, "a", "low") + Limb(ctx, "b", "low");
            int carryLow = sumLow >= Shift ? 1 : 0;
            BigInteger sumHigh = Limb(ctx, "a", "high") + Limb(ctx, "b", "high") + carryLow;
            ctx.Set("carry_low", carryLow == 1 ? Felt.One : Felt.Zero);
            ctx.Set("carry_high", sumHigh >= Shift ? Felt.One : Felt.Zero);
        }),
        new(Uint256Sub, ctx =>
        {
            BigInteger res = (Value(ctx, "a") - Value(ctx, "b")) % (BigInteger.One << 256);
            if (res.Sign < 0) res += BigInteger.One << 256;
            SetValue(ctx, "res", res);
        }),
        new(Uint256Sqrt, ctx =>
        {
            BigInteger root = Isqrt(Value(ctx, "n"));
            if (root >= Shift) throw ctx.Fail($"assert 0 <= {root} < 2 ** 128");
            ctx.Memory.Insert(ctx.MemberAddress("root", "low"), F(root));
            ctx.Memory.Insert(ctx.MemberAddress("root", "high"), F(0));
        }),
        new(Uint256SignedNn, ctx => ctx.Memory.Insert(ctx.Ap, Limb(ctx, "a", "high") < (BigInteger.One << 127) ? Felt.One : Felt.Zero)),
        new(Uint256UnsignedDivRem, ctx =>
        {
            BigInteger div = Value(ctx, "div");
            if (div.IsZero) throw ctx.Fail("division by zero");
            BigInteger q = BigInteger.DivRem(Value(ctx, "a"), div, out BigInteger r);
            SetValue(ctx, "quotient", q);
            SetValue(ctx, "remainder", r);
        }),
        new(Uint256MulDivMod, ctx =>
        {
            BigInteger div = Value(ctx, "div");
            if (div.IsZero) throw ctx.Fail("division by zero");
            BigInteger q = BigInteger.DivRem(Value(ctx, "a") * Value(ctx, "b"), div, out BigInteger r);
            SetValue(ctx, "quotient_low", q & (BigInteger.Pow(Shift, 2) - 1));
            SetValue(ctx, "quotient_high", q >> 256);
            SetValue(ctx, "remainder", r);
        }),
        new(Uint256ExpandedUnsignedDivRem, ctx =>
        {
            BigInteger div = (Limb(ctx, "div", "b23") << 128) + Limb(ctx, "div", "b01");
            if (div.IsZero) throw ctx.Fail("division by zero");
            BigInteger q = BigInteger.DivRem(Value(ctx, "a"), div, out BigInteger r);
            SetValue(ctx, "quotient", q);
            SetValue(ctx, "remainder", r);
        }),
        new(Uint256SqrtFelt, ctx =>
        {
            BigInteger root = Isqrt(Value(ctx, "n"));
            if (root >= Shift) throw ctx.Fail($"assert 0 <= {root} < 2 ** 128");
            ctx.Set("root", F(root));
        }),
        new(Uint256AddLow, ctx =>
        {
            BigInteger sumLow = Limb(ctx, "a", "low") + Limb(ctx, "b", "low");
            ctx.Set("carry_low", sumLow >= Shift ? Felt.One : Felt.Zero);
        }),
        new(Uint128Add, ctx =>
        {
            BigInteger res = ctx.GetFelt("a").ToBigInteger() + ctx.GetFelt("b").ToBigInteger();
            ctx.Set("carry", res >= Shift ? Felt.One : Felt.Zero);
        }),
    ];

    private static BigInteger Limb(HintContext ctx, string name, string member) => ctx.Memory.GetFelt(ctx.MemberAddress(name, member)).ToBigInteger();

    private static BigInteger Value(HintContext ctx, string name) => (Limb(ctx, name, "high") << 128) + Limb(ctx, name, "low");

    private static void SetValue(HintContext ctx, string name, BigInteger v)
    {
        ctx.Memory.Insert(ctx.MemberAddress(name, "low"), F(v & (Shift - 1)));
        ctx.Memory.Insert(ctx.MemberAddress(name, "high"), F(v >> 128));
    }

    private static MaybeRelocatable F(BigInteger v) => MaybeRelocatable.FromFelt(Felt.FromBigInteger(v));

    private static BigInteger Isqrt(BigInteger n) => IntegerMath.Isqrt(n);
}
