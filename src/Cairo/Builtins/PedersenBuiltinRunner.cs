using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Builtins;

/// <summary>The pedersen builtin: instances <c>x, y, H(x, y)</c> with StarkNet's Pedersen hash; the hash is deduced.</summary>
public sealed class PedersenBuiltinRunner(bool included, int? ratio) : BuiltinRunner("pedersen", included, ratio, 3, 2)
{
    internal override bool TryDeduce(Memory memory, MemorySegment segment, long offset, out MaybeRelocatable value)
    {
        value = default;
        if (offset % 3 != 2) return false;
        Span<Felt> xy = stackalloc Felt[2];
        if (!PrivateInputWriter.TryInputs(segment, offset - 2, xy)) return false;
        value = MaybeRelocatable.FromFelt(CryptoPrimitives.Pedersen(xy[0], xy[1]));
        return true;
    }

    public override void WritePrivateInput(Utf8JsonWriter writer, Memory memory) =>
        PrivateInputWriter.WriteInstances(writer, memory, this, ["x", "y"]);
}
