using System.Text.Json;
using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Builtins;

/// <summary>Writes the common air_private_input.json shape: one object per instance whose inputs are all felts.</summary>
internal static class PrivateInputWriter
{
    /// <summary>Writes <c>[{"index": i, names[0]: hex, ...}, ...]</c> reading input k of instance i at cellsPerInstance·i + k.</summary>
    public static void WriteInstances(Utf8JsonWriter writer, Memory memory, BuiltinRunner b, ReadOnlySpan<string> names)
    {
        writer.WriteStartArray();
        MemorySegment seg = memory.Segment(b.Base);
        long n = b.UsedInstances(memory);
        for (long i = 0; i < n; i++)
        {
            bool all = true;
            for (int k = 0; k < names.Length; k++) if (!seg.Get(b.CellsPerInstance * i + k).IsFelt) { all = false; break; }
            if (!all) continue;
            writer.WriteStartObject();
            writer.WriteNumber("index", i);
            for (int k = 0; k < names.Length; k++) writer.WriteString(names[k], seg.Get(b.CellsPerInstance * i + k).Felt.ToHexString());
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>The instance's inputs when all are felts.</summary>
    public static bool TryInputs(MemorySegment seg, long start, Span<Stark.Field.Felt> inputs)
    {
        for (int k = 0; k < inputs.Length; k++)
        {
            MaybeRelocatable v = seg.Get(start + k);
            if (!v.IsFelt) return false;
            inputs[k] = v.Felt;
        }
        return true;
    }
}
