using System.Text.Json;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Builtins;

/// <summary>
/// The keccak builtin: instances of 16 cells, 8 inputs of 200 bits each (the 1600-bit state) and 8 outputs, the
/// Keccak-f[1600] permutation of the state. 16 instances per AIR component.
/// </summary>
public sealed class KeccakBuiltinRunner(bool included, int? ratio) : BuiltinRunner("keccak", included, ratio, 16, 8)
{
    public override int InstancesPerComponent => 16;

    internal override bool TryDeduce(Memory memory, MemorySegment segment, long offset, out MaybeRelocatable value)
    {
        value = default;
        long index = offset % 16;
        if (index < 8) return false;
        Span<Felt> inputs = stackalloc Felt[8];
        if (!PrivateInputWriter.TryInputs(segment, offset - index, inputs)) return false;
        Span<byte> state = stackalloc byte[200];
        Span<byte> word = stackalloc byte[32];
        for (int k = 0; k < 8; k++)
        {
            inputs[k].WriteBytesLittleEndian(word);
            for (int j = 25; j < 32; j++)
                if (word[j] != 0) throw Error(new Relocatable(segment.Index, offset - index + k), $"input {inputs[k]} exceeds 200 bits");
            word[..25].CopyTo(state.Slice(25 * k, 25));
        }
        CryptoPrimitives.KeccakF1600(state);
        word.Clear();
        state.Slice(25 * (int)(index - 8), 25).CopyTo(word);
        value = MaybeRelocatable.FromFelt(Felt.TryFromBytesLittleEndian(word, out Felt f) ? f : throw new InvalidOperationException("keccak output above p"));
        return true;
    }

    /// <summary>262144 diluted cells per component of 16 instances over 16-bit units (cairo-lang KeccakBuiltinRunner).</summary>
    public override long UsedDilutedCheckUnits(int spacing, int nBits) => 262144 / nBits;

    public override void WritePrivateInput(Utf8JsonWriter writer, Memory memory) =>
        PrivateInputWriter.WriteInstances(writer, memory, this, ["input_s0", "input_s1", "input_s2", "input_s3", "input_s4", "input_s5", "input_s6", "input_s7"]);
}
