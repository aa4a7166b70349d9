using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Builtins;

/// <summary>The poseidon builtin: instances of 3 input and 3 output cells, the outputs the Hades permutation of the inputs.</summary>
public sealed class PoseidonBuiltinRunner(bool included, int? ratio) : BuiltinRunner("poseidon", included, ratio, 6, 3)
{
    internal override bool TryDeduce(Memory memory, MemorySegment segment, long offset, out MaybeRelocatable value)
    {
        value = default;
        long index = offset % 6;
        if (index < 3) return false;
        Span<Felt> state = stackalloc Felt[3];
        if (!PrivateInputWriter.TryInputs(segment, offset - index, state)) return false;
        CryptoPrimitives.PoseidonPermute(state);
        value = MaybeRelocatable.FromFelt(state[(int)index - 3]);
        return true;
    }

    public override void WritePrivateInput(Utf8JsonWriter writer, Memory memory) =>
        PrivateInputWriter.WriteInstances(writer, memory, this, ["input_s0", "input_s1", "input_s2"]);
}
