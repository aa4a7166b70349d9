using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of the uint384 / uint512 field-arithmetic library that Cairo 0 pairing and field code (garaga, fq) build
/// on: values as 128-bit limbs <c>d0, d1, …</c> (or <c>low, high</c>), packed without sign lifting and split
/// by truncation, as the library's own <c>pack</c>/<c>split</c> helpers do.
/// </summary>
/// <remarks>
/// Square roots modulo a (prime) p follow math_utils: <c>is_quad_residue</c> by Euler's criterion (0 is a
/// residue), <c>sqrt</c> the smaller of the two roots (Tonelli–Shanks); a composite p is not supported and fails.
/// </remarks>
public static class Uint384Hints
{
    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string Uint384UnsignedDivRem = """
        def split(num: int, num_bits_shift: int, length: int):
            a = []
            for _ in range(length):
                a.append( num & ((1 << num_bits_shift) - 1) )
                num = num >> num_bits_shift
            return tuple(a)

        def pack(z, num_bits_shift: int) -> int:
            limbs = (z.d0, z.d1, z.d2)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        a = pack(ids.a, num_bits_shift = 128)
        div = pack(ids.div, num_bits_shift = 128)
        quotient, remainder = divmod(a, div)

        quotient_split = split(quotient, num_bits_shift=128, length=3)
        assert len(quotient_split) == 3

        ids.quotient.d0 = quotient_split[0]
        ids.quotient.d1 = quotient_split[1]
        ids.quotient.d2 = quotient_split[2]

        remainder_split = split(remainder, num_bits_shift=128, length=3)
        ids.remainder.d0 = remainder_split[0]
        ids.remainder.d1 = remainder_split[1]
        ids.remainder.d2 = remainder_split[2]
        """;

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string Uint384Sqrt = """
        from starkware.python.math_utils import isqrt

        def split(num: int, num_bits_shift: int, length: int):
            a = []
            for _ in range(length):
                a.append( num & ((1 << num_bits_shift) - 1) )
                num = num >> num_bits_shift
            return tuple(a)

        def pack(z, num_bits_shift: int) -> int:
            limbs = (z.d0, z.d1, z.d2)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        a = pack(ids.a, num_bits_shift=128)
        root = isqrt(a)
        assert 0 <= root < 2 ** 192
        root_split = split(root, num_bits_shift=128, length=3)
        ids.root.d0 = root_split[0]
        ids.root.d1 = root_split[1]
        ids.root.d2 = root_split[2]
        """;

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string SubReducedAAndReducedB = """
        def split(num: int, num_bits_shift: int, length: int):
            a = []
            for _ in range(length):
                a.append( num & ((1 << num_bits_shift) - 1) )
                num = num >> num_bits_shift
            return tuple(a)

        def pack(z, num_bits_shift: int) -> int:
            limbs = (z.d0, z.d1, z.d2)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        a = pack(ids.a, num_bits_shift = 128)
        b = pack(ids.b, num_bits_shift = 128)
        p = pack(ids.p, num_bits_shift = 128)

        res = (a - b) % p


        res_split = split(res, num_bits_shift=128, length=3)

        ids.res.d0 = res_split[0]
        ids.res.d1 = res_split[1]
        ids.res.d2 = res_split[2]
        """;

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string UnsignedDivRemUint768ByUint384 = """
        def split(num: int, num_bits_shift: int, length: int):
            a = []
            for _ in range(length):
                a.append( num & ((1 << num_bits_shift) - 1) )
                num = num >> num_bits_shift 
            return tuple(a)

        def pack(z, num_bits_shift: int) -> int:
            limbs = (z.d0, z.d1, z.d2)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))
            
        def pack_extended(z, num_bits_shift: int) -> int:
            limbs = (z.d0, z.d1, z.d2, z.d3, z.d4, z.d5)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        a = pack_extended(ids.a, num_bits_shift = 128)
        div = pack(ids.div, num_bits_shift = 128)

        quotient, remainder = divmod(a, div)

        quotient_split = split(quotient, num_bits_shift=128, length=6)

        ids.quotient.d0 = quotient_split[0]
        ids.quotient.d1 = quotient_split[1]
        ids.quotient.d2 = quotient_split[2]
        ids.quotient.d3 = quotient_split[3]
        ids.quotient.d4 = quotient_split[4]
        ids.quotient.d5 = quotient_split[5]

        remainder_split = split(remainder, num_bits_shift=128, length=3)
        ids.remainder.d0 = remainder_split[0]
        ids.remainder.d1 = remainder_split[1]
        ids.remainder.d2 = remainder_split[2]
        """;

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string UnsignedDivRemUint768ByUint384Stripped = """
        def split(num: int, num_bits_shift: int, length: int):
            a = []
            for _ in range(length):
                a.append( num & ((1 << num_bits_shift) - 1) )
                num = num >> num_bits_shift
            return tuple(a)

        def pack(z, num_bits_shift: int) -> int:
            limbs = (z.d0, z.d1, z.d2)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        def pack_extended(z, num_bits_shift: int) -> int:
            limbs = (z.d0, z.d1, z.d2, z.d3, z.d4, z.d5)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        a = pack_extended(ids.a, num_bits_shift = 128)
        div = pack(ids.div, num_bits_shift = 128)

        quotient, remainder = divmod(a, div)

        quotient_split = split(quotient, num_bits_shift=128, length=6)

        ids.quotient.d0 = quotient_split[0]
        ids.quotient.d1 = quotient_split[1]
        ids.quotient.d2 = quotient_split[2]
        ids.quotient.d3 = quotient_split[3]
        ids.quotient.d4 = quotient_split[4]
        ids.quotient.d5 = quotient_split[5]

        remainder_split = split(remainder, num_bits_shift=128, length=3)
        ids.remainder.d0 = remainder_split[0]
        ids.remainder.d1 = remainder_split[1]
        ids.remainder.d2 = remainder_split[2]
        """;

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string Uint384SignedNn = "memory[ap] = 1 if 0 <= (ids.a.d2 % PRIME) < 2 ** 127 else 0";

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string Uint384GetSquareRoot = """
        from starkware.python.math_utils import is_quad_residue, sqrt

        def split(num: int, num_bits_shift: int = 128, length: int = 3):
            a = []
            for _ in range(length):
                a.append( num & ((1 << num_bits_shift) - 1) )
                num = num >> num_bits_shift
            return tuple(a)

        def pack(z, num_bits_shift: int = 128) -> int:
            limbs = (z.d0, z.d1, z.d2)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))


        generator = pack(ids.generator)
        x = pack(ids.x)
        p = pack(ids.p)

        success_x = is_quad_residue(x, p)
        root_x = sqrt(x, p) if success_x else None

        success_gx = is_quad_residue(generator*x, p)
        root_gx = sqrt(generator*x, p) if success_gx else None

        # Check that one is 0 and the other is 1
        if x != 0:
            assert success_x + success_gx ==1

        # `None` means that no root was found, but we need to transform these into a felt no matter what
        if root_x == None:
            root_x = 0
        if root_gx == None:
            root_gx = 0
        ids.success_x = int(success_x)
        ids.success_gx = int(success_gx)
        split_root_x = split(root_x)
        split_root_gx = split(root_gx)
        ids.sqrt_x.d0 = split_root_x[0]
        ids.sqrt_x.d1 = split_root_x[1]
        ids.sqrt_x.d2 = split_root_x[2]
        ids.sqrt_gx.d0 = split_root_gx[0]
        ids.sqrt_gx.d1 = split_root_gx[1]
        ids.sqrt_gx.d2 = split_root_gx[2]
        """;

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string Uint256GetSquareRoot = """
        from starkware.python.math_utils import is_quad_residue, sqrt

        def split(a: int):
            return (a & ((1 << 128) - 1), a >> 128)

        def pack(z) -> int:
            return z.low + (z.high << 128)

        generator = pack(ids.generator)
        x = pack(ids.x)
        p = pack(ids.p)

        success_x = is_quad_residue(x, p)
        root_x = sqrt(x, p) if success_x else None
        success_gx = is_quad_residue(generator*x, p)
        root_gx = sqrt(generator*x, p) if success_gx else None

        # Check that one is 0 and the other is 1
        if x != 0:
            assert success_x + success_gx == 1

        # `None` means that no root was found, but we need to transform these into a felt no matter what
        if root_x == None:
            root_x = 0
        if root_gx == None:
            root_gx = 0
        ids.success_x = int(success_x)
        ids.success_gx = int(success_gx)
        split_root_x = split(root_x)
        # print('split root x', split_root_x)
        split_root_gx = split(root_gx)
        ids.sqrt_x.low = split_root_x[0]
        ids.sqrt_x.high = split_root_x[1]
        ids.sqrt_gx.low = split_root_gx[0]
        ids.sqrt_gx.high = split_root_gx[1]
        """;

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string Uint384Div = """
        from starkware.python.math_utils import div_mod

        def split(num: int, num_bits_shift: int, length: int):
            a = []
            for _ in range(length):
                a.append( num & ((1 << num_bits_shift) - 1) )
                num = num >> num_bits_shift
            return tuple(a)

        def pack(z, num_bits_shift: int) -> int:
            limbs = (z.d0, z.d1, z.d2)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        a = pack(ids.a, num_bits_shift = 128)
        b = pack(ids.b, num_bits_shift = 128)
        p = pack(ids.p, num_bits_shift = 128)
        # For python3.8 and above the modular inverse can be computed as follows:
        # b_inverse_mod_p = pow(b, -1, p)
        # Instead we use the python3.7-friendly function div_mod from starkware.python.math_utils
        b_inverse_mod_p = div_mod(1, b, p)


        b_inverse_mod_p_split = split(b_inverse_mod_p, num_bits_shift=128, length=3)

        ids.b_inverse_mod_p.d0 = b_inverse_mod_p_split[0]
        ids.b_inverse_mod_p.d1 = b_inverse_mod_p_split[1]
        ids.b_inverse_mod_p.d2 = b_inverse_mod_p_split[2]
        """;

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string InvModPUint256 = """
        from starkware.python.math_utils import div_mod

        def split(a: int):
            return (a & ((1 << 128) - 1), a >> 128)

        def pack(z, num_bits_shift: int) -> int:
            limbs = (z.low, z.high)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        a = pack(ids.a, 128)
        b = pack(ids.b, 128)
        p = pack(ids.p, 128)
        # For python3.8 and above the modular inverse can be computed as follows:
        # b_inverse_mod_p = pow(b, -1, p)
        # Instead we use the python3.7-friendly function div_mod from starkware.python.math_utils
        b_inverse_mod_p = div_mod(1, b, p)

        b_inverse_mod_p_split = split(b_inverse_mod_p)

        ids.b_inverse_mod_p.low = b_inverse_mod_p_split[0]
        ids.b_inverse_mod_p.high = b_inverse_mod_p_split[1]
        """;

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string InvModPUint512 = """
        def pack_512(u, num_bits_shift: int) -> int:
            limbs = (u.d0, u.d1, u.d2, u.d3)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        x = pack_512(ids.x, num_bits_shift = 128)
        p = ids.p.low + (ids.p.high << 128)
        x_inverse_mod_p = pow(x,-1, p)

        x_inverse_mod_p_split = (x_inverse_mod_p & ((1 << 128) - 1), x_inverse_mod_p >> 128)

        ids.x_inverse_mod_p.low = x_inverse_mod_p_split[0]
        ids.x_inverse_mod_p.high = x_inverse_mod_p_split[1]
        """;

    /// <summary>(the uint384/uint512 field-arithmetic library; text as lambdaclass cairo-vm lists it).</summary>
    public const string Uint512UnsignedDivRem = """
        def split(num: int, num_bits_shift: int, length: int):
            a = []
            for _ in range(length):
                a.append( num & ((1 << num_bits_shift) - 1) )
                num = num >> num_bits_shift
            return tuple(a)

        def pack(z, num_bits_shift: int) -> int:
            limbs = (z.low, z.high)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        def pack_extended(z, num_bits_shift: int) -> int:
            limbs = (z.d0, z.d1, z.d2, z.d3)
            return sum(limb << (num_bits_shift * i) for i, limb in enumerate(limbs))

        x = pack_extended(ids.x, num_bits_shift = 128)
        div = pack(ids.div, num_bits_shift = 128)

        quotient, remainder = divmod(x, div)

        quotient_split = split(quotient, num_bits_shift=128, length=4)

        ids.quotient.d0 = quotient_split[0]
        ids.quotient.d1 = quotient_split[1]
        ids.quotient.d2 = quotient_split[2]
        ids.quotient.d3 = quotient_split[3]

        remainder_split = split(remainder, num_bits_shift=128, length=2)
        ids.remainder.low = remainder_split[0]
        ids.remainder.high = remainder_split[1]
        """;

    private static readonly string[] D3 = ["d0", "d1", "d2"];
    private static readonly string[] D4 = ["d0", "d1", "d2", "d3"];
    private static readonly string[] D6 = ["d0", "d1", "d2", "d3", "d4", "d5"];
    private static readonly string[] LowHigh = ["low", "high"];

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(Uint384UnsignedDivRem, ctx => DivRem(ctx, Pack(ctx, "a", D3), "div", D3, D3, D3)),
        new(Uint384Sqrt, ctx =>
        {
            BigInteger root = IntegerMath.Isqrt(Pack(ctx, "a", D3));
            if (root >= BigInteger.One << 192) throw ctx.Fail($"assert 0 <= {root} < 2 ** 192 failed");
            Split(ctx, "root", D3, root);
        }),
        new(SubReducedAAndReducedB, ctx =>
        {
            BigInteger p = Pack(ctx, "p", D3);
            if (p.IsZero) throw ctx.Fail("integer modulo by zero");
            Split(ctx, "res", D3, Mod(Pack(ctx, "a", D3) - Pack(ctx, "b", D3), p));
        }),
        new(UnsignedDivRemUint768ByUint384, ctx => DivRem(ctx, Pack(ctx, "a", D6), "div", D3, D6, D3)),
        new(UnsignedDivRemUint768ByUint384Stripped, ctx => DivRem(ctx, Pack(ctx, "a", D6), "div", D3, D6, D3)),
        new(Uint384SignedNn, ctx => WriteBoolAtAp(ctx, Int(ctx, ctx.MemberAddress("a", "d2")) < (BigInteger.One << 127))),
        new(Uint384GetSquareRoot, ctx => GetSquareRoot(ctx, D3)),
        new(Uint256GetSquareRoot, ctx => GetSquareRoot(ctx, LowHigh)),
        new(Uint384Div, ctx =>
        {
            BigInteger b = Pack(ctx, "b", D3), p = Pack(ctx, "p", D3);
            Split(ctx, "b_inverse_mod_p", D3, SecpHints.DivModP(ctx, 1, b, p));
        }),
        new(InvModPUint256, ctx =>
        {
            BigInteger b = Pack(ctx, "b", LowHigh), p = Pack(ctx, "p", LowHigh);
            Split(ctx, "b_inverse_mod_p", LowHigh, SecpHints.DivModP(ctx, 1, b, p));
        }),
        new(InvModPUint512, ctx =>
        {
            BigInteger x = Pack(ctx, "x", D4), p = Pack(ctx, "p", LowHigh);
            // pow(x, -1, p): fails unless x is invertible modulo p.
            if (p.Sign <= 0) throw ctx.Fail($"pow(x, -1, {p}): the modulus must be positive");
            Split(ctx, "x_inverse_mod_p", LowHigh, SecpHints.DivModP(ctx, 1, x, p));
        }),
        new(Uint512UnsignedDivRem, ctx => DivRem(ctx, Pack(ctx, "x", D4), "div", LowHigh, D4, LowHigh)),
    ];

    /// <summary>The library's <c>pack</c>: Σ limbᵢ·2^(128i) over <paramref name="members"/> of <c>ids.name</c> (limbs as ints in [0, PRIME)).</summary>
    private static BigInteger Pack(HintContext ctx, string name, string[] members)
    {
        BigInteger sum = BigInteger.Zero;
        for (int i = members.Length - 1; i >= 0; i--) sum = (sum << 128) + Int(ctx, ctx.MemberAddress(name, members[i]));
        return sum;
    }

    /// <summary>The library's <c>split</c>: the low 128 bits into each member in turn (higher bits are dropped).</summary>
    private static void Split(HintContext ctx, string name, string[] members, BigInteger value)
    {
        BigInteger mask = (BigInteger.One << 128) - 1;
        for (int i = 0; i < members.Length; i++)
        {
            ctx.Memory.Insert(ctx.MemberAddress(name, members[i]), F(value & mask));
            value >>= 128;
        }
    }

    private static void DivRem(HintContext ctx, BigInteger a, string divName, string[] divMembers, string[] quotientMembers, string[] remainderMembers)
    {
        BigInteger div = Pack(ctx, divName, divMembers);
        if (div.IsZero) throw ctx.Fail("integer division or modulo by zero");
        BigInteger q = BigInteger.DivRem(a, div, out BigInteger r);
        Split(ctx, "quotient", quotientMembers, q);
        Split(ctx, "remainder", remainderMembers, r);
    }

    /// <summary>
    /// <c>get_square_root</c>: exactly one of x and generator·x is a square modulo p (unless x = 0); writes both flags
    /// and the smaller roots (0 where none).
    /// </summary>
    private static void GetSquareRoot(HintContext ctx, string[] members)
    {
        BigInteger generator = Pack(ctx, "generator", members), x = Pack(ctx, "x", members), p = Pack(ctx, "p", members);
        if (p < 2) throw ctx.Fail($"p = {p} is not a prime");
        BigInteger? rootX = ModularSqrt(ctx, Mod(x, p), p), rootGx = ModularSqrt(ctx, Mod(generator * x, p), p);
        if (!x.IsZero && (rootX is null) == (rootGx is null)) throw ctx.Fail("assert success_x + success_gx == 1 failed");
        ctx.Set("success_x", F(rootX is null ? 0 : 1));
        ctx.Set("success_gx", F(rootGx is null ? 0 : 1));
        Split(ctx, "sqrt_x", members, rootX ?? 0);
        Split(ctx, "sqrt_gx", members, rootGx ?? 0);
    }

    /// <summary>The smaller square root of <paramref name="a"/> (in [0, p)) modulo the odd prime <paramref name="p"/>, or null when a is not a square.</summary>
    internal static BigInteger? ModularSqrt(HintContext ctx, BigInteger a, BigInteger p)
    {
        if (a.IsZero) return BigInteger.Zero;
        if (p == 2) return a;
        if (BigInteger.ModPow(a, (p - 1) / 2, p) != 1) return null;
        // Tonelli–Shanks: p − 1 = q·2^s with q odd; z a non-residue.
        BigInteger q = p - 1;
        int s = 0;
        while (q.IsEven) { q >>= 1; s++; }
        BigInteger z = 2;
        while (BigInteger.ModPow(z, (p - 1) / 2, p) != p - 1)
        {
            z++;
            if (z > 1000) throw ctx.Fail($"p = {p} does not look prime (no quadratic non-residue below 1000)");
        }
        BigInteger m = s, c = BigInteger.ModPow(z, q, p), t = BigInteger.ModPow(a, q, p), r = BigInteger.ModPow(a, (q + 1) / 2, p);
        while (t != 1)
        {
            int i = 0;
            BigInteger t2 = t;
            while (t2 != 1)
            {
                t2 = t2 * t2 % p;
                i++;
                if (i >= m) throw ctx.Fail($"p = {p} does not look prime (Tonelli–Shanks did not converge)");
            }
            BigInteger b = BigInteger.ModPow(c, BigInteger.One << (int)(m - i - 1), p);
            m = i;
            c = b * b % p;
            t = t * c % p;
            r = r * b % p;
        }
        if (r * r % p != a) throw ctx.Fail($"p = {p} does not look prime (the root does not square back)");
        return BigInteger.Min(r, p - r);
    }
}
