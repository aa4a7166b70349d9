using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// The <c>add_mod</c> / <c>mul_mod</c> builtins (96-bit words, batch size 1). An instance is 7 cells
/// <c>p0..p3, values_ptr, offsets_ptr, n</c>: the operation <c>values[a] op values[b] = values[c] (mod p)</c>
/// with a, b, c read at offsets_ptr. This runner sizes the segments and the shared zero segment as the layouts
/// require and writes the private input. Unknown operands and the instances after the first are filled by
/// <c>run_mod_p_circuit</c>'s hint (cairo-lang's <c>ModBuiltinRunner.fill_memory</c>, see
/// <see cref="Hints.ModuloHints"/>).
/// </summary>
public sealed class ModBuiltinRunner(string name, bool included, int? ratio) : BuiltinRunner(name, included, ratio, 7, 7)
{
    /// <summary>Words per value (4 × 96 bits).</summary>
    public const int NWords = 4;

    /// <summary>Base of the zero segment shared by the mod builtins (filled with NWords zeros).</summary>
    public Relocatable? ZeroSegment { get; internal set; }

    /// <summary>The relocated address of the zero segment, set by the runner after relocation.</summary>
    internal long ZeroValueAddress { get; set; }

    /// <summary>Relocates addresses for the private input (set by the runner after relocation).</summary>
    internal Func<Relocatable, long>? Relocate { get; set; }

    public override void WritePrivateInput(Utf8JsonWriter writer, Memory memory)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("instances");
        MemorySegment seg = memory.Segment(Base);
        long n = seg.UsedSize / CellsPerInstance;
        for (long i = 0; i < n; i++)
        {
            long at = i * CellsPerInstance;
            MaybeRelocatable values = seg.Get(at + 4), offsets = seg.Get(at + 5), count = seg.Get(at + 6);
            writer.WriteStartObject();
            writer.WriteNumber("index", i);
            for (int k = 0; k < NWords; k++) writer.WriteString("p" + k, FeltOrZero(seg.Get(at + k)));
            writer.WriteNumber("values_ptr", values.IsRelocatable && Relocate is not null ? Relocate(values.Relocatable) : 0);
            writer.WriteNumber("offsets_ptr", offsets.IsRelocatable && Relocate is not null ? Relocate(offsets.Relocatable) : 0);
            writer.WriteNumber("n", count.IsFelt && FeltMath.TryToUInt64(count.Felt, out ulong c) ? (long)c : 0);
            writer.WriteStartArray("batch");
            writer.WriteStartObject();
            foreach (char v in "abc")
            {
                long off = 0;
                if (offsets.IsRelocatable)
                {
                    MaybeRelocatable o = memory.Get(offsets.Relocatable.Add(v - 'a'));
                    if (o.IsFelt && FeltMath.TryToUInt64(o.Felt, out ulong ou)) off = (long)ou;
                }
                writer.WriteNumber(v + "_offset", off);
                for (int k = 0; k < NWords; k++)
                    writer.WriteString(v + k.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        values.IsRelocatable ? FeltOrZero(memory.Get(values.Relocatable.Add(off + k))) : "0x0");
            }
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteNumber("zero_value_address", ZeroValueAddress);
        writer.WriteEndObject();
    }

    private static string FeltOrZero(MaybeRelocatable v) => v.IsFelt ? v.Felt.ToHexString() : Felt.Zero.ToHexString();
}
