using System.Numerics;
using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>Hints that read <c>program_input</c> (the JSON passed with <c>--program_input</c>).</summary>
public static class ProgramInputHints
{
    /// <summary>The fibonacci example's input read (integrity / zetina <c>cairo0_fibonacci.cairo</c>).</summary>
    public const string FibonacciClaimIndex = "ids.fibonacci_claim_index = program_input['fibonacci_claim_index']";

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(FibonacciClaimIndex, ctx => ctx.Set("fibonacci_claim_index", MaybeRelocatable.FromFelt(ReadFelt(ctx, "fibonacci_claim_index")))),
    ];

    /// <summary>program_input[key] as a felt (JSON integer or decimal/hex string).</summary>
    public static Felt ReadFelt(HintContext ctx, string key)
    {
        if (ctx.Processor.ProgramInput is not JsonElement input || input.ValueKind != JsonValueKind.Object)
            throw ctx.Fail("the program needs --program_input (a JSON object)");
        if (!input.TryGetProperty(key, out JsonElement v)) throw ctx.Fail($"program input has no '{key}'");
        BigInteger x;
        try
        {
            x = Program.ProgramLoader.ParseBig(v, key);
        }
        catch (Errors.CairoException)
        {
            throw ctx.Fail($"program input '{key}' is not an integer");
        }
        x %= Felt.Modulus;
        if (x.Sign < 0) x += Felt.Modulus;
        return Felt.FromBigInteger(x);
    }
}
