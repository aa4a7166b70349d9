using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// The ec_op builtin: instances <c>p_x, p_y, q_x, q_y, m, r_x, r_y</c> with R = P + m·Q on the STARK curve; P and Q
/// must be on the curve, R is deduced.
/// </summary>
public sealed class EcOpBuiltinRunner(bool included, int? ratio) : BuiltinRunner("ec_op", included, ratio, 7, 5)
{
    internal override bool TryDeduce(Memory memory, MemorySegment segment, long offset, out MaybeRelocatable value)
    {
        value = default;
        long index = offset % 7;
        if (index < 5) return false;
        Span<Felt> inputs = stackalloc Felt[5];
        if (!PrivateInputWriter.TryInputs(segment, offset - index, inputs)) return false;
        (Felt rx, Felt ry) = CryptoPrimitives.EcOp(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], new Relocatable(segment.Index, offset - index));
        value = MaybeRelocatable.FromFelt(index == 5 ? rx : ry);
        return true;
    }

    public override void WritePrivateInput(Utf8JsonWriter writer, Memory memory)
    {
        // Field order of cairo-vm's PrivateInputEcOp: p_x, p_y, m, q_x, q_y (memory order is p, q, m).
        writer.WriteStartArray();
        MemorySegment seg = memory.Segment(Base);
        long n = UsedInstances(memory);
        Span<Felt> inputs = stackalloc Felt[5];
        for (long i = 0; i < n; i++)
        {
            if (!PrivateInputWriter.TryInputs(seg, 7 * i, inputs)) continue;
            writer.WriteStartObject();
            writer.WriteNumber("index", i);
            writer.WriteString("p_x", inputs[0].ToHexString());
            writer.WriteString("p_y", inputs[1].ToHexString());
            writer.WriteString("m", inputs[4].ToHexString());
            writer.WriteString("q_x", inputs[2].ToHexString());
            writer.WriteString("q_y", inputs[3].ToHexString());
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
