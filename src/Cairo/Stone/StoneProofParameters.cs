using System.Text.Json;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Stone;

/// <summary>
/// A proof's <c>proof_parameters</c> with Stone's defaults filled in (<c>main/verifier_main_helper_impl.cc</c>):
/// channel_hash keccak256, commitment_hash keccak256_masked160_msb, the verifier-friendly hash = the commitment
/// hash, 0 verifier-friendly layers, pow_hash blake256 on the Poseidon channel, page_hash keccak256.
/// Every name is checked against what Stone accepts; anything else is refused by name.
/// </summary>
internal sealed record StoneProofParameters
{
    public required string ChannelHash { get; init; }
    public required string CommitmentHash { get; init; }
    public required string VerifierFriendlyCommitmentHash { get; init; }
    public required long VerifierFriendlyLayers { get; init; }
    /// <summary>True when the file names <c>n_verifier_friendly_commitment_layers</c> (a hint, not proof, of Stone v3).</summary>
    public required bool HasVerifierFriendlyLayersField { get; init; }
    public required bool VerifierFriendlyChannelUpdates { get; init; }
    public required string PowHash { get; init; }
    public required string PageHash { get; init; }
    public required int LogNCosets { get; init; }
    public required int[] FriStepList { get; init; }
    public required long LastLayerDegreeBound { get; init; }
    public required int NQueries { get; init; }
    public required int ProofOfWorkBits { get; init; }

    /// <summary>The channel hashes Stone's verifier knows.</summary>
    public static readonly string[] ChannelHashes = ["poseidon3", "keccak256", "blake256"];

    /// <summary>The proof-of-work hashes Stone's verifier knows.</summary>
    public static readonly string[] PowHashes = ["keccak256", "blake256"];

    /// <summary>The page hashes Stone's statement knows.</summary>
    public static readonly string[] PageHashes = ["pedersen", "keccak256"];

    /// <summary>Reads and validates <paramref name="p"/>; throws <see cref="StoneFormatException"/> naming the first bad field.</summary>
    public static StoneProofParameters FromJson(JsonElement p)
    {
        if (p.ValueKind != JsonValueKind.Object) throw new StoneFormatException("proof_parameters: expected a JSON object");
        string field = Str(p, "field", "PrimeField0");
        if (field != "PrimeField0") throw Unsupported("field", field, ["PrimeField0"]);
        if (p.TryGetProperty("use_extension_field", out JsonElement ext) && ext.ValueKind == JsonValueKind.True)
            throw new StoneFormatException("use_extension_field true is not supported; supported: false");

        string channel = Str(p, "channel_hash", "keccak256");
        if (Array.IndexOf(ChannelHashes, channel) < 0) throw Unsupported("channel_hash", channel, ChannelHashes);
        string commitment = Str(p, "commitment_hash", "keccak256_masked160_msb");
        if (StoneMaskedHash.TryCreate(commitment) is null) throw Unsupported("commitment_hash", commitment, StoneMaskedHash.Names);
        string friendly = Str(p, "verifier_friendly_commitment_hash", commitment);
        if (friendly != "poseidon3" && friendly != commitment)
            throw Unsupported("verifier_friendly_commitment_hash", friendly, ["poseidon3", commitment]);
        bool hasLayers = p.TryGetProperty("n_verifier_friendly_commitment_layers", out JsonElement layersJson);
        long layers = hasLayers ? Long(layersJson, "n_verifier_friendly_commitment_layers") : 0;
        if (layers > 0 && friendly != "poseidon3")
            throw new StoneFormatException($"n_verifier_friendly_commitment_layers {layers} needs verifier_friendly_commitment_hash poseidon3, got '{friendly}'");
        bool updates = p.TryGetProperty("verifier_friendly_channel_updates", out JsonElement u) && u.ValueKind == JsonValueKind.True;
        string pow = Str(p, "pow_hash", channel == "poseidon3" ? "blake256" : channel);
        if (Array.IndexOf(PowHashes, pow) < 0) throw Unsupported("pow_hash", pow, PowHashes);
        if (channel != "poseidon3" && pow != channel)
            throw new StoneFormatException($"pow_hash '{pow}' must equal channel_hash '{channel}' on a byte channel");
        string page = p.TryGetProperty("statement", out JsonElement st) && st.ValueKind == JsonValueKind.Object
            ? Str(st, "page_hash", "keccak256") : "keccak256";
        if (Array.IndexOf(PageHashes, page) < 0) throw Unsupported("statement.page_hash", page, PageHashes);

        JsonElement stark = Obj(p, "stark");
        JsonElement fri = Obj(stark, "fri");
        int logCosets = (int)Long(Obj(stark, "log_n_cosets"), "stark.log_n_cosets", max: 10);
        var steps = new List<int>();
        JsonElement stepsJson = Obj(fri, "fri_step_list");
        if (stepsJson.ValueKind != JsonValueKind.Array) throw new StoneFormatException("stark.fri.fri_step_list: expected an array");
        foreach (JsonElement s in stepsJson.EnumerateArray()) steps.Add((int)Long(s, "stark.fri.fri_step_list[]", max: 16));
        if (steps.Count == 0) throw new StoneFormatException("stark.fri.fri_step_list is empty");
        for (int i = 1; i < steps.Count; i++)
            if (steps[i] == 0) throw new StoneFormatException($"stark.fri.fri_step_list[{i}] is 0; only the first step may be 0");
        long lastLayer = Long(Obj(fri, "last_layer_degree_bound"), "stark.fri.last_layer_degree_bound", max: 1L << 30);
        if (lastLayer == 0 || (lastLayer & (lastLayer - 1)) != 0)
            throw new StoneFormatException($"stark.fri.last_layer_degree_bound {lastLayer} is not a power of two");
        int queries = (int)Long(Obj(fri, "n_queries"), "stark.fri.n_queries", max: 1000);
        if (queries == 0) throw new StoneFormatException("stark.fri.n_queries is 0");
        int powBits = (int)Long(Obj(fri, "proof_of_work_bits"), "stark.fri.proof_of_work_bits", max: 64);
        return new StoneProofParameters
        {
            ChannelHash = channel, CommitmentHash = commitment, VerifierFriendlyCommitmentHash = friendly,
            VerifierFriendlyLayers = layers, HasVerifierFriendlyLayersField = hasLayers, VerifierFriendlyChannelUpdates = updates,
            PowHash = pow, PageHash = page, LogNCosets = logCosets, FriStepList = [.. steps],
            LastLayerDegreeBound = lastLayer, NQueries = queries, ProofOfWorkBits = powBits,
        };
    }

    private static StoneFormatException Unsupported(string name, string value, string[] supported) =>
        new($"{name} '{value}' is not supported; supported: {string.Join(", ", supported)}");

    private static string Str(JsonElement o, string name, string fallback)
    {
        if (!o.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null) return fallback;
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new StoneFormatException($"{name}: expected a string");
    }

    private static JsonElement Obj(JsonElement o, string name) =>
        o.TryGetProperty(name, out JsonElement v) ? v : throw new StoneFormatException($"proof_parameters: missing field '{name}'");

    private static long Long(JsonElement v, string name, long max = long.MaxValue) =>
        v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long x) && x >= 0 && x <= max
            ? x : throw new StoneFormatException($"{name}: expected an integer in [0, {max}]");
}
