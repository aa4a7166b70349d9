using System.Numerics;
using System.Text.Json;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Pie;
using Zetina.Cairo.Program;

namespace Zetina.Cairo.Bootloader;

/// <summary>
/// Reads cairo-lang's bootloader input JSON (the <c>--program_input</c> of the bootloaders):
/// <code>
/// { "tasks": [ {"type": "RunProgramTask", "program": {compiled program}, "program_input": {…}, "use_poseidon": false},
///              {"type": "CairoPiePath", "path": "task.zip", "use_poseidon": false} ],
///   "single_page": false, "fact_topologies_path": null,
///   "bootloader_config": {"simple_bootloader_program_hash": 0, "supported_cairo_verifier_program_hashes": []},
///   "packed_outputs": [ {"type": "Plain"},
///                       {"type": "Composite", "outputs": […], "subtasks": [packed…], "fact_topologies": […]} ] }
/// </code>
/// Every defect is a <see cref="CairoErrorKind.BadBootloaderInput"/> naming the field (and task index).
/// </summary>
public static class BootloaderInputReader
{
    /// <summary>The most tasks one input may carry (each is loaded into memory before the run).</summary>
    public const int MaxTasks = 4096;

    /// <summary>Reads a simple bootloader's input; PIE paths are resolved from <paramref name="baseDirectory"/>.</summary>
    public static SimpleBootloaderInput ReadSimple(JsonElement root, string baseDirectory)
    {
        RequireObject(root, "the bootloader input");
        return new SimpleBootloaderInput(Tasks(root, baseDirectory), FactTopologiesPath(root, baseDirectory), Bool(root, "single_page", "the input"));
    }

    /// <summary>Reads the bootloader's input (tasks, config, packed outputs); PIE paths are resolved from <paramref name="baseDirectory"/>.</summary>
    public static BootloaderInput Read(JsonElement root, string baseDirectory)
    {
        RequireObject(root, "the bootloader input");
        IReadOnlyList<BootloaderTask> tasks = Tasks(root, baseDirectory);
        JsonElement config = Member(root, "bootloader_config", "the input");
        RequireObject(config, "bootloader_config");
        var verifiers = new List<BigInteger>();
        JsonElement hashes = Member(config, "supported_cairo_verifier_program_hashes", "bootloader_config");
        if (hashes.ValueKind != JsonValueKind.Array) throw Bad("bootloader_config.supported_cairo_verifier_program_hashes is not an array");
        foreach (JsonElement h in hashes.EnumerateArray()) verifiers.Add(Int(h, "a supported verifier program hash"));
        var cfg = new BootloaderConfig(Int(Member(config, "simple_bootloader_program_hash", "bootloader_config"), "simple_bootloader_program_hash"), verifiers);
        List<PackedOutput> packed = PackedOutputs(Member(root, "packed_outputs", "the input"), "packed_outputs", depth: 0);
        if (packed.Count != tasks.Count) throw Bad($"the input has {tasks.Count} tasks and {packed.Count} packed outputs");
        return new BootloaderInput(tasks, FactTopologiesPath(root, baseDirectory), Bool(root, "single_page", "the input"), cfg, packed);
    }

    /// <summary>Parses <paramref name="json"/> and reads it as the bootloader's input.</summary>
    public static BootloaderInput Read(string json, string baseDirectory)
    {
        using JsonDocument doc = Parse(json);
        return Read(doc.RootElement, baseDirectory);
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw Bad($"not valid JSON: {e.Message}");
        }
    }

    private static List<BootloaderTask> Tasks(JsonElement root, string baseDirectory)
    {
        JsonElement tasks = Member(root, "tasks", "the input");
        if (tasks.ValueKind != JsonValueKind.Array) throw Bad("'tasks' is not an array");
        if (tasks.GetArrayLength() > MaxTasks) throw Bad($"{tasks.GetArrayLength()} tasks, over the limit of {MaxTasks}");
        var list = new List<BootloaderTask>();
        int i = 0;
        foreach (JsonElement t in tasks.EnumerateArray()) list.Add(Task(t, i++, baseDirectory));
        return list;
    }

    private static BootloaderTask Task(JsonElement t, int index, string baseDirectory)
    {
        string where = $"tasks[{index}]";
        RequireObject(t, where);
        JsonElement type = Member(t, "type", where);
        bool usePoseidon = t.TryGetProperty("use_poseidon", out _) && Bool(t, "use_poseidon", where);
        switch (type.ValueKind == JsonValueKind.String ? type.GetString() : null)
        {
            case "RunProgramTask":
                JsonElement programJson = Member(t, "program", where);
                CairoProgram program;
                try
                {
                    program = ProgramLoader.FromElement(programJson.Clone());
                }
                catch (Exception e) when (e is CairoException or InvalidOperationException or FormatException or KeyNotFoundException)
                {
                    throw Bad($"{where}.program: {e.Message}");
                }
                JsonElement input = t.TryGetProperty("program_input", out JsonElement pi) && pi.ValueKind != JsonValueKind.Null
                    ? pi.Clone()
                    : JsonDocument.Parse("{}").RootElement.Clone();
                return new ProgramTask(program, input, usePoseidon);
            case "CairoPiePath":
                JsonElement pathEl = Member(t, "path", where);
                if (pathEl.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(pathEl.GetString())) throw Bad($"{where}.path is not a file name");
                string path = Path.GetFullPath(pathEl.GetString()!, baseDirectory);
                if (!File.Exists(path)) throw Bad($"{where}.path: no PIE at {path}");
                try
                {
                    return new PieTask(CairoPie.Read(path), usePoseidon);
                }
                catch (CairoException e)
                {
                    throw new CairoException(CairoErrorKind.BadBootloaderInput, $"{where}: {e.Message}", null, e);
                }
                catch (IOException e)
                {
                    throw Bad($"{where}.path: cannot read {path}: {e.Message}");
                }
            default:
                throw Bad($"{where}: unknown task type {type.GetRawText()} (expected \"RunProgramTask\" or \"CairoPiePath\")");
        }
    }

    private static List<PackedOutput> PackedOutputs(JsonElement array, string where, int depth)
    {
        if (depth > 16) throw Bad($"{where}: composite outputs nested more than 16 deep");
        if (array.ValueKind != JsonValueKind.Array) throw Bad($"'{where}' is not an array");
        var list = new List<PackedOutput>();
        int i = 0;
        foreach (JsonElement p in array.EnumerateArray())
        {
            string at = $"{where}[{i++}]";
            RequireObject(p, at);
            JsonElement type = Member(p, "type", at);
            switch (type.ValueKind == JsonValueKind.String ? type.GetString() : null)
            {
                case "Plain":
                    list.Add(new PlainPackedOutput());
                    break;
                case "Composite":
                    var outputs = new List<BigInteger>();
                    JsonElement o = Member(p, "outputs", at);
                    if (o.ValueKind != JsonValueKind.Array) throw Bad($"{at}.outputs is not an array");
                    foreach (JsonElement x in o.EnumerateArray()) outputs.Add(Int(x, $"{at}.outputs"));
                    List<PackedOutput> subtasks = PackedOutputs(Member(p, "subtasks", at), at + ".subtasks", depth + 1);
                    var topologies = new List<FactTopology>();
                    JsonElement ft = Member(p, "fact_topologies", at);
                    if (ft.ValueKind != JsonValueKind.Array) throw Bad($"{at}.fact_topologies is not an array");
                    foreach (JsonElement x in ft.EnumerateArray()) topologies.Add(Topology(x, at + ".fact_topologies"));
                    list.Add(new CompositePackedOutput(outputs, subtasks, topologies));
                    break;
                default:
                    throw Bad($"{at}: unknown packed output type {type.GetRawText()} (expected \"Plain\" or \"Composite\")");
            }
        }
        return list;
    }

    private static FactTopology Topology(JsonElement e, string where)
    {
        RequireObject(e, where);
        List<long> Longs(string name)
        {
            JsonElement a = Member(e, name, where);
            if (a.ValueKind != JsonValueKind.Array) throw Bad($"{where}.{name} is not an array");
            var l = new List<long>();
            foreach (JsonElement x in a.EnumerateArray())
                l.Add(x.TryGetInt64(out long v) && v >= 0 ? v : throw Bad($"{where}.{name} holds {x.GetRawText()}, not a size"));
            return l;
        }
        return new FactTopology(Longs("tree_structure"), Longs("page_sizes"));
    }

    private static string? FactTopologiesPath(JsonElement root, string baseDirectory)
    {
        if (!root.TryGetProperty("fact_topologies_path", out JsonElement p) || p.ValueKind == JsonValueKind.Null) return null;
        if (p.ValueKind != JsonValueKind.String) throw Bad("fact_topologies_path is not a string");
        return Path.GetFullPath(p.GetString()!, baseDirectory);
    }

    private static JsonElement Member(JsonElement obj, string name, string where) =>
        obj.TryGetProperty(name, out JsonElement v) ? v : throw Bad($"{where} has no '{name}'");

    private static bool Bool(JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out JsonElement v) || v.ValueKind == JsonValueKind.Null) return false;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Bad($"{where}.{name} is not true or false"),
        };
    }

    private static BigInteger Int(JsonElement e, string what)
    {
        try
        {
            return ProgramLoader.ParseBig(e, what);
        }
        catch (CairoException)
        {
            throw Bad($"{what} is not an integer ({e.GetRawText()})");
        }
    }

    private static void RequireObject(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object) throw Bad($"{where} is not a JSON object");
    }

    private static CairoException Bad(string message) => new(CairoErrorKind.BadBootloaderInput, "bootloader input: " + message);
}
