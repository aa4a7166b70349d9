using Zetina.Stark.Field;
using Zetina.Stark.Hashing;

namespace Zetina.Cairo.Vm;

/// <summary>
/// The Blake2s opcode extension: one BLAKE2s compression (RFC 7693 §3.2) computed by the instruction itself.
/// op0 points to the 8-word chaining state, op1 to the 16-word message block, dst holds the byte counter t (the
/// message bytes hashed so far, this block included), and [ap] points to where the 8 new state words are written.
/// The finalize form sets the last-block flag f0 = 2^32 − 1. Words are felts below 2^32 (cairo-vm 2.x
/// <c>handle_blake2s_instruction</c>).
/// </summary>
internal static class Blake2sStep
{
    public static void Execute(VirtualMachine vm, Relocatable pc, in MaybeRelocatable dst, in MaybeRelocatable op0, in MaybeRelocatable op1, bool last)
    {
        uint counter = Word(dst, pc, "the counter (dst)");
        Span<uint> state = stackalloc uint[8];
        Span<uint> message = stackalloc uint[16];
        ReadWords(vm, Pointer(op0, pc, "the state pointer (op0)"), state, pc, "state");
        ReadWords(vm, Pointer(op1, pc, "the message pointer (op1)"), message, pc, "message");
        Relocatable output = Pointer(vm.Memory.Get(new Relocatable(RunContext.ExecutionSegment, vm.Context.Ap)), pc, "the output pointer [ap]");

        Blake2s256.Compress(state, message, counter, 0, last ? uint.MaxValue : 0u, 0);

        for (int i = 0; i < 8; i++)
        {
            Relocatable cell = output.Add(i);
            vm.Memory.Insert(cell, MaybeRelocatable.FromFelt(Felt.FromUInt64(state[i])));
            vm.Memory.MarkAccessed(cell);
        }
    }

    private static void ReadWords(VirtualMachine vm, Relocatable start, Span<uint> words, Relocatable pc, string what)
    {
        for (int i = 0; i < words.Length; i++)
            words[i] = Word(vm.Memory.Get(start.Add(i)), pc, $"{what} word {i} at {start.Add(i)}");
    }

    private static uint Word(in MaybeRelocatable value, Relocatable pc, string what)
    {
        if (value.IsFelt && FeltMath.TryToSmallSigned(value.Felt, out long x) && x is >= 0 and <= uint.MaxValue) return (uint)x;
        throw VirtualMachine.Operands(pc, $"Blake2s instruction: {what} is {(value.IsEmpty ? "unset" : value.ToString())}, not a 32-bit word");
    }

    private static Relocatable Pointer(in MaybeRelocatable value, Relocatable pc, string what)
    {
        if (value.IsRelocatable) return value.Relocatable;
        throw VirtualMachine.Operands(pc, $"Blake2s instruction: {what} is {(value.IsEmpty ? "unset" : value.ToString())}, not an address");
    }
}
