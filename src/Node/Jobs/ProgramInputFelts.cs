using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Zetina.Stark.Field;

namespace Zetina.Node.Jobs;

/// <summary>
/// The felts <c>zetina delegate --bind-input</c> binds into a job's claim, read from the program input JSON:
/// the values of the top-level input object in document order; each value a non-negative integer below the
/// Stark252 prime, written as a JSON number or a <c>0x</c>-hex string; arrays (nested too) flattened in order.
/// Any other value (an object, a string that is not <c>0x</c>-hex, a boolean, null, a fraction, a negative
/// number) is refused with the key that holds it.
/// </summary>
/// <remarks>
/// The rule has to be one a Cairo program can mirror: it writes those felts, in that order, to the start of
/// its output (e.g. <c>c0_fibonacci_hint_recursive</c> with <c>{"fibonacci_claim_index": 10}</c> outputs 10
/// first, so the bound felts are <c>[10]</c>).
/// </remarks>
internal static class ProgramInputFelts
{
    /// <summary>The input felts of <paramref name="programInputJson"/>; throws <see cref="FormatException"/> naming the bad key.</summary>
    public static Felt[] FromJson(ReadOnlySpan<byte> programInputJson)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(programInputJson.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"the program input is not JSON: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new FormatException($"the program input is a JSON {doc.RootElement.ValueKind}; --bind-input reads the values of a JSON object");
            var felts = new List<Felt>();
            foreach (JsonProperty p in doc.RootElement.EnumerateObject()) Append(p.Value, p.Name, felts);
            if (felts.Count == 0) throw new FormatException("the program input object has no values to bind");
            return felts.ToArray();
        }
    }

    private static void Append(JsonElement value, string key, List<Felt> felts)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                int i = 0;
                foreach (JsonElement item in value.EnumerateArray()) Append(item, $"{key}[{i++}]", felts);
                return;
            case JsonValueKind.Number:
                string raw = value.GetRawText();
                if (!BigInteger.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out BigInteger n))
                    throw new FormatException($"input '{key}' is {raw}; a bound value is a non-negative integer (or a 0x-hex string)");
                felts.Add(Below(n, key, raw));
                return;
            case JsonValueKind.String:
                string s = value.GetString()!;
                if (!s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || s.Length == 2 ||
                    !BigInteger.TryParse("0" + s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out BigInteger h))
                    throw new FormatException($"input '{key}' is the string \"{s}\"; a bound string is 0x-prefixed hex");
                felts.Add(Below(h, key, s));
                return;
            default:
                throw new FormatException($"input '{key}' is a JSON {value.ValueKind}; bound values are numbers, 0x-hex strings or arrays of them");
        }
    }

    private static Felt Below(BigInteger v, string key, string text) =>
        v < Felt.Modulus ? Felt.FromBigInteger(v) : throw new FormatException($"input '{key}' is {text}, not below the Stark252 prime");
}
