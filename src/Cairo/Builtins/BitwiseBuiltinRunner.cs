using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// The bitwise builtin: instances of 5 cells <c>x, y, x&amp;y, x^y, x|y</c>; x and y must be felts below 2^251
/// (<c>total_n_bits</c> = 251), the last three are deduced.
/// </summary>
public sealed class BitwiseBuiltinRunner(bool included, int? ratio) : BuiltinRunner("bitwise", included, ratio, 5, 2)
{
    private const int TotalNBits = 251;

    internal override bool TryDeduce(Memory memory, MemorySegment segment, long offset, out MaybeRelocatable value)
    {
        value = default;
        long index = offset % 5;
        if (index < 2) return false;
        long start = offset - index;
        MaybeRelocatable x = segment.Get(start), y = segment.Get(start + 1);
        if (x.IsEmpty || y.IsEmpty) return false;
        if (!x.IsFelt) throw Error(new Relocatable(segment.Index, start), $"expected a felt, found {x}");
        if (!y.IsFelt) throw Error(new Relocatable(segment.Index, start + 1), $"expected a felt, found {y}");
        x.Felt.ToCanonical(out ulong a0, out ulong a1, out ulong a2, out ulong a3);
        y.Felt.ToCanonical(out ulong b0, out ulong b1, out ulong b2, out ulong b3);
        if ((a3 >> (TotalNBits - 192)) != 0) throw Error(new Relocatable(segment.Index, start), $"input {x} exceeds {TotalNBits} bits");
        if ((b3 >> (TotalNBits - 192)) != 0) throw Error(new Relocatable(segment.Index, start + 1), $"input {y} exceeds {TotalNBits} bits");
        Felt r = index switch
        {
            2 => Make(a0 & b0, a1 & b1, a2 & b2, a3 & b3),
            3 => Make(a0 ^ b0, a1 ^ b1, a2 ^ b2, a3 ^ b3),
            _ => Make(a0 | b0, a1 | b1, a2 | b2, a3 | b3),
        };
        value = MaybeRelocatable.FromFelt(r);
        return true;
    }

    private static Felt Make(ulong x0, ulong x1, ulong x2, ulong x3) =>
        Felt.TryFromCanonical(x0, x1, x2, x3, out Felt f) ? f : throw new InvalidOperationException("bitwise result out of field");

    /// <summary>
    /// Diluted units per instance: the 251-bit inputs are split into chunks of spacing·n_bits bits, each chunk
    /// into <paramref name="spacing"/> interleaved parts; four diluted values per part plus one for each part whose
    /// top would pass bit 251 (cairo-lang <c>BitwiseBuiltinRunner.get_used_diluted_check_units</c>).
    /// </summary>
    public override long UsedDilutedCheckUnits(int spacing, int nBits)
    {
        long partitions = 0, trimmed = 0;
        for (int i = 0; i < TotalNBits; i += spacing * nBits)
        {
            for (int j = 0; j < spacing; j++)
            {
                partitions++;
                if (i + j + spacing * (nBits - 1) + 1 > TotalNBits) trimmed++;
            }
        }
        return 4 * partitions + trimmed;
    }

    public override void WritePrivateInput(Utf8JsonWriter writer, Memory memory)
    {
        writer.WriteStartArray();
        MemorySegment seg = memory.Segment(Base);
        long n = UsedInstances(memory);
        for (long i = 0; i < n; i++)
        {
            MaybeRelocatable x = seg.Get(5 * i), y = seg.Get(5 * i + 1);
            if (!x.IsFelt || !y.IsFelt) continue;
            writer.WriteStartObject();
            writer.WriteNumber("index", i);
            writer.WriteString("x", x.Felt.ToHexString());
            writer.WriteString("y", y.Felt.ToHexString());
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
