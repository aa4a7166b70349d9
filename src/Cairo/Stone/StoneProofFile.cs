using System.Text.Json;
using Zetina.Cairo.Run;

namespace Zetina.Cairo.Stone;

/// <summary>
/// A proof as <c>cpu_air_prover</c> writes it: <c>proof_hex</c> (the channel's bytes), <c>proof_parameters</c>,
/// <c>public_input</c> (the AIR public input), <c>prover_config</c>, <c>private_input</c> and <c>version</c>
/// (kept as JSON text, not used by verification), and optional <c>annotations</c> (the verifier's transcript).
/// </summary>
internal sealed class StoneProofFile
{
    public required byte[] Proof { get; init; }
    public required StoneProofParameters Parameters { get; init; }
    public required AirPublicInput PublicInput { get; init; }
    /// <summary>Dynamic layout parameters; Stone's fixed layouts have none.</summary>
    public required bool HasDynamicParams { get; init; }
    public required IReadOnlyList<string> Annotations { get; init; }
    public string? ProverConfigJson { get; init; }
    public string? PrivateInputJson { get; init; }
    public string? VersionJson { get; init; }

    /// <summary>True when the bytes look like a Stone proof file (a JSON object with <c>proof_hex</c>).</summary>
    /// <remarks>
    /// Reads the top-level member names and skips their values without building a document: this runs before every
    /// verification, and a document would parse a native proof's megabyte a second time. A file that is not JSON is
    /// not a Stone proof; one that names <c>proof_hex</c> before going wrong is, and its parse says what is wrong.
    /// </remarks>
    public static bool LooksLikeStone(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("proof_hex"u8)) return true;
                if (!reader.Read()) return false;
                reader.Skip();
            }
            return false;
        }
        catch (JsonException) { return false; }
    }

    /// <summary>Parses a proof file; throws <see cref="StoneFormatException"/> naming what is wrong.</summary>
    public static StoneProofFile Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json.ToArray()); }
        catch (JsonException e) { throw new StoneFormatException($"proof file is not valid JSON: {e.Message}"); }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new StoneFormatException("proof file: expected a JSON object");
            string hex = root.TryGetProperty("proof_hex", out JsonElement h) && h.ValueKind == JsonValueKind.String
                ? h.GetString()! : throw new StoneFormatException("proof file: missing string field 'proof_hex'");
            if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) hex = hex[2..];
            if (hex.Length % 2 != 0) throw new StoneFormatException($"proof_hex has an odd number of hex digits ({hex.Length})");
            byte[] proof;
            try { proof = Convert.FromHexString(hex); }
            catch (FormatException) { throw new StoneFormatException("proof_hex is not hexadecimal"); }
            if (!root.TryGetProperty("proof_parameters", out JsonElement pp)) throw new StoneFormatException("proof file: missing field 'proof_parameters'");
            if (!root.TryGetProperty("public_input", out JsonElement pi)) throw new StoneFormatException("proof file: missing field 'public_input'");
            AirPublicInput publicInput;
            try { publicInput = AirPublicInput.FromJson(pi); }
            catch (CairoFileFormatException e) { throw new StoneFormatException($"public_input: {e.Message}"); }
            var annotations = new List<string>();
            if (root.TryGetProperty("annotations", out JsonElement an) && an.ValueKind == JsonValueKind.Array)
                foreach (JsonElement a in an.EnumerateArray()) annotations.Add(a.GetString() ?? "");
            return new StoneProofFile
            {
                Proof = proof,
                Parameters = StoneProofParameters.FromJson(pp),
                PublicInput = publicInput,
                HasDynamicParams = pi.TryGetProperty("dynamic_params", out JsonElement dp) && dp.ValueKind != JsonValueKind.Null,
                Annotations = annotations,
                ProverConfigJson = Raw(root, "prover_config"),
                PrivateInputJson = Raw(root, "private_input"),
                VersionJson = Raw(root, "version"),
            };
        }
    }

    private static string? Raw(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement v) ? v.GetRawText() : null;
}
