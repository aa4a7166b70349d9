using System.Text;
using System.Text.Json;

namespace Zetina.Cairo.Stone.Proving;

/// <summary>
/// The proof file as <c>cpu_air_prover</c> writes it (<c>main/prover_main_helper.cc</c>, through jsoncpp's styled
/// writer): one object with <c>private_input</c>, <c>proof_hex</c>, <c>proof_parameters</c>, <c>prover_config</c>,
/// <c>public_input</c> and <c>version</c>, every object's keys in byte order (jsoncpp keeps members in a sorted map),
/// indented by tabs, <c>"key" : value</c>, a non-empty object or array opening on its own line below its key, every
/// array element on its own line, <c>[]</c> for an empty array, no newline after the closing brace. The parameter,
/// configuration and input files are copied value for value.
/// </summary>
internal static class StoneProofJson
{
    /// <summary>What Stone v3 writes under <c>version</c> when built without a commit hash (every shared proof).</summary>
    private const string VersionJson = """{"commit_hash":"INVALID_COMMIT","proof_hash":"INVALID_PROOF_HASH","statement_name":"INVALID_NAME"}""";

    /// <summary>Stone's example prover configuration (it changes nothing in the proof; the file copies it).</summary>
    public const string DefaultProverConfig = """{"cached_lde_config":{"store_full_lde":false,"use_fft_for_eval":false},"constraint_polynomial_task_size":256,"n_out_of_memory_merkle_layers":1,"table_prover_n_tasks_per_segment":32}""";

    /// <summary>
    /// The proof file's text. The four JSON arguments are the files' contents (parameters, prover configuration, AIR
    /// public input, AIR private input); throws <see cref="StoneFormatException"/> naming one that is not JSON.
    /// </summary>
    public static string Write(byte[] proof, ReadOnlySpan<byte> parameters, ReadOnlySpan<byte> proverConfig, ReadOnlySpan<byte> publicInput, ReadOnlySpan<byte> privateInput)
    {
        using JsonDocument p = Parse(parameters, "the parameter file"), c = Parse(proverConfig, "the prover configuration"),
            pub = Parse(publicInput, "the public input"), priv = Parse(privateInput, "the private input"),
            v = JsonDocument.Parse(VersionJson);
        var members = new SortedDictionary<string, Action<StringBuilder, int>>(StringComparer.Ordinal)
        {
            ["private_input"] = (sb, d) => Value(sb, priv.RootElement, d),
            ["proof_hex"] = (sb, _) => sb.Append("\"0x").Append(Convert.ToHexStringLower(proof)).Append('"'),
            ["proof_parameters"] = (sb, d) => Value(sb, p.RootElement, d),
            ["prover_config"] = (sb, d) => Value(sb, c.RootElement, d),
            ["public_input"] = (sb, d) => Value(sb, pub.RootElement, d),
            ["version"] = (sb, d) => Value(sb, v.RootElement, d),
        };
        var text = new StringBuilder(2 * proof.Length + 4096);
        text.Append('{');
        int i = 0;
        foreach ((string key, Action<StringBuilder, int> write) in members)
        {
            Key(text, key, 1);
            bool block = key != "proof_hex" && IsBlock(key switch
            {
                "private_input" => priv.RootElement, "proof_parameters" => p.RootElement, "prover_config" => c.RootElement,
                "public_input" => pub.RootElement, _ => v.RootElement,
            });
            if (block) Indent(text, 1);
            write(text, 1);
            if (++i < members.Count) text.Append(',');
        }
        text.Append('\n').Append('}');
        return text.ToString();
    }

    /// <summary>
    /// A parameter file for <paramref name="p"/> (every field Stone reads, so the proof file states the hashes and
    /// layers it was made with).
    /// </summary>
    public static byte[] Parameters(StoneProofParameters p)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("channel_hash", p.ChannelHash);
            w.WriteString("commitment_hash", p.CommitmentHash);
            w.WriteString("field", "PrimeField0");
            w.WriteNumber("n_verifier_friendly_commitment_layers", p.VerifierFriendlyLayers);
            w.WriteString("pow_hash", p.PowHash);
            w.WriteStartObject("stark");
            w.WriteStartObject("fri");
            w.WriteStartArray("fri_step_list");
            foreach (int s in p.FriStepList) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteNumber("last_layer_degree_bound", p.LastLayerDegreeBound);
            w.WriteNumber("n_queries", p.NQueries);
            w.WriteNumber("proof_of_work_bits", p.ProofOfWorkBits);
            w.WriteEndObject();
            w.WriteNumber("log_n_cosets", p.LogNCosets);
            w.WriteEndObject();
            w.WriteStartObject("statement");
            w.WriteString("page_hash", p.PageHash);
            w.WriteEndObject();
            w.WriteBoolean("use_extension_field", false);
            w.WriteBoolean("verifier_friendly_channel_updates", p.VerifierFriendlyChannelUpdates);
            w.WriteString("verifier_friendly_commitment_hash", p.VerifierFriendlyCommitmentHash);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> json, string what)
    {
        try { return JsonDocument.Parse(json.ToArray()); }
        catch (JsonException e) { throw new StoneFormatException($"{what} is not valid JSON: {e.Message}"); }
    }

    /// <summary>A non-empty object or array: written as a block on the lines below its key.</summary>
    private static bool IsBlock(JsonElement e) =>
        (e.ValueKind == JsonValueKind.Object && e.EnumerateObject().Any()) || (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0);

    private static void Indent(StringBuilder sb, int depth) => sb.Append('\n').Append('\t', depth);

    private static void Key(StringBuilder sb, string key, int depth)
    {
        Indent(sb, depth);
        Quoted(sb, key);
        sb.Append(" : ");
    }

    private static void Value(StringBuilder sb, JsonElement e, int depth)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var members = e.EnumerateObject().OrderBy(m => m.Name, StringComparer.Ordinal).ToArray();
                if (members.Length == 0) { sb.Append("{}"); return; }
                sb.Append('{');
                for (int i = 0; i < members.Length; i++)
                {
                    Key(sb, members[i].Name, depth + 1);
                    if (IsBlock(members[i].Value)) Indent(sb, depth + 1);
                    Value(sb, members[i].Value, depth + 1);
                    if (i + 1 < members.Length) sb.Append(',');
                }
                Indent(sb, depth);
                sb.Append('}');
                return;
            case JsonValueKind.Array:
                int count = e.GetArrayLength();
                if (count == 0) { sb.Append("[]"); return; }
                sb.Append('[');
                int k = 0;
                foreach (JsonElement item in e.EnumerateArray())
                {
                    Indent(sb, depth + 1);
                    Value(sb, item, depth + 1);
                    if (++k < count) sb.Append(',');
                }
                Indent(sb, depth);
                sb.Append(']');
                return;
            case JsonValueKind.String: Quoted(sb, e.GetString()!); return;
            case JsonValueKind.True: sb.Append("true"); return;
            case JsonValueKind.False: sb.Append("false"); return;
            case JsonValueKind.Null: sb.Append("null"); return;
            default: sb.Append(e.GetRawText()); return;
        }
    }

    /// <summary>jsoncpp's quoting: ", \ and control characters escaped, anything beyond ASCII as \uXXXX.</summary>
    private static void Quoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char ch in s)
        {
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (ch < 0x20 || ch > 0x7e) sb.Append("\\u").Append(((int)ch).ToString("x4"));
                    else sb.Append(ch);
                    break;
            }
        }
        sb.Append('"');
    }
}
