using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>Hints of <c>starkware.cairo.common.math</c> and <c>math_cmp</c> (range-check bound 2^128).</summary>
public static class MathHints
{
    /// <summary>The range-check builtin's bound.</summary>
    public static readonly BigInteger RcBound = BigInteger.One << 128;

    public const string AssertNn =
        "from starkware.cairo.common.math_utils import assert_integer\nassert_integer(ids.a)\nassert 0 <= ids.a % PRIME < range_check_builtin.bound, f'a = {ids.a} is out of range.'";

    public const string IsNn = "memory[ap] = 0 if 0 <= (ids.a % PRIME) < range_check_builtin.bound else 1";

    public const string IsNnOutOfRange = "memory[ap] = 0 if 0 <= ((-ids.a - 1) % PRIME) < range_check_builtin.bound else 1";

    public const string AssertNotZero =
        "from starkware.cairo.common.math_utils import assert_integer\nassert_integer(ids.value)\nassert ids.value % PRIME != 0, f'assert_not_zero failed: {ids.value} = 0.'";

    public const string AssertNotEqual =
        "from starkware.cairo.lang.vm.relocatable import RelocatableValue\nboth_ints = isinstance(ids.a, int) and isinstance(ids.b, int)\nboth_relocatable = (\n    isinstance(ids.a, RelocatableValue) and isinstance(ids.b, RelocatableValue) and\n    ids.a.segment_index == ids.b.segment_index)\nassert both_ints or both_relocatable, \\\n    f'assert_not_equal failed: non-comparable values: {ids.a}, {ids.b}.'\nassert (ids.a - ids.b) % PRIME != 0, f'assert_not_equal failed: {ids.a} = {ids.b}.'";

    public const string IsLeFelt = "memory[ap] = 0 if (ids.a % PRIME) <= (ids.b % PRIME) else 1";

    public const string SplitFelt =
        "from starkware.cairo.common.math_utils import assert_integer\nassert ids.MAX_HIGH < 2**128 and ids.MAX_LOW < 2**128\nassert PRIME - 1 == ids.MAX_HIGH * 2**128 + ids.MAX_LOW\nassert_integer(ids.value)\nids.low = ids.value & ((1 << 128) - 1)\nids.high = ids.value >> 128";

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(AssertNn, ctx =>
        {
            BigInteger a = ctx.GetFelt("a").ToBigInteger();
            if (a >= RcBound) throw ctx.Fail($"a = {a} is out of range.");
        }),
        new(IsNn, ctx => ctx.Memory.Insert(ctx.Ap, Bool(ctx.GetFelt("a").ToBigInteger() >= RcBound))),
        new(IsNnOutOfRange, ctx =>
        {
            BigInteger v = (Felt.Neg(ctx.GetFelt("a")) - Felt.One).ToBigInteger();
            ctx.Memory.Insert(ctx.Ap, Bool(v >= RcBound));
        }),
        new(AssertNotZero, ctx =>
        {
            Felt v = ctx.GetFelt("value");
            if (v.IsZero) throw ctx.Fail($"assert_not_zero failed: {v.ToBigInteger()} = 0.");
        }),
        new(AssertNotEqual, ctx =>
        {
            MaybeRelocatable a = ctx.Get("a"), b = ctx.Get("b");
            bool comparable = (a.IsFelt && b.IsFelt) || (a.IsRelocatable && b.IsRelocatable && a.Segment == b.Segment);
            if (!comparable) throw ctx.Fail($"assert_not_equal failed: non-comparable values: {a}, {b}.");
            if (a.Equals(b)) throw ctx.Fail($"assert_not_equal failed: {a} = {b}.");
        }),
        new(IsLeFelt, ctx => ctx.Memory.Insert(ctx.Ap, Bool(ctx.GetFelt("a").CompareTo(ctx.GetFelt("b")) > 0))),
        new(SplitFelt, ctx =>
        {
            BigInteger v = ctx.GetFelt("value").ToBigInteger();
            BigInteger mask = RcBound - 1;
            ctx.Memory.Insert(ctx.AddressOf("low"), MaybeRelocatable.FromFelt(Felt.FromBigInteger(v & mask)));
            ctx.Memory.Insert(ctx.AddressOf("high"), MaybeRelocatable.FromFelt(Felt.FromBigInteger(v >> 128)));
        }),
    ];

    private static MaybeRelocatable Bool(bool one) => MaybeRelocatable.FromFelt(one ? Felt.One : Felt.Zero);
}
