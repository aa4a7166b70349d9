using Zetina.Cairo.Air;
using Zetina.Cairo.Vm;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Bootloader;

/// <summary>
/// The program hash the bootloader writes for a task (cairo-lang <c>hash_program.compute_program_hash_chain</c>,
/// bootloader version 0). With the header h = [0, main, len(builtins), builtin names as short strings…] and the
/// bytecode d, the chain c = h ‖ d is hashed either as Pedersen's hash chain over [len(c)] ‖ c (what
/// <see cref="ProgramHash.Compute"/> computes) or, with <c>use_poseidon</c>, as poseidon_hash_many(c).
/// </summary>
public static class TaskProgramHash
{
    /// <summary>The program hash of <paramref name="task"/>, Pedersen or Poseidon as <paramref name="usePoseidon"/> says.</summary>
    public static Felt Of(BootloaderTask task, bool usePoseidon)
    {
        Felt[] bytecode = Bytecode(task.Data);
        return usePoseidon
            ? ProgramHash.ComputePoseidon((ulong)task.Main, task.Builtins, bytecode)
            : ProgramHash.Compute((ulong)task.Main, task.Builtins, bytecode);
    }

    private static Felt[] Bytecode(MaybeRelocatable[] data)
    {
        var words = new Felt[data.Length];
        for (int i = 0; i < data.Length; i++)
            words[i] = data[i].IsFelt ? data[i].Felt : throw new Errors.CairoException(Errors.CairoErrorKind.BadBootloaderInput, $"task bytecode word {i} is not a felt");
        return words;
    }
}
