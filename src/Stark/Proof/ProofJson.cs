using System.Text.Json;
using System.Text.Json.Serialization;
using Zetina.Stark.Field;
using Zetina.Stark.Fri;
using Zetina.Stark.Parameters;

namespace Zetina.Stark.Proof;

/// <summary>
/// The JSON form of a <see cref="StarkProof"/>: the binary format's fields by name, felts and digests as
/// 0x-prefixed lowercase hex (every felt full width, every digest 32 bytes), parameters under Stone's names; a trace
/// table states its column count (<c>width</c>). The short tables (<c>short_tables</c>, <c>short_aux_tables</c>: lift, root,
/// opening each) are left out when there are none, and the version is the binary form's (<see cref="ProofSerializer.VersionOf"/>). System.Text.Json
/// source generation only.
/// </summary>
public static class ProofJson
{
    /// <summary>The proof as indented JSON.</summary>
    public static string Write(StarkProof proof)
    {
        StarkParameters p = proof.Parameters;
        var dto = new ProofDto
        {
            Version = ProofSerializer.VersionOf(proof),
            LogTraceLength = proof.LogTraceLength,
            Parameters = new ParametersDto
            {
                LogNCosets = p.LogNCosets, NQueries = p.NQueries, ProofOfWorkBits = p.ProofOfWorkBits,
                FriStepList = p.FriStepList, LastLayerDegreeBound = p.LastLayerDegreeBound, Hash = p.Hash,
            },
            MainRoot = Hex(proof.MainRoot),
            ShortTables = ShortTables(proof.ShortTables),
            AuxRoot = proof.AuxRoot is null ? null : Hex(proof.AuxRoot),
            ShortAuxTables = ShortTables(proof.ShortAuxTables),
            CompositionRoot = Hex(proof.CompositionRoot),
            OodTrace = Hex(proof.OodTrace),
            OodComposition = Hex(proof.OodComposition),
            FriRoots = Hex(proof.FriRoots),
            FriLastLayer = Hex(proof.FriLastLayer),
            PowNonce = proof.PowNonce,
            MainOpening = Rows(proof.MainOpening),
            AuxOpening = proof.AuxOpening is null ? null : Rows(proof.AuxOpening),
            CompositionOpening = Rows(proof.CompositionOpening),
            FriOpenings = Array.ConvertAll(proof.FriOpenings, o => Table(o.Values, o.Siblings)),
        };
        return JsonSerializer.Serialize(dto, ProofJsonContext.Default.ProofDto);
    }

    /// <summary>Parses the JSON form; false with a message on any malformed input (never throws).</summary>
    public static bool TryRead(string json, out StarkProof? proof, out string? error)
    {
        proof = null;
        try
        {
            ProofDto? d = JsonSerializer.Deserialize(json, ProofJsonContext.Default.ProofDto);
            if (d?.Parameters is null || d.MainRoot is null || d.CompositionRoot is null || d.OodTrace is null || d.OodComposition is null
                || d.FriRoots is null || d.FriLastLayer is null || d.MainOpening is null || d.CompositionOpening is null || d.FriOpenings is null
                || d.Parameters.FriStepList is null || d.Parameters.Hash is null)
            {
                error = "a required field is missing";
                return false;
            }
            ShortTable[] shortTables = ReadShortTables(d.ShortTables, "short table"), shortAuxTables = ReadShortTables(d.ShortAuxTables, "short interaction table");
            int count = shortTables.Length + shortAuxTables.Length;
            int expectedVersion = count > 0 ? ProofSerializer.VersionWithShortTables : ProofSerializer.Version;
            if (d.Version != expectedVersion)
            {
                error = $"version {d.Version} with {count} short tables: such a proof is version {expectedVersion}";
                return false;
            }
            if ((d.AuxRoot is null) != (d.AuxOpening is null)) { error = "aux_root and aux_opening must come together"; return false; }
            if (d.AuxRoot is null && shortAuxTables.Length > 0) { error = "short_aux_tables without an interaction"; return false; }
            ParametersDto p = d.Parameters;
            var fri = new FriLayerOpening[d.FriOpenings.Length];
            for (int i = 0; i < fri.Length; i++)
            {
                TableDto t = d.FriOpenings[i];
                fri[i] = new FriLayerOpening(Felts(t.Values ?? throw new FormatException("FRI values missing")),
                    Digests(t.Siblings ?? throw new FormatException("FRI siblings missing")));
            }
            proof = new StarkProof(
                new StarkParameters(p.LogNCosets, p.NQueries, p.ProofOfWorkBits, p.FriStepList, p.LastLayerDegreeBound, p.Hash),
                d.LogTraceLength, Digest(d.MainRoot), d.AuxRoot is null ? null : Digest(d.AuxRoot), Digest(d.CompositionRoot),
                Felts(d.OodTrace), Felts(d.OodComposition), Digests(d.FriRoots), Felts(d.FriLastLayer), d.PowNonce,
                ReadTable(d.MainOpening), d.AuxOpening is null ? null : ReadTable(d.AuxOpening), ReadTable(d.CompositionOpening), fri)
            { ShortTables = shortTables, ShortAuxTables = shortAuxTables };
            error = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            error = e.Message;
            return false;
        }
    }

    private static string Hex(byte[] d) => "0x" + Convert.ToHexStringLower(d);
    private static string[] Hex(byte[][] ds) => Array.ConvertAll(ds, Hex);
    private static string[] Hex(Felt[] xs) => Array.ConvertAll(xs, x => x.ToHexString());
    private static TableDto Table(Felt[] values, byte[][] siblings) => new() { Values = Hex(values), Siblings = Hex(siblings) };
    private static TableDto Rows(TableOpening t) => new() { Width = t.Width, Values = Hex(t.Values), Siblings = Hex(t.Siblings), OnTrace = t.OnTrace };

    private static byte[] Digest(string s)
    {
        if (!s.StartsWith("0x", StringComparison.Ordinal) || s.Length != 66) throw new FormatException($"digest '{s}' is not 0x + 64 hex digits");
        return Convert.FromHexString(s.AsSpan(2));
    }

    private static byte[][] Digests(string[] xs) => Array.ConvertAll(xs, Digest);

    private static Felt[] Felts(string[] xs) => Array.ConvertAll(xs, x =>
        x.StartsWith("0x", StringComparison.Ordinal) ? Felt.Parse(x) : throw new FormatException($"felt '{x}' is not 0x-hex"));

    private static ShortTableDto[]? ShortTables(ShortTable[] tables) => tables.Length == 0 ? null
        : Array.ConvertAll(tables, t => new ShortTableDto { Lift = t.Lift, Root = Hex(t.Root), Opening = Rows(t.Opening) });

    /// <summary>One kind's short tables (none when absent); throws <see cref="FormatException"/> unless the lifts are powers of two ≥ 2, strictly ascending.</summary>
    private static ShortTable[] ReadShortTables(ShortTableDto[]? dtos, string kind)
    {
        if (dtos is null) return [];
        var tables = new ShortTable[dtos.Length];
        for (int t = 0; t < tables.Length; t++)
        {
            ShortTableDto d = dtos[t] ?? throw new FormatException($"{kind} {t} missing");
            if (d.Lift < 2 || (d.Lift & (d.Lift - 1)) != 0 || (t > 0 && d.Lift <= tables[t - 1].Lift))
                throw new FormatException($"{kind} {t}: lift {d.Lift}; lifts must be powers of two ≥ 2, strictly ascending");
            tables[t] = new ShortTable(d.Lift, Digest(d.Root ?? throw new FormatException($"{kind} root missing")),
                ReadTable(d.Opening ?? throw new FormatException($"{kind} opening missing")));
        }
        return tables;
    }

    private static TableOpening ReadTable(TableDto t)
    {
        Felt[] values = Felts(t.Values ?? throw new FormatException("table values missing"));
        int width = t.Width ?? throw new FormatException("table width missing");
        if (width < 1 || values.Length % width != 0) throw new FormatException($"{values.Length} table values do not make rows of {width} columns");
        bool[] onTrace = t.OnTrace ?? throw new FormatException("table on_trace marks missing");
        if (onTrace.Length != values.Length / width) throw new FormatException($"{onTrace.Length} on_trace marks for {values.Length / width} rows");
        return new TableOpening(values, Digests(t.Siblings ?? throw new FormatException("table siblings missing")), width, onTrace);
    }
}

internal sealed class ProofDto
{
    public int Version { get; set; }
    public int LogTraceLength { get; set; }
    public ParametersDto? Parameters { get; set; }
    public string? MainRoot { get; set; }
    public ShortTableDto[]? ShortTables { get; set; }
    public string? AuxRoot { get; set; }
    public ShortTableDto[]? ShortAuxTables { get; set; }
    public string? CompositionRoot { get; set; }
    public string[]? OodTrace { get; set; }
    public string[]? OodComposition { get; set; }
    public string[]? FriRoots { get; set; }
    public string[]? FriLastLayer { get; set; }
    public ulong PowNonce { get; set; }
    public TableDto? MainOpening { get; set; }
    public TableDto? AuxOpening { get; set; }
    public TableDto? CompositionOpening { get; set; }
    public TableDto[]? FriOpenings { get; set; }
}

internal sealed class ShortTableDto
{
    public int Lift { get; set; }
    public string? Root { get; set; }
    public TableDto? Opening { get; set; }
}

internal sealed class ParametersDto
{
    public int LogNCosets { get; set; }
    public int NQueries { get; set; }
    public int ProofOfWorkBits { get; set; }
    public int[]? FriStepList { get; set; }
    public int LastLayerDegreeBound { get; set; }
    public string? Hash { get; set; }
}

internal sealed class TableDto
{
    public int? Width { get; set; }
    public string[]? Values { get; set; }
    public string[]? Siblings { get; set; }
    public bool[]? OnTrace { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProofDto))]
internal sealed partial class ProofJsonContext : JsonSerializerContext;
