using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Program;

/// <summary>
/// Reads the JSON that <c>cairo-compile</c> writes into a <see cref="CairoProgram"/> with <see cref="JsonDocument"/>
/// (no reflection, so native-AOT safe). Every problem is a <see cref="CairoException"/>:
/// <see cref="CairoErrorKind.MalformedProgram"/>, <see cref="CairoErrorKind.WrongPrime"/> or
/// <see cref="CairoErrorKind.UnknownBuiltin"/>.
/// </summary>
public static class ProgramLoader
{
    /// <summary>The Stark252 prime as cairo-compile writes it.</summary>
    public static readonly BigInteger Prime = Felt.Modulus;

    /// <summary>
    /// Loads a program file, gzip-compressed when its name ends in <c>.gz</c> (as programs are shipped beside their
    /// reference runs). A file that is not valid gzip is a malformed program.
    /// </summary>
    public static CairoProgram LoadFile(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return Load(File.ReadAllBytes(path));
        byte[] json;
        try
        {
            using var input = File.OpenRead(path);
            using var gz = new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
            using var output = new MemoryStream();
            gz.CopyTo(output);
            json = output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw Malformed($"{path}: not a valid gzip file: {e.Message}");
        }
        return Load(json);
    }

    /// <summary>Loads program JSON bytes.</summary>
    public static CairoProgram Load(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw Malformed($"not valid JSON: {e.Message}");
        }
        using (doc)
        {
            try
            {
                return FromElement(doc.RootElement);
            }
            catch (InvalidOperationException e)
            {
                throw Malformed(e.Message);
            }
            catch (FormatException e)
            {
                throw Malformed(e.Message);
            }
            catch (KeyNotFoundException e)
            {
                // JsonElement.GetProperty on a member the program lacks (a hint without "code", a reference without "value").
                throw Malformed(e.Message);
            }
        }
    }

    /// <summary>Builds a program from a parsed JSON object (also used for the program inside a Cairo PIE).</summary>
    public static CairoProgram FromElement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw Malformed("the top level is not an object");

        if (!root.TryGetProperty("prime", out JsonElement primeEl)) throw Malformed("missing field 'prime'");
        BigInteger prime = ParseBig(primeEl, "prime");
        if (prime != Prime)
            throw new CairoException(CairoErrorKind.WrongPrime, $"program prime 0x{prime.ToString("x", CultureInfo.InvariantCulture).TrimStart('0')} is not the Stark252 prime 0x800000000000011000000000000000000000000000000000000000000000001");

        if (!root.TryGetProperty("data", out JsonElement dataEl) || dataEl.ValueKind != JsonValueKind.Array) throw Malformed("missing array 'data'");
        var data = new MaybeRelocatable[dataEl.GetArrayLength()];
        int k = 0;
        foreach (JsonElement w in dataEl.EnumerateArray())
        {
            BigInteger v = ParseBig(w, $"data[{k}]");
            if (v.Sign < 0 || v >= Prime) throw Malformed($"data[{k}] is not a field element");
            data[k++] = MaybeRelocatable.FromFelt(Felt.FromBigInteger(v));
        }

        var builtins = new List<string>();
        if (root.TryGetProperty("builtins", out JsonElement bEl) && bEl.ValueKind == JsonValueKind.Array)
        {
            int last = -1;
            foreach (JsonElement b in bEl.EnumerateArray())
            {
                string name = b.GetString() ?? throw Malformed("builtin name is not a string");
                if (name.EndsWith("_builtin", StringComparison.Ordinal)) name = name[..^"_builtin".Length];
                int idx = IndexOf(CairoProgram.OrderedBuiltins, name);
                if (idx < 0)
                {
                    if (name == "segment_arena" || name == "gas_builtin" || name == "system")
                        throw new CairoException(CairoErrorKind.UnknownBuiltin, $"builtin '{name}' is not supported by Cairo 0 programs");
                    throw new CairoException(CairoErrorKind.UnknownBuiltin, $"unknown builtin '{name}' (known: {string.Join(", ", CairoProgram.OrderedBuiltins)})");
                }
                if (idx <= last) throw new CairoException(CairoErrorKind.UnknownBuiltin, $"builtins are not in canonical order ({string.Join(", ", CairoProgram.OrderedBuiltins)}): '{name}' is out of place");
                last = idx;
                builtins.Add(name);
            }
        }

        string mainScope = root.TryGetProperty("main_scope", out JsonElement ms) && ms.ValueKind == JsonValueKind.String ? ms.GetString()! : "__main__";

        var hints = new Dictionary<int, HintSpec[]>();
        if (root.TryGetProperty("hints", out JsonElement hEl) && hEl.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in hEl.EnumerateObject())
            {
                if (!int.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int pc)) throw Malformed($"hint pc '{p.Name}' is not a number");
                var list = new List<HintSpec>();
                foreach (JsonElement h in p.Value.EnumerateArray()) list.Add(ParseHint(h));
                hints[pc] = list.ToArray();
            }
        }

        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        var constants = new Dictionary<string, BigInteger>(StringComparer.Ordinal);
        JsonElement? identifiers = null;
        if (root.TryGetProperty("identifiers", out JsonElement idEl) && idEl.ValueKind == JsonValueKind.Object)
        {
            identifiers = idEl.Clone();
            var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty p in idEl.EnumerateObject())
            {
                if (!p.Value.TryGetProperty("type", out JsonElement t)) continue;
                switch (t.GetString())
                {
                    case "function":
                    case "label":
                        if (p.Value.TryGetProperty("pc", out JsonElement pcEl)) labels[p.Name] = pcEl.GetInt32();
                        break;
                    case "const":
                        if (p.Value.TryGetProperty("value", out JsonElement cv)) constants[p.Name] = ParseBig(cv, p.Name);
                        break;
                    case "alias":
                        if (p.Value.TryGetProperty("destination", out JsonElement d) && d.GetString() is string dest) aliases[p.Name] = dest;
                        break;
                }
            }
            foreach (var kv in aliases)
            {
                string dest = kv.Value;
                for (int i = 0; i < 16 && aliases.TryGetValue(dest, out string? next); i++) dest = next;
                if (labels.TryGetValue(dest, out int pc)) labels.TryAdd(kv.Key, pc);
                if (constants.TryGetValue(dest, out BigInteger c)) constants.TryAdd(kv.Key, c);
            }
        }

        var references = new List<ReferenceSpec>();
        if (root.TryGetProperty("reference_manager", out JsonElement rm) && rm.ValueKind == JsonValueKind.Object &&
            rm.TryGetProperty("references", out JsonElement refs) && refs.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement r in refs.EnumerateArray())
            {
                int group = 0, offset = 0;
                if (r.TryGetProperty("ap_tracking_data", out JsonElement at))
                {
                    group = at.GetProperty("group").GetInt32();
                    offset = at.GetProperty("offset").GetInt32();
                }
                int pc = r.TryGetProperty("pc", out JsonElement rpc) ? rpc.GetInt32() : 0;
                string value = r.GetProperty("value").GetString() ?? throw Malformed("reference value is not a string");
                references.Add(new ReferenceSpec(group, offset, pc, value));
            }
        }

        var attributes = new List<ProgramAttribute>();
        if (root.TryGetProperty("attributes", out JsonElement attrs) && attrs.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement a in attrs.EnumerateArray())
            {
                attributes.Add(new ProgramAttribute(
                    a.GetProperty("name").GetString() ?? "",
                    a.GetProperty("start_pc").GetInt32(),
                    a.GetProperty("end_pc").GetInt32(),
                    a.GetProperty("value").GetString() ?? ""));
            }
        }

        return new CairoProgram(data, builtins, hints, labels, constants, references, attributes, mainScope, identifiers);
    }

    private static HintSpec ParseHint(JsonElement h)
    {
        string code = h.GetProperty("code").GetString() ?? throw Malformed("hint code is not a string");
        var scopes = new List<string>();
        if (h.TryGetProperty("accessible_scopes", out JsonElement sc))
            foreach (JsonElement s in sc.EnumerateArray()) scopes.Add(s.GetString() ?? "");
        int group = 0, offset = 0;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        if (h.TryGetProperty("flow_tracking_data", out JsonElement ftd))
        {
            if (ftd.TryGetProperty("ap_tracking", out JsonElement at))
            {
                group = at.GetProperty("group").GetInt32();
                offset = at.GetProperty("offset").GetInt32();
            }
            if (ftd.TryGetProperty("reference_ids", out JsonElement rids))
                foreach (JsonProperty p in rids.EnumerateObject()) ids[p.Name] = p.Value.GetInt32();
        }
        return new HintSpec(code, scopes, group, offset, ids);
    }

    /// <summary>A JSON number, or a decimal / 0x-hex string, as a big integer (negative allowed).</summary>
    internal static BigInteger ParseBig(JsonElement e, string what)
    {
        if (e.ValueKind == JsonValueKind.Number)
            return BigInteger.Parse(e.GetRawText(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        if (e.ValueKind == JsonValueKind.String)
        {
            string s = e.GetString()!;
            bool neg = s.StartsWith('-');
            if (neg) s = s[1..];
            BigInteger v;
            if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                if (!BigInteger.TryParse("0" + s[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out v)) throw Malformed($"{what}: '{s}' is not a hex number");
            }
            else if (!BigInteger.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v)) throw Malformed($"{what}: '{s}' is not a number");
            return neg ? -v : v;
        }
        throw Malformed($"{what} is neither a number nor a string");
    }

    private static int IndexOf(IReadOnlyList<string> list, string s)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == s) return i;
        return -1;
    }

    private static CairoException Malformed(string message) => new(CairoErrorKind.MalformedProgram, "malformed program: " + message);
}
