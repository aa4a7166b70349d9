using System.Text.Json;
using Zetina.Cairo.Builtins;

namespace Zetina.Cairo.Runner;

/// <summary>
/// Writes air_public_input.json and air_private_input.json in cairo-run's shape (Utf8JsonWriter, no
/// reflection). Values are 0x-prefixed lowercase hex.
/// </summary>
public static class AirInputJsonWriter
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, IndentSize = 4 };

    /// <summary>The public input: layout, rc_min, rc_max, n_steps, memory_segments, public_memory, dynamic_params.</summary>
    public static byte[] PublicInput(PublicInput input)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Indented))
        {
            w.WriteStartObject();
            w.WriteString("layout", input.Layout);
            w.WriteNumber("rc_min", input.RcMin);
            w.WriteNumber("rc_max", input.RcMax);
            w.WriteNumber("n_steps", input.NSteps);
            w.WriteStartObject("memory_segments");
            foreach (var kv in input.MemorySegments)
            {
                w.WriteStartObject(kv.Key);
                w.WriteNumber("begin_addr", kv.Value.BeginAddr);
                w.WriteNumber("stop_ptr", kv.Value.StopPtr);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartArray("public_memory");
            foreach (PublicMemoryEntry e in input.PublicMemory)
            {
                w.WriteStartObject();
                w.WriteNumber("address", e.Address);
                w.WriteString("value", e.Value.ToHexString());
                w.WriteNumber("page", e.Page);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNull("dynamic_params");
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    /// <summary>
    /// The private input: trace_path, memory_path, then one entry per builtin with inputs (all layout builtins but
    /// output), in the order cairo-vm writes them.
    /// </summary>
    public static byte[] PrivateInput(CairoRunner runner, string tracePath, string memoryPath)
    {
        string[] order = ["pedersen", "range_check", "range_check96", "ecdsa", "bitwise", "ec_op", "keccak", "poseidon", "add_mod", "mul_mod"];
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, Indented))
        {
            w.WriteStartObject();
            w.WriteString("trace_path", tracePath);
            w.WriteString("memory_path", memoryPath);
            foreach (string name in order)
            {
                BuiltinRunner? b = runner.Find(name);
                if (b is null || !b.HasPrivateInput) continue;
                w.WritePropertyName(name);
                b.WritePrivateInput(w, runner.Vm.Memory);
            }
            w.WriteEndObject();
        }
        return ms.ToArray();
    }
}
