using System.Text.Json;
using Zetina.Cairo.Errors;
using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// The <c>add_mod</c> / <c>mul_mod</c> builtins (96-bit words, batch size 1, 7 cells per instance: p0..p3,
/// values_ptr, offsets_ptr, n). This runner sizes the segments and the shared zero segment as the layouts
/// require; filling the circuit outputs (<c>run_mod_p_circuit</c>) is not implemented, and a program that uses
/// these builtins stops with a clear <see cref="CairoErrorKind.BuiltinError"/> at the end of the run.
/// </summary>
public sealed class ModBuiltinRunner(string name, bool included, int? ratio) : BuiltinRunner(name, included, ratio, 7, 7)
{
    /// <summary>Words per value (4 × 96 bits).</summary>
    public const int NWords = 4;

    /// <summary>Base of the zero segment shared by the mod builtins (filled with NWords zeros).</summary>
    public Relocatable? ZeroSegment { get; internal set; }

    public override Relocatable FinalStack(Memory memory, Relocatable pointer)
    {
        if (Included && UsedCells(memory) > 0)
            throw new CairoException(CairoErrorKind.BuiltinError, $"{Name}: programs that use the {Name} builtin are not supported yet");
        return base.FinalStack(memory, pointer);
    }

    public override void WritePrivateInput(Utf8JsonWriter writer, Memory memory)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("instances");
        writer.WriteEndArray();
        writer.WriteNumber("zero_value_address", ZeroValueAddress);
        writer.WriteEndObject();
    }

    /// <summary>The relocated address of the zero segment, set by the runner after relocation.</summary>
    internal long ZeroValueAddress { get; set; }
}
