using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Zetina.Cairo.Air;
using Zetina.Cairo.Run;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Prover;

/// <summary>
/// A Cairo proof as a file: the statement (public input, trace shape, program header, binding) and the STARK proof
/// in the engine's binary format, as one JSON document (<c>proof.json</c>).
/// </summary>
/// <remarks>
/// <code>
/// { "version": 3, "public_input": { …air_public_input.json… },
///   "program_main": 0, "program_builtins": ["output"],
///   "shape": { "log_rows": 9, "range_check_builtin": false, "extra_memory_slots": 1, "extra_range_check_slots": 1,
///              "lanes": { "pedersen": 0, "poseidon": 0, "bitwise": 0, "ecdsa": 0, "range_check96": 0 } },
///   "binding": { "job_id": "0x…", "executor_address": "0x…" },
///   "program_hash": "0x…", "output": ["0x…"],            (informative: the verifier recomputes both)
///   "stark_proof": "…hex of the binary STARK proof…" }
/// </code>
/// </remarks>
public sealed class CairoProof
{
    /// <summary>
    /// Format version written and accepted (3: the shape's lane counts by builtin name, one per builtin proved in
    /// lanes; version 2 named four counts one by one and is not read).
    /// </summary>
    public const int Version = 3;

    /// <summary>The most lanes of one builtin a document may state.</summary>
    public const int MaxLanes = 64;

    /// <summary>The proven statement.</summary>
    public required CairoStatement Statement { get; init; }

    /// <summary>The STARK proof, binary.</summary>
    public required byte[] StarkProof { get; init; }

    /// <summary>The JSON document (UTF-8).</summary>
    public byte[] ToJsonBytes()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = false }))
        {
            CairoStatement s = Statement;
            w.WriteStartObject();
            w.WriteNumber("version", Version);
            w.WritePropertyName("public_input");
            s.PublicInput.WriteJson(w);
            w.WriteNumber("program_main", s.ProgramMain);
            w.WriteStartArray("program_builtins");
            foreach (string b in s.ProgramBuiltins) w.WriteStringValue(b);
            w.WriteEndArray();
            w.WriteStartObject("shape");
            w.WriteNumber("log_rows", s.Shape.LogRows);
            w.WriteBoolean("range_check_builtin", s.Shape.RangeCheckBuiltin);
            w.WriteNumber("extra_memory_slots", s.Shape.ExtraMemorySlots);
            w.WriteNumber("extra_range_check_slots", s.Shape.ExtraRangeCheckSlots);
            w.WriteStartObject("lanes");
            foreach (string b in s.Shape.StatedLaneBuiltins()) w.WriteNumber(b, s.Shape.LaneCount(b));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("binding");
            w.WriteString("job_id", s.Binding.JobId.ToHexString());
            w.WriteString("executor_address", s.Binding.ExecutorAddress.ToHexString());
            w.WriteEndObject();
            w.WriteString("program_hash", s.ProgramHash.ToHexString());
            w.WriteStartArray("output");
            foreach (Felt o in s.Output()) w.WriteStringValue(o.ToHexString());
            w.WriteEndArray();
            w.WriteString("stark_proof", Convert.ToHexStringLower(StarkProof));
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    /// <summary>Upper bound on a proof document the reader accepts (bytes).</summary>
    public const int MaxDocumentBytes = 256 << 20;

    /// <summary>
    /// Parses a proof document. Returns false with a message naming the problem for malformed input (never throws
    /// on bad data).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out CairoProof? proof, out string? error)
    {
        proof = null;
        if (json.Length > MaxDocumentBytes) { error = $"proof document is {json.Length} bytes, over the {MaxDocumentBytes} limit"; return false; }
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json.ToArray());
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { error = "proof: expected a JSON object"; return false; }
            if (!root.TryGetProperty("version", out JsonElement v) || !v.TryGetInt32(out int version))
            {
                error = $"proof: no version number (this verifier reads version {Version})";
                return false;
            }
            if (version != Version)
            {
                error = $"proof: version {version} is not read; this verifier reads version {Version} (lane counts by builtin name)";
                return false;
            }
            AirPublicInput pi = AirPublicInput.FromJson(Get(root, "public_input"));
            JsonElement shape = Get(root, "shape");
            int logRows = Get(shape, "log_rows").GetInt32();
            int k = Get(shape, "extra_memory_slots").GetInt32();
            int r = Get(shape, "extra_range_check_slots").GetInt32();
            bool rcb = Get(shape, "range_check_builtin").GetBoolean();
            if (logRows is < 3 or > 30 || k is < 1 or > 64 || r is < 1 or > 1024)
            {
                error = $"proof: shape out of range (log_rows {logRows}, extra memory slots {k}, extra range-check slots {r})";
                return false;
            }
            if (!TryReadLanes(shape, out int[] lanes, out error)) return false;
            var builtins = new List<string>();
            foreach (JsonElement b in Get(root, "program_builtins").EnumerateArray())
                builtins.Add(b.GetString() ?? throw new FormatException("program_builtins holds a null"));
            JsonElement binding = Get(root, "binding");
            Felt jobId = Felt.Parse(Get(binding, "job_id").GetString() ?? "");
            Felt executor = Felt.Parse(Get(binding, "executor_address").GetString() ?? "");
            byte[] starkProof = HexValue(Get(root, "stark_proof"));
            ulong main = Get(root, "program_main").GetUInt64();
            proof = new CairoProof
            {
                Statement = new CairoStatement
                {
                    PublicInput = pi,
                    Shape = new CairoTraceShape(logRows, rcb, k, r, lanes),
                    Binding = new CairoBinding(jobId, executor),
                    ProgramMain = main,
                    ProgramBuiltins = builtins,
                },
                StarkProof = starkProof,
            };
            error = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            error = "proof: " + e.Message;
            return false;
        }
    }

    /// <summary>
    /// The shape's <c>"lanes"</c> object: a count in [0, <see cref="MaxLanes"/>] by builtin name, each name one of
    /// <see cref="CairoTraceShape.LaneBuiltins"/> at most once; a builtin left out has no lanes.
    /// </summary>
    private static bool TryReadLanes(JsonElement shape, out int[] lanes, out string? error)
    {
        IReadOnlyList<string> names = CairoTraceShape.LaneBuiltins;
        lanes = new int[names.Count];
        error = null;
        if (!shape.TryGetProperty("lanes", out JsonElement o)) return true;
        if (o.ValueKind != JsonValueKind.Object) { error = "proof: shape.lanes is not an object"; return false; }
        var seen = new bool[names.Count];
        foreach (JsonProperty p in o.EnumerateObject())
        {
            int t = 0;
            while (t < names.Count && names[t] != p.Name) t++;
            if (t == names.Count) { error = $"proof: shape.lanes names '{p.Name}', which is not a builtin proved in lanes ({string.Join(", ", names)})"; return false; }
            if (seen[t]) { error = $"proof: shape.lanes names '{p.Name}' twice"; return false; }
            seen[t] = true;
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out lanes[t]) || lanes[t] is < 0 or > MaxLanes)
            {
                error = $"proof: shape.lanes.{p.Name} is not a lane count in [0, {MaxLanes}]";
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The bytes of a hex string value, decoded from the document's UTF-8 text: the STARK proof is most of the file,
    /// and going through a .NET string would copy it twice more (to UTF-16, then to bytes).
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is not a string.</exception>
    /// <exception cref="FormatException">It is not hexadecimal of even length.</exception>
    private static byte[] HexValue(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String) throw new InvalidOperationException($"stark_proof is a {value.ValueKind}, not a hex string");
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value); // with its quotes
        ReadOnlySpan<byte> text = raw[1..^1];
        if (text.Contains((byte)'\\')) return Convert.FromHexString(value.GetString()!); // escaped: let the reader unescape it
        if (text.Length % 2 != 0) throw new FormatException("stark_proof: the hex string has an odd length");
        byte[] bytes = new byte[text.Length / 2];
        if (Convert.FromHexString(text, bytes, out _, out int written) != System.Buffers.OperationStatus.Done || written != bytes.Length)
            throw new FormatException("stark_proof: not a hex string");
        return bytes;
    }

    private static JsonElement Get(JsonElement o, string name)
    {
        if (o.ValueKind != JsonValueKind.Object || !o.TryGetProperty(name, out JsonElement v))
            throw new FormatException($"missing field '{name}'");
        return v;
    }

    /// <summary>A one-line summary for logs.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"cairo proof: layout {Statement.PublicInput.Layout}, n_steps {Statement.PublicInput.NSteps}, {StarkProof.Length} bytes");
}
