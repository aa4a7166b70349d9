using System.Numerics;
using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Hints;

/// <summary>Hints that read <c>program_input</c> (the JSON passed with <c>--program_input</c>).</summary>
public static partial class ProgramInputHints
{
    /// <summary>The fibonacci example's input read (integrity / zetina <c>cairo0_fibonacci.cairo</c>).</summary>
    public const string FibonacciClaimIndex = "ids.fibonacci_claim_index = program_input['fibonacci_claim_index']";

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(FibonacciClaimIndex, ctx => ctx.Set("fibonacci_claim_index", MaybeRelocatable.FromFelt(ReadFelt(ctx, "fibonacci_claim_index")))),
    ];

    /// <summary>
    /// The one-line input reads simple programs write, <c>ids.NAME = program_input['KEY']</c> (either quote), for any
    /// NAME and KEY: matched by shape rather than exact text, since every program names its own.
    /// </summary>
    public static bool TryMatch(string code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NativeHint? hint)
    {
        System.Text.RegularExpressions.Match m = SimpleRead().Match(code);
        if (!m.Success || m.Groups[2].Value != m.Groups[4].Value)
        {
            hint = null;
            return false;
        }
        string name = m.Groups[1].Value, key = m.Groups[3].Value;
        hint = ctx => ctx.Set(name, MaybeRelocatable.FromFelt(ReadFelt(ctx, key)));
        return true;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^ids\.([A-Za-z_][A-Za-z0-9_]*) = program_input\[(['""])([A-Za-z0-9_]+)(['""])\]$")]
    private static partial System.Text.RegularExpressions.Regex SimpleRead();

    /// <summary>program_input[key] as a felt (JSON integer or decimal/hex string).</summary>
    public static Felt ReadFelt(HintContext ctx, string key)
    {
        // A bootloader's program task sees its own input in its scope (cairo-lang passes it as a scope local).
        JsonElement? given = ctx.Processor.Scope.TryGetValue("program_input", out object? local) && local is JsonElement e ? e : ctx.Processor.ProgramInput;
        if (given is not JsonElement input || input.ValueKind != JsonValueKind.Object)
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
