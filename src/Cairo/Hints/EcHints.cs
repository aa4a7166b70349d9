using System.Numerics;
using System.Security.Cryptography;
using Zetina.Cairo.Vm;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;
using static Zetina.Cairo.Hints.HintValues;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Hints of <c>starkware.cairo.common.ec</c> (and <c>cairo_ec_op</c>) on the STARK curve y² = x³ + x + β:
/// <c>recover_y</c> and the random point <c>ec_op</c> / <c>chained_ec_op</c> add to avoid the builtin's
/// exceptional cases.
/// </summary>
/// <remarks>
/// math_utils <c>random_ec_point(FIELD_PRIME, ALPHA, BETA, seed)</c>: h = SHA-256(seed); for i = 0, 1, …, 99,
/// x = SHA-256(h[1:] ‖ i as 10 little-endian bytes) read big-endian, the first x on the curve wins with the
/// smaller root y, negated when h[0] is odd. The 256-bit x is written reduced modulo PRIME (as lambdaclass
/// cairo-vm writes it; the same felt).
/// </remarks>
public static class EcHints
{
    /// <summary>(cairo-lang ec.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string RecoverY = """
        from starkware.crypto.signature.signature import ALPHA, BETA, FIELD_PRIME
        from starkware.python.math_utils import recover_y
        ids.p.x = ids.x
        # This raises an exception if `x` is not on the curve.
        ids.p.y = recover_y(ids.x, ALPHA, BETA, FIELD_PRIME)
        """;

    /// <summary>(cairo-lang cairo_ec_op/ec_op.cairo, ec.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string RandomEcPoint = """
        from starkware.crypto.signature.signature import ALPHA, BETA, FIELD_PRIME
        from starkware.python.math_utils import random_ec_point
        from starkware.python.utils import to_bytes

        # Define a seed for random_ec_point that's dependent on all the input, so that:
        #   (1) The added point s is deterministic.
        #   (2) It's hard to choose inputs for which the builtin will fail.
        seed = b"".join(map(to_bytes, [ids.p.x, ids.p.y, ids.m, ids.q.x, ids.q.y]))
        ids.s.x, ids.s.y = random_ec_point(FIELD_PRIME, ALPHA, BETA, seed)
        """;

    /// <summary>(cairo-lang ec.cairo; StarkNet whitelist 0.10.3.json, latest.json).</summary>
    public const string ChainedEcOpRandomEcPoint = """
        from starkware.crypto.signature.signature import ALPHA, BETA, FIELD_PRIME
        from starkware.python.math_utils import random_ec_point
        from starkware.python.utils import to_bytes

        n_elms = ids.len
        assert isinstance(n_elms, int) and n_elms >= 0, \
            f'Invalid value for len. Got: {n_elms}.'
        if '__chained_ec_op_max_len' in globals():
            assert n_elms <= __chained_ec_op_max_len, \
                f'chained_ec_op() can only be used with len<={__chained_ec_op_max_len}. ' \
                f'Got: n_elms={n_elms}.'

        # Define a seed for random_ec_point that's dependent on all the input, so that:
        #   (1) The added point s is deterministic.
        #   (2) It's hard to choose inputs for which the builtin will fail.
        seed = b"".join(
            map(
                to_bytes,
                [
                    ids.p.x,
                    ids.p.y,
                    *memory.get_range(ids.m, n_elms),
                    *memory.get_range(ids.q.address_, 2 * n_elms),
                ],
            )
        )
        ids.s.x, ids.s.y = random_ec_point(FIELD_PRIME, ALPHA, BETA, seed)
        """;

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(RecoverY, ctx =>
        {
            Felt x = ctx.GetFelt("x");
            ctx.Memory.Insert(ctx.MemberAddress("p", "x"), x);
            if (!StarkCurve.TryRecoverY(x, out EcPoint point))
                throw ctx.Fail($"{x.ToBigInteger()} does not represent the x coordinate of a point on the curve.");
            ctx.Memory.Insert(ctx.MemberAddress("p", "y"), point.Y);
        }),
        new(RandomEcPoint, ctx =>
        {
            var seed = new List<Felt>
            {
                ctx.Memory.GetFelt(ctx.MemberAddress("p", "x")), ctx.Memory.GetFelt(ctx.MemberAddress("p", "y")), ctx.GetFelt("m"),
                ctx.Memory.GetFelt(ctx.MemberAddress("q", "x")), ctx.Memory.GetFelt(ctx.MemberAddress("q", "y")),
            };
            WritePoint(ctx, RandomPoint(ctx, seed));
        }),
        new(ChainedEcOpRandomEcPoint, ctx =>
        {
            BigInteger n = Int(ctx, "len");
            if (ctx.Processor.Scope.ContainsKey("__chained_ec_op_max_len"))
            {
                BigInteger max = ScopeInt(ctx, "__chained_ec_op_max_len");
                if (n > max) throw ctx.Fail($"chained_ec_op() can only be used with len<={max}. Got: n_elms={n}.");
            }
            if (n > int.MaxValue / 4) throw ctx.Fail($"Invalid value for len. Got: {n}.");
            var seed = new List<Felt> { ctx.Memory.GetFelt(ctx.MemberAddress("p", "x")), ctx.Memory.GetFelt(ctx.MemberAddress("p", "y")) };
            Relocatable m = ctx.GetPtr("m"), q = ctx.GetPtr("q");
            for (int i = 0; i < (int)n; i++) seed.Add(ctx.Memory.GetFelt(m.Add(i)));
            for (int i = 0; i < 2 * (int)n; i++) seed.Add(ctx.Memory.GetFelt(q.Add(i)));
            WritePoint(ctx, RandomPoint(ctx, seed));
        }),
    ];

    private static void WritePoint(HintContext ctx, (Felt X, Felt Y) s)
    {
        ctx.Memory.Insert(ctx.MemberAddress("s", "x"), s.X);
        ctx.Memory.Insert(ctx.MemberAddress("s", "y"), s.Y);
    }

    /// <summary>math_utils <c>random_ec_point</c> seeded by the 32-byte big-endian encodings of <paramref name="values"/>.</summary>
    internal static (Felt X, Felt Y) RandomPoint(HintContext ctx, List<Felt> values)
    {
        byte[] seed = new byte[32 * values.Count];
        for (int i = 0; i < values.Count; i++) values[i].WriteBytesBigEndian(seed.AsSpan(32 * i, 32));
        return RandomPointFromSeed(SHA256.HashData(seed)) ?? throw ctx.Fail("Could not find a point on the curve.");
    }

    /// <summary>The loop of <c>random_ec_point</c> after the seed is hashed; null after 100 misses.</summary>
    internal static (Felt X, Felt Y)? RandomPointFromSeed(ReadOnlySpan<byte> hashedSeed)
    {
        byte[] buffer = new byte[31 + 10];
        hashedSeed[1..].CopyTo(buffer);
        for (int i = 0; i < 100; i++)
        {
            buffer.AsSpan(31).Clear();
            buffer[31] = (byte)i;
            byte[] digest = SHA256.HashData(buffer);
            Felt x = Felt.FromBigInteger(new BigInteger(digest, isUnsigned: true, isBigEndian: true));
            if (!StarkCurve.TryRecoverY(x, out EcPoint p)) continue;
            return (x, (hashedSeed[0] & 1) == 1 ? Felt.Neg(p.Y) : p.Y);
        }
        return null;
    }
}
