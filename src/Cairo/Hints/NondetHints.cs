using System.Numerics;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>
/// Small non-deterministic branch hints (<c>memory[ap] = to_felt_or_relocatable(condition)</c>) of
/// <c>find_element</c>/<c>memset</c>-style loops, <c>cairo_keccak</c> and <c>bitwise</c> helpers.
/// </summary>
public static class NondetHints
{
    public const string ElementsOverTen = "memory[ap] = to_felt_or_relocatable(ids.elements_end - ids.elements >= 10)";
    public const string ElementsOverTwo = "memory[ap] = to_felt_or_relocatable(ids.elements_end - ids.elements >= 2)";
    public const string NGreaterThan10 = "memory[ap] = to_felt_or_relocatable(ids.n >= 10)";
    public const string NGreaterThan2 = "memory[ap] = to_felt_or_relocatable(ids.n >= 2)";
    public const string BytesInWord = "memory[ap] = to_felt_or_relocatable(ids.n_bytes < ids.BYTES_IN_WORD)";
    public const string KeccakFullRate = "memory[ap] = to_felt_or_relocatable(ids.n_bytes >= ids.KECCAK_FULL_RATE_IN_BYTES)";
    public const string ABBitand1 = "ids.a_lsb = ids.a & 1\nids.b_lsb = ids.b & 1";

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(ElementsOverTen, ctx => Bool(ctx, Distance(ctx) >= 10)),
        new(ElementsOverTwo, ctx => Bool(ctx, Distance(ctx) >= 2)),
        new(NGreaterThan10, ctx => Bool(ctx, ctx.GetFelt("n").ToBigInteger() >= 10)),
        new(NGreaterThan2, ctx => Bool(ctx, ctx.GetFelt("n").ToBigInteger() >= 2)),
        new(BytesInWord, ctx => Bool(ctx, ctx.GetFelt("n_bytes").ToBigInteger() < ctx.Constant("BYTES_IN_WORD"))),
        new(KeccakFullRate, ctx => Bool(ctx, ctx.GetFelt("n_bytes").ToBigInteger() >= ctx.Constant("KECCAK_FULL_RATE_IN_BYTES"))),
        new(ABBitand1, ctx =>
        {
            ctx.Set("a_lsb", Lsb(ctx.GetFelt("a")));
            ctx.Set("b_lsb", Lsb(ctx.GetFelt("b")));
        }),
    ];

    private static Felt Lsb(Felt f)
    {
        f.ToCanonical(out ulong x0, out _, out _, out _);
        return (x0 & 1) == 1 ? Felt.One : Felt.Zero;
    }

    private static BigInteger Distance(HintContext ctx)
    {
        MaybeRelocatable d = VirtualMachine.Sub(ctx.Get("elements_end"), ctx.Get("elements"), ctx.Pc);
        return d.IsFelt ? d.Felt.ToBigInteger() : throw ctx.Fail("elements_end - elements is not a number");
    }

    private static void Bool(HintContext ctx, bool value) => ctx.Memory.Insert(ctx.Ap, value ? Felt.One : Felt.Zero);
}
